import { describe, expect, it } from 'vitest';
import { RolloutBuffer, minibatchIndices, normalizeInPlace } from '../../src/rl/rollout-buffer.js';
import { Rng } from '../../src/util/rng.js';

describe('minibatchIndices', () => {
  it('partitions the indices into near-equal chunks', () => {
    const idx = Int32Array.from({ length: 10 }, (_, i) => i * 3);
    const chunks = minibatchIndices(idx, 3, new Rng(1));
    expect(chunks.map((c) => c.length).sort()).toEqual([3, 3, 4]);
    const all = chunks.flatMap((c) => Array.from(c)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from(idx));
  });

  it('is deterministic for a seed and shuffles', () => {
    const idx = Int32Array.from({ length: 32 }, (_, i) => i);
    const a = minibatchIndices(idx, 4, new Rng(5)).map((c) => Array.from(c));
    const b = minibatchIndices(idx, 4, new Rng(5)).map((c) => Array.from(c));
    expect(a).toEqual(b);
    expect(a.flat()).not.toEqual(Array.from(idx));
    expect(Array.from(idx)).toEqual(Array.from({ length: 32 }, (_, i) => i)); // input untouched
  });

  it('drops empty chunks when there are fewer indices than minibatches', () => {
    expect(minibatchIndices(new Int32Array([4, 5]), 8, new Rng(0)).map((c) => c.length)).toEqual([1, 1]);
    expect(() => minibatchIndices(new Int32Array(2), 0, new Rng(0))).toThrow(/numMinibatches/);
  });
});

describe('RolloutBuffer', () => {
  it('lays rows out [T × B] and gathers copies', () => {
    const buf = new RolloutBuffer({ numSteps: 2, numEnvs: 3, featureSize: 2, numActions: 3 });
    expect(buf.size).toBe(6);
    const i = buf.index(1, 2);
    expect(i).toBe(5);
    buf.features.set([7, 8], i * 2);
    buf.masks.set([0, 1, 1], i * 3);
    buf.actions[i] = 2;
    buf.advantages[i] = 0.5;
    buf.returns[i] = 1.5;
    buf.valid.set([1, 0, 1, 1, 1, 1]);
    expect(Array.from(buf.validIndices())).toEqual([0, 2, 3, 4, 5]);
    const mb = buf.gather(new Int32Array([5, 0]));
    expect(Array.from(mb.features)).toEqual([7, 8, 0, 0]);
    expect(Array.from(mb.masks)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(Array.from(mb.actions)).toEqual([2, 0]);
    expect(mb.advantages[0]).toBe(0.5);
    expect(mb.returns[0]).toBe(1.5);
    mb.features[0] = 99;
    expect(buf.features[10]).toBe(7);
  });

  it('rejects bad sizes', () => {
    expect(() => new RolloutBuffer({ numSteps: 0, numEnvs: 1, featureSize: 1, numActions: 1 })).toThrow(
      /expected numSteps to be a positive integer, got 0/,
    );
  });
});

describe('normalizeInPlace', () => {
  it('gives mean 0 and std 1', () => {
    const x = new Float32Array([1, 2, 3, 4, 10]);
    normalizeInPlace(x);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(mean).toBeCloseTo(0, 6);
    expect(std).toBeCloseTo(1, 5);
  });
});
