import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { familyMatConfig, pretrainBatchSource } from '../../../envs/common/pretraining.js';
import { FORECAST_FAMILY } from '../../../envs/forecast/index.js';
import { FORECAST_PRESETS } from '../../../envs/forecast/presets.js';
import { ForecastGenerator, PHASE_BASE, QUERY_TOKEN, WINDOW_TOKEN } from '../../../envs/forecast/generator.js';

const OPTS = { batchSize: 16, slots: 10, contextLen: 4, staleFraction: 0.3, missingFraction: 0.1 };
const gen = new ForecastGenerator(FORECAST_PRESETS.easy.generator);

describe('forecast MAT pre-training batches', () => {
  it('sizes the MAT for the family: the answer is a whole window', () => {
    expect(familyMatConfig(gen, {})).toEqual({ vocabSize: gen.vocabSize, itemLen: 10, answerLen: 8 });
  });

  it('draws batches of the right shapes with bin-token answers in the vocabulary', () => {
    const source = pretrainBatchSource(FORECAST_FAMILY, OPTS);
    const b = source(0, new Rng(2));
    const { batchSize: B, slots: M, contextLen: W } = OPTS;
    const L = gen.itemLen;
    const A = gen.answerLen;
    expect(b.batch).toBe(B);
    expect(b.queryTokens.length).toBe(B * L);
    expect(b.answers.length).toBe(B * A);
    expect(b.context?.tokens.length).toBe(B * W * L);
    if (b.memory?.kind !== 'slots') throw new Error('expected slot memory');
    expect(b.memory.tokens.length).toBe(B * M * L);
    for (let i = 0; i < B; i++) {
      expect(b.queryTokens[i * L]).toBe(QUERY_TOKEN);
      const phase = b.queryTokens[i * L + 1]!;
      expect(phase >= PHASE_BASE && phase < gen.binBase).toBe(true);
    }
    for (const a of b.answers) expect(a >= gen.binBase && a < gen.vocabSize).toBe(true);
    for (const arr of [b.queryTokens, b.context!.tokens, b.memory.tokens])
      for (const t of arr) expect(t >= 0 && t < gen.vocabSize).toBe(true);
    // Memory holds windows and, as a store-everything policy leaves them, earlier query items.
    for (let r = 0; r < B * M; r++) if (b.memory.mask?.[r] === 1) expect([WINDOW_TOKEN, QUERY_TOKEN]).toContain(b.memory.tokens[r * L]);
  });

  it('is deterministic given the rng', () => {
    const source = pretrainBatchSource(FORECAST_FAMILY, OPTS);
    expect(Array.from(source(0, new Rng(4)).answers)).toEqual(Array.from(source(0, new Rng(4)).answers));
  });
});
