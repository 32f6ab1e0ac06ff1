import { describe, expect, it } from 'vitest';
import { MultiDiscrete } from '../../../src/core/spaces/multi-discrete.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

describe('MultiDiscrete', () => {
  it('samples Int32Arrays inside the space, deterministically', () => {
    const s = new MultiDiscrete([2, 3, 5], [0, 10, -2]);
    const r1 = new Rng(4);
    const r2 = new Rng(4);
    for (let i = 0; i < 100; i++) {
      const x = s.sample(r1);
      expect(x).toBeInstanceOf(Int32Array);
      expect(s.contains(x)).toBe(true);
      expect(x).toEqual(s.sample(r2));
    }
    expect(s.shape).toEqual([3]);
  });

  it('respects a concatenated mask', () => {
    const s = new MultiDiscrete([2, 3]);
    const mask = Uint8Array.of(0, 1, 1, 0, 0);
    const rng = new Rng(0);
    for (let i = 0; i < 50; i++) expect(Array.from(s.sample(rng, mask))).toEqual([1, 0]);
    expect(() => s.sample(rng, Uint8Array.of(1, 1, 0, 0, 0))).toThrow(/at least one valid value for entry 1/);
    expect(() => s.sample(rng, new Uint8Array(4))).toThrow(SpaceError);
  });

  it('contains and explains', () => {
    const s = new MultiDiscrete([2, 3]);
    expect(s.contains(Int32Array.of(1, 2))).toBe(true);
    expect(s.contains([1, 2])).toBe(false);
    expect(s.explain([1, 2])).toBe('expected Int32Array of length 2, got array(2)');
    expect(s.explain(Int32Array.of(1, 3))).toBe('expected an integer in [0, 3) at index 1, got 3');
    expect(String(s)).toBe('MultiDiscrete([2, 3])');
  });

  it('validates its arguments', () => {
    expect(() => new MultiDiscrete([])).toThrow(SpaceError);
    expect(() => new MultiDiscrete([2, 0])).toThrow(/nvec\[1\]/);
    expect(() => new MultiDiscrete([2, 2], [0])).toThrow(/start of length 2/);
  });
});
