import { beforeAll, describe, expect, it } from 'vitest';
import { benchModelForward } from '../../src/bench/model.js';
import { answerFlops, DEFAULT_MAT_CONFIG, encodeFlops, Mat } from '../../src/model/index.js';
import { useWasm } from '../helpers/tf.js';

const SMALL = { dModel: 16, nHeads: 2, nLayers: 1, dFF: 32 };

beforeAll(async () => {
  await useWasm();
});

describe('FLOP counts', () => {
  it('scale linearly with the batch and grow with memory', () => {
    const cfg = { ...DEFAULT_MAT_CONFIG };
    expect(encodeFlops(cfg, 10)).toBe(10 * encodeFlops(cfg, 1));
    expect(encodeFlops(cfg, 1)).toBeGreaterThan(0);
    const small = answerFlops(cfg, { batch: 2, contextItems: 4, slots: 0 });
    const big = answerFlops(cfg, { batch: 2, contextItems: 4, slots: 16 });
    expect(big).toBeGreaterThan(small);
    expect(answerFlops(cfg, { batch: 2, contextItems: 4, slots: 16, readKeysGiven: true })).toBe(big - encodeFlops(cfg, 2));
  });
});

describe('benchModelForward', () => {
  it('reports items/s and GFLOP/s for encode and answer on wasm', async () => {
    const r = await benchModelForward({ batch: 4, seconds: 0, minIterations: 1, backend: 'wasm', config: SMALL });
    expect(r.backend).toBe('wasm');
    expect(r.batch).toBe(4);
    expect(r.slots).toBe(DEFAULT_MAT_CONFIG.maxSlots);
    expect(r.contextItems).toBe(DEFAULT_MAT_CONFIG.contextLen);
    for (const f of [r.encode, r.answer]) {
      expect(f.calls).toBeGreaterThanOrEqual(1);
      expect(f.itemsPerSecond).toBeGreaterThan(0);
      expect(f.gflops).toBeGreaterThan(0);
      expect(f.msPerCall).toBeGreaterThan(0);
      expect(f.flopsPerCall).toBeGreaterThan(0);
    }
    expect(r.encode.flopsPerCall).toBe(encodeFlops({ ...DEFAULT_MAT_CONFIG, ...SMALL }, 4));
    expect(Number.isFinite(r.itemsPerSecond) && r.itemsPerSecond > 0).toBe(true);
    expect(Number.isFinite(r.gflops) && r.gflops > 0).toBe(true);
  });

  it('times a given model without disposing it, with no context and no memory', async () => {
    const model = Mat.create({ ...SMALL, contextLen: 0 });
    const r = await benchModelForward({ model, batch: 2, seconds: 0, minIterations: 2, slots: 0 });
    expect(r.contextItems).toBe(0);
    expect(r.slots).toBe(0);
    expect(r.answer.calls).toBeGreaterThanOrEqual(2);
    expect(r.answer.flopsPerCall).toBe(answerFlops(model.config, { batch: 2, contextItems: 0, slots: 0 }));
    expect(model.isDisposed).toBe(false);
    model.dispose();
  });
});
