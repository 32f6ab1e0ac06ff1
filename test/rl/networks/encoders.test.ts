import { describe, expect, it } from 'vitest';
import { FlatObservationEncoder, MemoryObservationEncoder, createEncoder, inferEncoderSpec } from '../../../src/rl/networks/encoders.js';
import { SpaceError } from '../../../src/util/errors.js';
import { SLOT_FEATURE_DIM } from '../../../src/memory/layout.js';

const K = SLOT_FEATURE_DIM;

const memObs = (S: number) => ({
  item: new Float32Array([1, 2]),
  slots: Float32Array.from({ length: S * K }, (_, i) => 10 + i),
  global: new Float32Array([9]),
  actionMask: new Uint8Array(3 + 2 * S + 2).fill(1),
});

describe('encoders', () => {
  it('memory: item ‖ slots ‖ global, mask from the observation', () => {
    const spec = inferEncoderSpec(memObs(2));
    expect(spec).toEqual({ kind: 'memory', itemDim: 2, maxSlots: 2, slotFeatures: K, globalDim: 1 });
    const enc = createEncoder(spec);
    expect(enc.featureSize).toBe(3 + 2 * K);
    const out = enc.encode([memObs(2), memObs(2)]);
    expect(out.length).toBe(2 * (3 + 2 * K));
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 2, 10, 11]);
    expect(out[2 + 2 * K]).toBe(9);
    expect(enc.mask(memObs(2))?.length).toBe(9);
  });

  it('memory: a wrong slot count is a SpaceError', () => {
    const enc = new MemoryObservationEncoder({ itemDim: 2, maxSlots: 3, slotFeatures: K, globalDim: 1 });
    expect(() => enc.encode([memObs(2)])).toThrow(`expected slots of length ${3 * K}, got length ${2 * K}`);
  });

  it('flat: a vector, or a record in fixed key order without actionMask', () => {
    expect(inferEncoderSpec(new Float32Array(3))).toEqual({ kind: 'flat', keys: null, sizes: [3] });
    const rec = { a: new Float32Array([1, 2]), b: 5, actionMask: new Uint8Array([1, 0]) };
    const spec = inferEncoderSpec(rec);
    expect(spec).toEqual({ kind: 'flat', keys: ['a', 'b'], sizes: [2, 1] });
    const enc = new FlatObservationEncoder(spec as { keys: string[]; sizes: number[] });
    expect(Array.from(enc.encode([{ b: 7, a: [3, 4], actionMask: new Uint8Array(2) }]))).toEqual([3, 4, 7]);
    expect(Array.from(enc.mask(rec) ?? [])).toEqual([1, 0]);
    expect(enc.mask(new Float32Array(2))).toBeUndefined();
  });

  it('memory observations encode flat on request', () => {
    expect(inferEncoderSpec(memObs(1), 'flat').kind).toBe('flat');
  });

  it('non-numeric observations are SpaceErrors', () => {
    expect(() => inferEncoderSpec('hello')).toThrow(SpaceError);
    expect(() => inferEncoderSpec({ a: 'x' })).toThrow(/field "a" to be numeric/);
    expect(() => inferEncoderSpec(new Float32Array(2), 'memory')).toThrow(SpaceError);
  });
});
