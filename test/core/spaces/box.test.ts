import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/core/spaces/box.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

describe('Box', () => {
  it('samples inside bounded, half-bounded and unbounded dims', () => {
    const s = new Box([0, -1, 5, -Infinity, -Infinity], [1, -1, Infinity, 2, Infinity]);
    const rng = new Rng(11);
    let sumNormal = 0;
    for (let i = 0; i < 400; i++) {
      const x = s.sample(rng);
      expect(x).toBeInstanceOf(Float32Array);
      expect(s.contains(x)).toBe(true);
      expect(x[1]).toBe(-1); // degenerate dim
      expect(x[2]).toBeGreaterThanOrEqual(5);
      expect(x[3]).toBeLessThanOrEqual(2);
      sumNormal += x[4] as number;
    }
    expect(Math.abs(sumNormal / 400)).toBeLessThan(0.3);
  });

  it('is deterministic under a seed', () => {
    const s = new Box(-2, 3, [4, 2]);
    expect(s.sample(new Rng(5))).toEqual(s.sample(new Rng(5)));
    expect(s.size).toBe(8);
    expect(s.shape).toEqual([4, 2]);
  });

  it('rejects a mask', () => {
    expect(() => new Box(0, 1, [2]).sample(new Rng(0), new Uint8Array(2))).toThrow(SpaceError);
  });

  it('contains and explains', () => {
    const s = new Box(0, 1, [6]);
    expect(s.contains(new Float32Array(6))).toBe(true);
    expect(s.explain(new Float64Array(6))).toBe('expected Float32Array of length 6, got Float64Array(6)');
    expect(s.explain(new Float32Array(5))).toBe('expected Float32Array of length 6, got Float32Array(5)');
    expect(s.explain([0, 0, 0, 0, 0, 0])).toBe('expected Float32Array of length 6, got array(6)');
    expect(s.explain(Float32Array.of(0, 0, 0, 1.5, 0, 0))).toBe('expected values in [0, 1], got 1.5 at index 3');
    expect(s.explain(Float32Array.of(0, NaN, 0, 0, 0, 0))).toBe('expected values in [0, 1], got NaN at index 1');
    expect(new Box(0.1, 0.2, [1]).explain(Float32Array.of(0.3))).toBe('expected values in [0.1, 0.2], got 0.3 at index 0');
    expect(new Box(-Infinity, Infinity, [1]).contains(Float32Array.of(Infinity))).toBe(true);
  });

  it('validates its arguments and prints', () => {
    expect(() => new Box(0, 1)).toThrow(/expected a shape/);
    expect(() => new Box(1, 0, [2])).toThrow(/low ≤ high/);
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow(/high of length 2/);
    expect(() => new Box(NaN, 1, [1])).toThrow(/NaN/);
    expect(String(new Box(0, 1, [6]))).toBe('Box(0, 1, [6], float32)');
    expect(String(new Box([0, -1], 1))).toBe('Box([0, -1], 1, [2], float32)');
    expect(new Box(0, 1, [2]).isBounded()).toBe(true);
    expect(new Box(0, Infinity, [2]).isBounded()).toBe(false);
  });
});
