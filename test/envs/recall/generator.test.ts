import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { ConfigError } from '../../../src/util/errors.js';
import { inContextQueryFraction, itemTokens, supportOf } from '../../../envs/common/episode.js';
import { validateEpisode } from '../../../envs/common/episode-check.js';
import { PRESET_NAMES } from '../../../envs/common/preset.js';
import { FACT_TOKEN, KEY_BASE, QUERY_TOKEN, RecallGenerator, RecallKind } from '../../../envs/recall/generator.js';
import { RECALL_KEY_TYPES, type RecallParams } from '../../../envs/recall/params.js';
import { RECALL_PRESETS, recallPreset } from '../../../envs/recall/presets.js';

const gen = new RecallGenerator(RECALL_PRESETS.easy.generator);

describe('RecallGenerator', () => {
  it('is deterministic by seed and different across seeds', () => {
    const p = RECALL_PRESETS.hard.params;
    const a = gen.generate(p, new Rng(1));
    const b = gen.generate(p, new Rng(1));
    const c = gen.generate(p, new Rng(2));
    expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens));
    expect(Array.from(a.keyType)).toEqual(Array.from(b.keyType));
    expect(a.complexity).toEqual(b.complexity);
    expect(Array.from(a.tokens)).not.toEqual(Array.from(c.tokens));
  });

  for (const name of PRESET_NAMES) {
    it(`${name}: valid episodes; every answer is the key's latest value before the query`, () => {
      for (let seed = 0; seed < 3; seed++) {
        const ep = gen.generate(RECALL_PRESETS[name].params, new Rng(seed));
        expect(validateEpisode(ep).problems).toEqual([]);
        const value = new Map<number, number>();
        const last = new Map<number, number>();
        for (let t = 0; t < ep.length; t++) {
          const row = itemTokens(ep, t);
          if (ep.kinds[t] === RecallKind.FACT) {
            expect(row[0]).toBe(FACT_TOKEN);
            if (value.has(row[1]!)) expect(ep.supersedes[t]).toBe(last.get(row[1]!));
            if (value.has(row[1]!)) expect(row[2]).not.toBe(value.get(row[1]!)); // an update changes the value
            value.set(row[1]!, row[2]!);
            last.set(row[1]!, t);
          } else if (ep.kinds[t] === RecallKind.QUERY) {
            expect(row[0]).toBe(QUERY_TOKEN);
            expect(ep.answers[t]).toBe(value.get(row[1]!));
            expect(supportOf(ep, t)).toEqual([last.get(row[1]!)]);
          }
        }
      }
    });
  }

  it('cold keys are queried once per write, at least 40 steps after it', () => {
    const p: RecallParams = { ...RECALL_PRESETS.medium.params };
    const cold = RECALL_KEY_TYPES.indexOf('cold');
    for (let seed = 0; seed < 3; seed++) {
      const ep = gen.generate(p, new Rng(seed));
      const asked = new Map<number, number>();
      for (let t = 0; t < ep.length; t++) {
        if (!ep.isQuery[t]) continue;
        const k = ep.keyOf[t]!;
        if (ep.keyType[k] !== cold) continue;
        const s = supportOf(ep, t)[0]!;
        const near = t - s <= 4;
        if (!near) expect(t - s).toBeGreaterThanOrEqual(40);
        if (!near) asked.set(s, (asked.get(s) ?? 0) + 1);
      }
      for (const n of asked.values()) expect(n).toBe(1);
    }
  });

  it('rejects bad params with "expected … got …" messages', () => {
    const p = RECALL_PRESETS.easy.params;
    expect(() => gen.generate({ ...p, numKeys: 65 }, new Rng(0))).toThrow('config recall.numKeys: expected an integer in [1, 64], got 65');
    expect(() => gen.generate({ ...p, queryRate: 0.9, noiseRate: 0.2 }, new Rng(0))).toThrow('expected queryRate + noiseRate <= 1');
    expect(() => gen.generate({ ...p, typeMix: { warm: 1 } as never }, new Rng(0))).toThrow(ConfigError);
    expect(() => recallPreset('nightmare')).toThrow('expected one of easy, medium, hard, got "nightmare"');
  });

  it('key tokens follow KEY_BASE and isCorrect compares the value token', () => {
    const ep = gen.generate(RECALL_PRESETS.easy.params, new Rng(4));
    for (let t = 0; t < ep.length; t++) if (ep.keyOf[t]! >= 0) expect(itemTokens(ep, t)[1]).toBe(KEY_BASE + ep.keyOf[t]!);
    const { isCorrect } = gen;
    expect(isCorrect(Int32Array.of(90), Int32Array.of(90))).toBe(true);
    expect(isCorrect(Int32Array.of(-1), Int32Array.of(90))).toBe(false);
  });
});

describe('recall presets', () => {
  for (const name of PRESET_NAMES) {
    it(`${name}: memory is scarce (slots well below live facts and the oracle's peak), queries need memory`, () => {
      const preset = RECALL_PRESETS[name];
      let live = 0;
      let peak = 0;
      let rate = 0;
      let inContext = 0;
      const N = 3;
      for (let seed = 0; seed < N; seed++) {
        const ep = gen.generate(preset.params, new Rng(50 + seed));
        live += ep.complexity.liveFacts! / N;
        peak += ep.complexity.peakNeededFacts! / N;
        rate += ep.complexity.queries! / ep.length / N;
        inContext += inContextQueryFraction(ep) / N;
      }
      expect(Math.ceil(0.7 * Math.sqrt(preset.params.numKeys))).toBe(preset.slots);
      expect(live).toBeGreaterThan(2 * preset.slots);
      expect(peak).toBeGreaterThan(preset.slots);
      expect(rate).toBeGreaterThan(preset.params.queryRate * 0.7);
      expect(rate).toBeLessThan(preset.params.queryRate * 1.1);
      expect(inContext).toBeLessThan(0.2);
    });
  }
});
