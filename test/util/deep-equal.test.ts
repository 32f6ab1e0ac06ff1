import { describe, expect, it } from 'vitest';
import { deepEqual, findDifference } from '../../src/util/deep-equal.js';

describe('deepEqual', () => {
  it('compares primitives, with NaN equal to NaN', () => {
    expect(deepEqual(1, 1)).toBe(true);
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual(0, -0)).toBe(true);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
  });

  it('compares typed arrays by type, length and content', () => {
    expect(deepEqual(Float32Array.of(1, NaN), Float32Array.of(1, NaN))).toBe(true);
    expect(deepEqual(Float32Array.of(1, 2), Float64Array.of(1, 2))).toBe(false);
    expect(deepEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
    expect(findDifference(Float32Array.of(1, 2, 3), Float32Array.of(1, 2, 4))).toBe('[2]: 3 vs 4');
  });

  it('compares nested objects and arrays, ignoring key order', () => {
    const a = { x: [1, { y: Int32Array.of(3) }], z: 'a' };
    const b = { z: 'a', x: [1, { y: Int32Array.of(3) }] };
    expect(deepEqual(a, b)).toBe(true);
    expect(findDifference(a, { ...b, x: [1, { y: Int32Array.of(4) }] })).toBe('.x[1].y[0]: 3 vs 4');
    expect(findDifference({ a: 1 }, { a: 1, b: 2 })).toBe('.b: missing vs present');
    expect(findDifference([1, 2], [1])).toBe('array(2) vs array(1)');
    expect(findDifference({ obs: [1] }, { obs: 'x' }, 'step 3')).toBe('step 3.obs: array(1) vs "x"');
  });

  it('compares class instances, Maps, Sets and Dates', () => {
    class P {
      constructor(readonly v: number) {}
    }
    class Q {
      constructor(readonly v: number) {}
    }
    expect(deepEqual(new P(1), new P(1))).toBe(true);
    expect(deepEqual(new P(1), new Q(1))).toBe(false);
    expect(deepEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]]))).toBe(true);
    expect(deepEqual(new Map([[1, 1]]), new Map([[2, 1]]))).toBe(false);
    expect(deepEqual(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(deepEqual(new Date(5), new Date(5))).toBe(true);
    expect(deepEqual(new Date(5), new Date(6))).toBe(false);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { v: 1 };
    a.self = a;
    const b: Record<string, unknown> = { v: 1 };
    b.self = b;
    expect(deepEqual(a, b)).toBe(true);
  });
});
