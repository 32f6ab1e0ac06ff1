import { describe, expect, it } from 'vitest';
import { Discrete } from '../../../src/core/spaces/discrete.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

describe('Discrete', () => {
  it('samples integers inside the space, covering all of it', () => {
    const s = new Discrete(5, 2);
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const x = s.sample(rng);
      expect(s.contains(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('is deterministic under a seed', () => {
    const s = new Discrete(100);
    const a = Array.from(
      { length: 20 },
      (
        (r) => () =>
          s.sample(r)
      )(new Rng(7)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (r) => () =>
          s.sample(r)
      )(new Rng(7)),
    );
    expect(a).toEqual(b);
  });

  it('respects a mask', () => {
    const s = new Discrete(6);
    const mask = Uint8Array.of(0, 1, 0, 0, 1, 0);
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(s.sample(rng, mask));
    expect([...seen].sort()).toEqual([1, 4]);
    expect(new Discrete(3, 10).sample(rng, Uint8Array.of(0, 0, 1))).toBe(12);
  });

  it('rejects bad masks', () => {
    const s = new Discrete(4);
    const rng = new Rng(0);
    expect(() => s.sample(rng, new Uint8Array(4))).toThrow(SpaceError);
    expect(() => s.sample(rng, new Uint8Array(4))).toThrow(/at least one valid action/);
    expect(() => s.sample(rng, new Uint8Array(3).fill(1))).toThrow(/expected Uint8Array of length 4, got Uint8Array\(3\)/);
    expect(() => s.sample(rng, Uint8Array.of(1, 2, 1, 1))).toThrow(/expected 0 or 1 at index 1, got 2/);
  });

  it('contains and explains', () => {
    const s = new Discrete(12);
    expect(s.contains(0)).toBe(true);
    expect(s.contains(11)).toBe(true);
    for (const bad of [12, -1, 1.5, '3', NaN, null, undefined, [1]]) expect(s.contains(bad)).toBe(false);
    expect(s.explain(3)).toBeUndefined();
    expect(s.explain(14)).toBe('expected an integer in [0, 12), got 14');
    expect(s.explain('3')).toBe('expected an integer in [0, 12), got "3"');
    expect(s.explain(1.5)).toBe('expected an integer in [0, 12), got 1.5');
    expect(new Discrete(3, 1).explain(0)).toBe('expected an integer in [1, 4), got 0');
  });

  it('validates its arguments and prints', () => {
    expect(() => new Discrete(0)).toThrow(SpaceError);
    expect(() => new Discrete(2.5)).toThrow(/positive integer, got 2.5/);
    expect(String(new Discrete(12))).toBe('Discrete(12)');
    expect(String(new Discrete(3, -1))).toBe('Discrete(3, start=-1)');
    expect(new Discrete(3).shape).toEqual([]);
  });
});
