import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { ConfigError } from '../../../src/util/errors.js';
import { inContextQueryFraction, itemTokens, supportOf } from '../../../envs/common/episode.js';
import { validateEpisode } from '../../../envs/common/episode-check.js';
import { PRESET_NAMES } from '../../../envs/common/preset.js';
import { STORY_ITEM_LEN, StoryGenerator, StoryKind, type StoryEpisode } from '../../../envs/story-qa/generator.js';
import type { StoryParams } from '../../../envs/story-qa/params.js';
import { STORY_PRESETS, storyPreset } from '../../../envs/story-qa/presets.js';
import { isPlaceToken, MARKERS, OBJECTS, PEOPLE, PLACES, sentence, STORY_VOCAB_SIZE, tok, word } from '../../../envs/story-qa/vocab.js';

const gen = new StoryGenerator();
const params = (task: 1 | 2 | 3, over: Partial<StoryParams> = {}): StoryParams => ({
  ...STORY_PRESETS[task === 1 ? 'easy' : task === 2 ? 'medium' : 'hard'].params,
  ...over,
});

/** The words of item t after its kind marker (PAD dropped). */
function words(ep: StoryEpisode, t: number): string[] {
  return sentence(itemTokens(ep, t)).split(' ');
}

/**
 * Replays a story with an independent world model and checks every sentence is possible, every
 * question's answer is right and its support sentences are the ones the question needs.
 */
function replay(ep: StoryEpisode): void {
  const loc = new Map<string, string>();
  const lastMove = new Map<string, number>();
  const holder = new Map<string, string>();
  const lying = new Map<string, string>();
  const places = new Map<string, string[]>();
  for (let t = 0; t < ep.length; t++) {
    const w = words(ep, t);
    const kind = ep.kinds[t];
    expect(word(itemTokens(ep, t)[0]!)).toBe(MARKERS[kind!]);
    const subject = w[0]!;
    const last = w[w.length - 1]!;
    if (kind === StoryKind.MOVE) {
      expect(PEOPLE).toContain(subject);
      expect(PLACES).toContain(last);
      expect(loc.get(subject)).not.toBe(last);
      loc.set(subject, last);
      lastMove.set(subject, t);
      for (const [o, h] of holder) if (h === subject) places.get(o)!.push(last);
    } else if (kind === StoryKind.PICKUP) {
      expect(holder.has(last)).toBe(false);
      expect(loc.has(subject)).toBe(true);
      if (lying.has(last)) expect(lying.get(last)).toBe(loc.get(subject));
      holder.set(last, subject);
      lying.delete(last);
      const seq = places.get(last) ?? [];
      if (seq[seq.length - 1] !== loc.get(subject)) seq.push(loc.get(subject)!);
      places.set(last, seq);
    } else if (kind === StoryKind.DROP) {
      expect(holder.get(last)).toBe(subject);
      holder.delete(last);
      lying.set(last, loc.get(subject)!);
    } else {
      expect(ep.isQuery[t]).toBe(1);
      const answer = word(ep.answers[t]!);
      const sup = supportOf(ep, t);
      expect(sup.length).toBe(ep.task);
      const supWords = sup.map((s) => words(ep, s));
      if (ep.task === 1) {
        const who = w[2]!;
        expect(answer).toBe(loc.get(who));
        expect(sup).toEqual([lastMove.get(who)]);
      } else if (ep.task === 2) {
        const obj = w[3]!;
        const h = holder.get(obj);
        expect(answer).toBe(h !== undefined ? loc.get(h) : lying.get(obj));
        // One sentence about the object, one move of the person who carried it, ending at the answer.
        expect(supWords.some((s) => s[s.length - 1] === obj)).toBe(true);
        expect(supWords.some((s) => s[s.length - 1] === answer)).toBe(true);
      } else {
        const obj = w[3]!;
        const seq = places.get(obj)!;
        expect(w[6]).toBe(seq[seq.length - 1]);
        expect(answer).toBe(seq[seq.length - 2]);
        expect(supWords.filter((s) => s[s.length - 1] === obj)).toHaveLength(1);
        expect(supWords.some((s) => s[s.length - 1] === answer)).toBe(true);
        expect(supWords.some((s) => s[s.length - 1] === w[6])).toBe(true);
      }
    }
  }
}

describe('StoryGenerator', () => {
  it('has a fixed vocabulary with a marker at position 0 and place answers', () => {
    expect(gen.vocabSize).toBe(STORY_VOCAB_SIZE);
    expect(gen.itemLen).toBe(STORY_ITEM_LEN);
    expect(gen.answerLen).toBe(1);
    expect(sentence([tok('mary'), tok('went'), tok('to'), tok('the'), tok('kitchen')])).toBe('mary went to the kitchen');
    expect(() => tok('banana')).toThrow(ConfigError);
    expect(() => word(STORY_VOCAB_SIZE)).toThrow(`expected a token in [0, ${STORY_VOCAB_SIZE}), got ${STORY_VOCAB_SIZE}`);
    expect(OBJECTS.length).toBeGreaterThan(0);
  });

  it('is deterministic by seed and different across seeds', () => {
    const a = gen.generate(params(2), new Rng(11));
    const b = gen.generate(params(2), new Rng(11));
    const c = gen.generate(params(2), new Rng(12));
    expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens));
    expect(Array.from(a.support)).toEqual(Array.from(b.support));
    expect(a.complexity).toEqual(b.complexity);
    expect(Array.from(a.tokens)).not.toEqual(Array.from(c.tokens));
  });

  for (const task of [1, 2, 3] as const) {
    it(`task ${task}: valid episodes of a consistent world with right answers and supports`, () => {
      for (let seed = 0; seed < 4; seed++) {
        const ep = gen.generate(params(task), new Rng(seed));
        expect(validateEpisode(ep).problems).toEqual([]);
        expect(ep.maxSupport).toBe(task);
        for (let t = 0; t < ep.length; t++) if (ep.isQuery[t]) expect(isPlaceToken(ep.answers[t]!)).toBe(true);
        replay(ep);
      }
    });
  }

  it('asks far questions at least minQueryDelay after their oldest fact, near ones inside the context', () => {
    const ep = gen.generate(params(1, { nearQueryRate: 0.5 }), new Rng(3));
    let near = 0;
    for (let t = 0; t < ep.length; t++) {
      if (!ep.isQuery[t]) continue;
      const age = t - Math.min(...supportOf(ep, t));
      if (age <= 4) near++;
      else expect(age).toBeGreaterThanOrEqual(5);
    }
    expect(near).toBeGreaterThan(5);
  });

  it('favours recent facts with delayScale', () => {
    const meanAge = (delayScale: number): number => {
      let sum = 0;
      let n = 0;
      for (let seed = 0; seed < 3; seed++) {
        const ep = gen.generate(params(1, { delayScale, nearQueryRate: 0 }), new Rng(seed));
        for (let t = 0; t < ep.length; t++) {
          if (!ep.isQuery[t]) continue;
          sum += t - supportOf(ep, t)[0]!;
          n++;
        }
      }
      return sum / n;
    };
    expect(meanAge(2)).toBeLessThan(meanAge(0) - 3);
  });

  it('rejects bad params with "expected … got …" messages', () => {
    expect(() => gen.generate(params(1, { numPeople: 11 }), new Rng(0))).toThrow(
      'config story-qa.numPeople: expected an integer in [1, 10], got 11',
    );
    expect(() => gen.generate(params(2, { numObjects: 0 }), new Rng(0))).toThrow(ConfigError);
    expect(() => gen.generate(params(1, { task: 4 as 1 }), new Rng(0))).toThrow('story-qa.task');
    expect(() => gen.generate(params(2, { pickupRate: 0.7, dropRate: 0.5 }), new Rng(0))).toThrow('story-qa.dropRate');
    expect(() => gen.generate(params(1, { delayScale: -1 }), new Rng(0))).toThrow('story-qa.delayScale');
  });

  it('isCorrect compares the place token and works unbound', () => {
    const { isCorrect } = gen;
    expect(isCorrect(Int32Array.of(tok('kitchen')), Int32Array.of(tok('kitchen')))).toBe(true);
    expect(isCorrect(Int32Array.of(tok('garden')), Int32Array.of(tok('kitchen')))).toBe(false);
    expect(isCorrect(Int32Array.of(-1), Int32Array.of(tok('kitchen')))).toBe(false);
  });
});

describe('story-QA presets', () => {
  it('easy / medium / hard are bAbI tasks 1 / 2 / 3 and the lookup names the valid presets', () => {
    expect(PRESET_NAMES.map((p) => STORY_PRESETS[p].params.task)).toEqual([1, 2, 3]);
    expect(storyPreset('hard').favours).toBe('lru');
    expect(() => storyPreset('extreme')).toThrow('expected one of easy, medium, hard, got "extreme"');
  });

  for (const name of PRESET_NAMES) {
    it(`${name}: memory is scarce and questions need it (the statistics the preset promises)`, () => {
      const preset = STORY_PRESETS[name];
      let live = 0;
      let peak = 0;
      let rate = 0;
      let inContext = 0;
      const N = 4;
      for (let seed = 0; seed < N; seed++) {
        const ep = gen.generate(preset.params, new Rng(100 + seed));
        expect(ep.complexity.numKeys).toBe(preset.params.numPeople + (preset.params.task === 1 ? 0 : preset.params.numObjects));
        expect(Math.floor(ep.complexity.numKeys! / 2) + preset.params.task - 1).toBe(preset.slots);
        live += ep.complexity.liveFacts! / N;
        peak += ep.complexity.peakNeededFacts! / N;
        rate += ep.complexity.queries! / ep.length / N;
        inContext += inContextQueryFraction(ep) / N;
      }
      expect(live).toBeGreaterThan(preset.slots + 1);
      expect(peak).toBeGreaterThan(preset.slots - 1);
      expect(rate).toBeGreaterThan(0.2);
      expect(rate).toBeLessThan(0.35);
      expect(inContext).toBeLessThan(0.2);
    });
  }
});
