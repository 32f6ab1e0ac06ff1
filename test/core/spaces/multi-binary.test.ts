import { describe, expect, it } from 'vitest';
import { MultiBinary } from '../../../src/core/spaces/multi-binary.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

describe('MultiBinary', () => {
  it('samples Uint8Arrays of 0/1, deterministically', () => {
    const s = new MultiBinary(8);
    const r1 = new Rng(2);
    const r2 = new Rng(2);
    let ones = 0;
    for (let i = 0; i < 100; i++) {
      const x = s.sample(r1);
      expect(s.contains(x)).toBe(true);
      expect(x).toEqual(s.sample(r2));
      ones += x.reduce((a, b) => a + b, 0);
    }
    expect(ones).toBeGreaterThan(300);
    expect(ones).toBeLessThan(500);
  });

  it('supports shapes and the 0/1/2 mask', () => {
    const s = new MultiBinary([2, 3]);
    expect(s.n).toBe(6);
    expect(s.shape).toEqual([2, 3]);
    const rng = new Rng(0);
    const mask = Uint8Array.of(0, 1, 2, 0, 1, 2);
    for (let i = 0; i < 20; i++) {
      const x = s.sample(rng, mask);
      expect([x[0], x[1], x[3], x[4]]).toEqual([0, 1, 0, 1]);
    }
    expect(() => s.sample(rng, Uint8Array.of(0, 1, 3, 0, 0, 0))).toThrow(/expected 0, 1 or 2 at index 2, got 3/);
    expect(() => s.sample(rng, new Uint8Array(5))).toThrow(SpaceError);
  });

  it('contains and explains', () => {
    const s = new MultiBinary(3);
    expect(s.explain(Uint8Array.of(1, 0, 1))).toBeUndefined();
    expect(s.explain(Uint8Array.of(1, 2, 1))).toBe('expected 0 or 1 at index 1, got 2');
    expect(s.explain(new Float32Array(3))).toBe('expected Uint8Array of length 3, got Float32Array(3)');
    expect(String(s)).toBe('MultiBinary(3)');
    expect(() => new MultiBinary(0)).toThrow(SpaceError);
  });
});
