import { describe, expect, it } from 'vitest';
import { loadCapacityConfig, parseCapacityConfig } from '../../src/capacity/config.js';
import { ConfigError } from '../../src/util/errors.js';

const minimal = { model: { widths: [4, 8] }, nextToken: { lengths: [4], counts: [8, 16] } };

describe('capacity config', () => {
  it('loads the shipped configs', () => {
    for (const file of ['configs/capacity.json', 'configs/capacity-tiny.json']) {
      const c = loadCapacityConfig(file);
      expect(c.nextToken?.enabled).toBe(true);
      expect(c.theoryExponent).toBe(0.5);
    }
  });

  it('fills defaults', () => {
    const c = parseCapacityConfig(minimal);
    expect(c).toMatchObject({ seed: 0, backend: 'wasm', vocabSize: 16, numLabels: 16, level: 0.95 });
    expect(c.train).toMatchObject({ learningRate: 0.01, maxSteps: 600, clipNorm: 1, lrDrops: [] });
    expect(c.search).toEqual({ strategy: 'ascend', warmStart: true });
    expect(c.model).toMatchObject({ depths: [1], heads: 1, ffMult: 2, pool: 'last' });
  });

  it('names the offending key', () => {
    const bad = (patch: Record<string, unknown>, message: RegExp): void => {
      expect(() => parseCapacityConfig({ ...minimal, ...patch })).toThrow(ConfigError);
      expect(() => parseCapacityConfig({ ...minimal, ...patch })).toThrow(message);
    };
    bad({ nextToken: { lengths: [4], counts: [16, 8] } }, /nextToken\.counts\[1\]: expected a strictly increasing list, got 8 after 16/);
    bad({ model: { widths: [4, 6], heads: 4 } }, /model\.widths\[1\]: expected a multiple of model\.heads = 4, got 6/);
    bad({ nextToken: { enabled: false, lengths: [4], counts: [8] } }, /at least one of nextToken, seq2seq, memory/);
    bad({ trian: {} }, /did you mean "train"/);
  });
});
