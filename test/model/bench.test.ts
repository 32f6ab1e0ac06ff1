import { describe, expect, it } from 'vitest';
import { benchModelForward } from '../../bench/model.js';
import { answerFlops, DEFAULT_MAT_CONFIG, encodeFlops } from '../../src/model/index.js';

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
    const r = await benchModelForward({ batch: 4, iterations: 1, backend: 'wasm' });
    expect(r.backend).toBe('wasm');
    for (const f of [r.encode, r.answer]) {
      expect(f.itemsPerSecond).toBeGreaterThan(0);
      expect(f.gflops).toBeGreaterThan(0);
      expect(f.flopsPerCall).toBeGreaterThan(0);
    }
    expect(r.itemsPerSecond).toBeGreaterThan(0);
    expect(r.gflops).toBeGreaterThan(0);
  });
});
