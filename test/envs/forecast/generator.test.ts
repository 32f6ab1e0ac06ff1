import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { ConfigError } from '../../../src/util/errors.js';
import { itemTokens, supportOf } from '../../../envs/common/episode.js';
import { validateEpisode } from '../../../envs/common/episode-check.js';
import { PRESET_NAMES } from '../../../envs/common/preset.js';
import { ForecastGenerator, ForecastKind, PHASE_BASE, QUERY_TOKEN, WINDOW_TOKEN } from '../../../envs/forecast/generator.js';
import type { ForecastParams } from '../../../envs/forecast/params.js';
import { FORECAST_PRESETS, forecastPreset } from '../../../envs/forecast/presets.js';

const gen = new ForecastGenerator(FORECAST_PRESETS.easy.generator);
const w = gen.windowLen;
const bins = (ep: { tokens: Int32Array; itemLen: number }, t: number): Int32Array => itemTokens(ep as never, t).slice(2);
const meanAbs = (a: Int32Array, b: Int32Array): number => a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length;

describe('ForecastGenerator', () => {
  it('sizes the vocabulary from its options', () => {
    expect(gen.itemLen).toBe(2 + w);
    expect(gen.answerLen).toBe(w);
    expect(gen.binBase).toBe(PHASE_BASE + gen.maxPhases);
    expect(gen.vocabSize).toBe(gen.binBase + gen.numBins);
  });

  it('quantises into numBins equal bins over [-valueRange, valueRange], saturating outside', () => {
    expect(gen.quantise(-2, 2)).toBe(0);
    expect(gen.quantise(-1.76, 2)).toBe(0);
    expect(gen.quantise(-1.74, 2)).toBe(1);
    expect(gen.quantise(0, 2)).toBe(gen.numBins / 2);
    expect(gen.quantise(1.99, 2)).toBe(gen.numBins - 1);
    expect(gen.quantise(50, 2)).toBe(gen.numBins - 1);
    expect(gen.quantise(-50, 2)).toBe(0);
  });

  it('isCorrect: mean absolute bin error within tolerance; non-bin tokens count numBins; works unbound', () => {
    const { isCorrect } = gen;
    const answer = Int32Array.from({ length: w }, (_, i) => gen.binBase + 4 + (i % 3));
    expect(isCorrect(answer.slice(), answer)).toBe(true);
    const off1 = answer.map((x) => x + 1);
    expect(gen.binError(off1, answer)).toBe(1);
    expect(isCorrect(off1, answer)).toBe(true); // tolerance 1
    const off2 = answer.map((x) => x + 2);
    expect(isCorrect(off2, answer)).toBe(false);
    const missing = new Int32Array(w).fill(-1);
    expect(gen.binError(missing, answer)).toBe(gen.numBins);
    expect(isCorrect(missing, answer)).toBe(false);
    const oneBad = answer.slice();
    oneBad[0] = 0; // a non-bin token
    expect(gen.binError(oneBad, answer)).toBe(gen.numBins / w);
  });

  it('is deterministic by seed and different across seeds', () => {
    const p = FORECAST_PRESETS.medium.params;
    const a = gen.generate(p, new Rng(4));
    const b = gen.generate(p, new Rng(4));
    const c = gen.generate(p, new Rng(5));
    expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens));
    expect(Array.from(a.series)).toEqual(Array.from(b.series));
    expect(Array.from(a.support)).toEqual(Array.from(b.support));
    expect(Array.from(a.series)).not.toEqual(Array.from(c.series));
  });

  for (const name of PRESET_NAMES) {
    it(`${name}: items, answers and supports follow the documented layout`, () => {
      const p = FORECAST_PRESETS[name].params;
      const P = p.seasonalities[0]!.period / w;
      for (let seed = 0; seed < 3; seed++) {
        const ep = gen.generate(p, new Rng(seed));
        expect(validateEpisode(ep).problems).toEqual([]);
        expect(ep.periodWindows).toBe(P);
        expect(ep.series.length).toBe((p.length + 1) * w);
        for (let t = 0; t < ep.length; t++) {
          const row = itemTokens(ep, t);
          const query = ep.isQuery[t] === 1;
          expect(row[0]).toBe(query ? QUERY_TOKEN : WINDOW_TOKEN);
          expect(ep.kinds[t]).toBe(query ? ForecastKind.QUERY : ForecastKind.WINDOW);
          expect(row[1]).toBe(PHASE_BASE + ((query ? t + 1 : t) % P));
          for (let i = 0; i < w; i++) expect(row[2 + i]).toBe(gen.binBase + gen.quantise(ep.series[t * w + i]!, p.valueRange));
          if (!query) continue;
          expect(t % p.queryEvery).toBe(p.queryEvery - 1);
          const answer = ep.answers.subarray(t * w, (t + 1) * w);
          if (t + 1 < ep.length) expect(Array.from(answer)).toEqual(Array.from(bins(ep, t + 1)));
          const sup = supportOf(ep, t);
          expect(sup.length).toBe(p.supportCount);
          // Candidates: non-query windows at the answer's phase, 1 … maxLags periods back.
          const cands: number[] = [];
          for (let m = 1; m <= p.maxLags && t + 1 - m * P >= 0; m++) if (!ep.isQuery[t + 1 - m * P]) cands.push(t + 1 - m * P);
          for (const s of sup) expect(cands).toContain(s);
          const worstChosen = Math.max(...sup.map((s) => meanAbs(bins(ep, s), answer)));
          for (const c of cands) if (!sup.includes(c)) expect(meanAbs(bins(ep, c), answer)).toBeGreaterThanOrEqual(worstChosen);
        }
      }
    });
  }

  it('rejects bad params with "expected … got …" messages', () => {
    const p: ForecastParams = { ...FORECAST_PRESETS.easy.params };
    expect(() => gen.generate({ ...p, seasonalities: [{ period: 44, amplitude: 1 }] }, new Rng(0))).toThrow(
      'expected a multiple of windowLen (8) between 2 and maxPhases (16) windows, got 44 (5.5 windows)',
    );
    expect(() => gen.generate({ ...p, seasonalities: [] }, new Rng(0))).toThrow(ConfigError);
    expect(() => gen.generate({ ...p, supportCount: 3 as 1 }, new Rng(0))).toThrow('forecast.supportCount');
    expect(() => gen.generate({ ...p, supportCount: 2, maxLags: 1 }, new Rng(0))).toThrow('forecast.maxLags');
    expect(() => new ForecastGenerator({ numBins: 1 })).toThrow('forecast.numBins');
  });
});

describe('forecast presets', () => {
  it('share one generator (one MAT for all) and the lookup names the valid presets', () => {
    expect(FORECAST_PRESETS.easy.generator).toEqual(FORECAST_PRESETS.hard.generator);
    expect(forecastPreset('medium').favours).toBe('none');
    expect(() => forecastPreset('x')).toThrow('expected one of easy, medium, hard, got "x"');
  });

  for (const name of PRESET_NAMES) {
    it(`${name}: memory is scarce, the query rate is 1/queryEvery, supports lie beyond the context`, () => {
      const preset = FORECAST_PRESETS[name];
      const ep = gen.generate(preset.params, new Rng(7));
      const P = ep.periodWindows;
      expect(Math.ceil(P / 2) + 1).toBe(preset.slots);
      expect(ep.complexity.liveFacts).toBe(P * preset.params.maxLags);
      expect(ep.complexity.liveFacts!).toBeGreaterThan(2 * preset.slots);
      expect(ep.complexity.queries! / ep.length).toBeGreaterThan(0.8 / preset.params.queryEvery);
      expect(ep.complexity.queries! / ep.length).toBeLessThanOrEqual(1 / preset.params.queryEvery);
      for (let t = 0; t < ep.length; t++) if (ep.isQuery[t]) for (const s of supportOf(ep, t)) expect(t - s).toBeGreaterThan(4);
    });
  }

  it('copying the support is within tolerance on easy and medium, not always on hard', () => {
    const rate = (name: 'easy' | 'medium' | 'hard'): number => {
      let ok = 0;
      let n = 0;
      for (let seed = 0; seed < 5; seed++) {
        const ep = gen.generate(FORECAST_PRESETS[name].params, new Rng(seed));
        for (let t = 0; t < ep.length; t++) {
          if (!ep.isQuery[t]) continue;
          const sup = supportOf(ep, t);
          const pred = new Int32Array(w);
          for (let i = 0; i < w; i++) pred[i] = Math.round(sup.reduce((a, s) => a + bins(ep, s)[i]!, 0) / sup.length);
          n++;
          if (gen.isCorrect(pred, ep.answers.subarray(t * w, (t + 1) * w))) ok++;
        }
      }
      return ok / n;
    };
    expect(rate('easy')).toBeGreaterThan(0.97);
    expect(rate('medium')).toBeGreaterThan(0.95);
    const hard = rate('hard');
    expect(hard).toBeGreaterThan(0.7);
    expect(hard).toBeLessThan(0.95);
  });
});
