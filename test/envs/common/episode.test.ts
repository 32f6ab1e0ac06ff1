import { describe, expect, it } from 'vitest';
import {
  computeNextUse,
  inContextQueryFraction,
  itemTokens,
  meanLiveFacts,
  neededItemsAt,
  neededProfile,
  queryIndices,
  supportOf,
  type Episode,
} from '../../../envs/common/episode.js';
import { validateEpisode } from '../../../envs/common/episode-check.js';
import { requireInt, requireNumber, zipfWeights } from '../../../envs/common/episode-params.js';
import { lookupPreset } from '../../../envs/common/preset.js';
import { pretrainingExamples } from '../../../envs/common/episode-pretraining.js';
import { RecallGenerator } from '../../../envs/recall/generator.js';
import { RECALL_PRESETS } from '../../../envs/recall/presets.js';
import { StoryGenerator } from '../../../envs/story-qa/generator.js';
import { STORY_PRESETS } from '../../../envs/story-qa/presets.js';
import { ConfigError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

/**
 * A 10-item toy episode (L = 2, one support): facts at 0, 1, 2 (2 rewrites key of 0), noise at 3..6,
 * queries at 7 (support 2), 8 (support 1) and 9 (support 6 — in context).
 */
function toy(): Episode {
  const T = 10;
  const tokens = new Int32Array(T * 2);
  for (let t = 0; t < T; t++) tokens.set([1 + (t % 3), 4 + t], t * 2);
  const isQuery = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  const support = Int32Array.from([-1, -1, -1, -1, -1, -1, -1, 2, 1, 6]);
  const answers = Int32Array.from([-1, -1, -1, -1, -1, -1, -1, 5, 6, 7]);
  return {
    family: 'toy',
    itemLen: 2,
    vocabSize: 20,
    answerLen: 1,
    length: T,
    tokens,
    kinds: Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 2]),
    kindNames: ['fact', 'noise', 'query'],
    isQuery,
    answers,
    support,
    maxSupport: 1,
    nextUse: computeNextUse(T, support, 1),
    supersedes: Int32Array.from([-1, -1, 0, -1, -1, -1, -1, -1, -1, -1]),
    keyOf: Int32Array.from([0, 1, 0, -1, -1, -1, -1, 0, 1, -1]),
    complexity: { numKeys: 2 },
  };
}

describe('episode helpers', () => {
  it('computeNextUse gives the first query that uses each item', () => {
    expect(Array.from(toy().nextUse)).toEqual([-1, 8, 7, -1, -1, -1, 9, -1, -1, -1]);
  });

  it('itemTokens, supportOf and queryIndices read the rows', () => {
    const ep = toy();
    expect(Array.from(itemTokens(ep, 3))).toEqual([1, 7]);
    expect(supportOf(ep, 7)).toEqual([2]);
    expect(supportOf(ep, 0)).toEqual([]);
    expect(queryIndices(ep)).toEqual([7, 8, 9]);
  });

  it('neededProfile counts items held for out-of-context queries only', () => {
    const ep = toy();
    const { profile, peak, mean } = neededProfile(ep, 4);
    // Item 1 is needed on [1, 8), item 2 on [2, 7); item 6 is used from inside the context (9 − 6 ≤ 4).
    expect(Array.from(profile)).toEqual([0, 1, 2, 2, 2, 2, 2, 1, 0, 0]);
    expect(peak).toBe(2);
    expect(mean).toBeCloseTo(1.2);
    expect(neededItemsAt(ep, 7, 4)).toBe(1);
    expect(neededProfile(ep, 1).profile[8]).toBe(1); // with W = 1 item 6 must be held too
  });

  it('meanLiveFacts counts facts until superseded', () => {
    // Fact 0 lives [0, 2), facts 1 and 2 until the end (10): (2 + 9 + 8) / 10.
    expect(meanLiveFacts(toy(), [0])).toBeCloseTo(1.9);
  });

  it('inContextQueryFraction', () => {
    expect(inContextQueryFraction(toy(), 4)).toBeCloseTo(1 / 3);
  });

  it('validateEpisode accepts a consistent episode and reports each kind of problem', () => {
    expect(validateEpisode(toy())).toEqual({ ok: true, problems: [] });
    const bad = toy();
    bad.support[7] = 8; // after the query
    bad.answers[3] = 5; // answer on a non-query
    bad.tokens[0] = 99; // outside the vocabulary
    bad.supersedes[1] = 4; // points forward
    const { ok, problems } = validateEpisode(bad);
    expect(ok).toBe(false);
    expect(problems.join('\n')).toContain('support[7][0]: expected an item index in [0, 7), got 8');
    expect(problems.join('\n')).toContain('answers[3][0]: expected -1 on a non-query, got 5');
    expect(problems.join('\n')).toContain('expected a token in [0, 20), got 99');
    expect(problems.join('\n')).toContain('supersedes[1]');
    expect(problems.join('\n')).toContain('nextUse[8]'); // the support table changed under nextUse
    const keys = toy();
    keys.keyOf[2] = 1; // item 2 supersedes item 0, whose key is 0
    keys.keyOf[5] = 2; // numKeys is 2
    expect(validateEpisode(keys).problems).toEqual([
      'keyOf[2]: expected the key of the item it supersedes (0), got 1',
      'keyOf[5]: expected -1 or a key in [0, 2), got 2',
    ]);
    const short = { ...toy(), kinds: new Uint8Array(3) };
    expect(validateEpisode(short).problems).toEqual(['kinds: expected length 10, got 3']);
  });

  it('param checks throw ConfigError with expected/got messages', () => {
    expect(requireInt('x.n', 3, 1, 5)).toBe(3);
    expect(() => requireInt('x.n', 6, 1, 5)).toThrow(ConfigError);
    expect(() => requireInt('x.n', 6, 1, 5)).toThrow('config x.n: expected an integer in [1, 5], got 6');
    expect(() => requireInt('x.n', 1.5, 1)).toThrow('expected an integer >= 1, got 1.5');
    expect(() => requireNumber('x.p', Number.NaN, 0, 1)).toThrow('expected a number in [0, 1], got NaN');
    expect(() => lookupPreset('recall', RECALL_PRESETS, 'extreme')).toThrow('expected one of easy, medium, hard, got "extreme"');
  });

  it('zipfWeights: weights follow the ranks, the ranks are a seeded permutation', () => {
    const plain = zipfWeights(4, 1);
    expect(Array.from(plain.weights)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
    const a = zipfWeights(10, 1.2, new Rng(3));
    const b = zipfWeights(10, 1.2, new Rng(3));
    expect(Array.from(a.rank)).toEqual(Array.from(b.rank));
    expect([...a.rank].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 0; i < 10; i++) expect(a.weights[i]).toBeCloseTo(1 / Math.pow(a.rank[i]! + 1, 1.2));
    expect(Array.from(zipfWeights(3, 0, new Rng(1)).weights)).toEqual([1, 1, 1]);
  });
});

describe('pretrainingExamples', () => {
  const preset = RECALL_PRESETS.hard;
  const gen = new RecallGenerator(preset.generator);
  const ep = gen.generate(preset.params, new Rng(11));
  const W = 4;
  const M = 6;

  it('has one example per query with the documented shapes', () => {
    const ex = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(1) });
    const n = queryIndices(ep).length;
    const L = ep.itemLen;
    expect(ex.count).toBe(n);
    expect(Array.from(ex.queryIndex)).toEqual(queryIndices(ep));
    expect(ex.queryTokens.length).toBe(n * L);
    expect(ex.contextTokens.length).toBe(n * W * L);
    expect(ex.contextMask.length).toBe(n * W);
    expect(ex.memoryTokens.length).toBe(n * M * L);
    expect(ex.memoryMask.length).toBe(n * M);
    expect(ex.answers.length).toBe(n * ep.answerLen);
    for (let b = 0; b < n; b++) {
      const q = ex.queryIndex[b]!;
      expect(Array.from(ex.queryTokens.subarray(b * L, (b + 1) * L))).toEqual(Array.from(itemTokens(ep, q)));
      expect(ex.answers[b]).toBe(ep.answers[q]);
      for (let w = 0; w < W; w++) {
        const item = ex.contextItems[b * W + w]!;
        expect(item).toBe(q - W + w >= 0 ? q - W + w : -1);
        if (item >= 0) {
          expect(Array.from(ex.contextTokens.subarray((b * W + w) * L, (b * W + w + 1) * L))).toEqual(Array.from(itemTokens(ep, item)));
        }
      }
      for (let r = 0; r < M; r++) {
        const item = ex.memoryItems[b * M + r]!;
        expect(ex.memoryMask[b * M + r]).toBe(item >= 0 ? 1 : 0);
        if (item >= 0) {
          expect(item).toBeLessThan(q);
          expect(r).toBeLessThan(ex.activeSlots[b]!);
          expect(Array.from(ex.memoryTokens.subarray((b * M + r) * L, (b * M + r + 1) * L))).toEqual(Array.from(itemTokens(ep, item)));
        } else {
          expect(Array.from(ex.memoryTokens.subarray((b * M + r) * L, (b * M + r + 1) * L))).toEqual([0, 0, 0]);
        }
      }
    }
  });

  it('includes every out-of-context support, never a stale item by default, and distinct distractors of every kind', () => {
    const ex = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(2) });
    const kinds = new Set<number>();
    const fill = new Set<number>();
    for (let b = 0; b < ex.count; b++) {
      const q = ex.queryIndex[b]!;
      const mem = Array.from(ex.memoryItems.subarray(b * M, (b + 1) * M)).filter((i) => i >= 0);
      expect(new Set(mem).size).toBe(mem.length);
      expect(mem.length).toBeLessThanOrEqual(ex.activeSlots[b]!);
      fill.add(mem.length);
      const support = supportOf(ep, q);
      for (const s of support) if (q - s > W) expect(mem).toContain(s);
      expect(ex.place[b]).toBe(support.every((s) => q - s <= W) ? 0 : 1); // context / memory
      expect(ex.stale[b]).toBe(0);
      for (const s of support) {
        for (let x = ep.supersedes[s]!; x >= 0; x = ep.supersedes[x]!) expect(mem).not.toContain(x);
      }
      for (const i of mem) kinds.add(ep.kinds[i]!);
    }
    expect(kinds.size).toBe(3); // facts, noise and queries, as a store-everything policy keeps them
    expect(fill.size).toBeGreaterThan(M - 2); // every fill level
  });

  it('staleFraction 1 adds the superseded fact; missingFraction 1 leaves the support out', () => {
    const stale = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(3), staleFraction: 1 });
    let withOld = 0;
    for (let b = 0; b < stale.count; b++) {
      const q = stale.queryIndex[b]!;
      const old = ep.supersedes[supportOf(ep, q)[0]!]!;
      if (old >= 0 && q - old > W) {
        withOld++;
        expect(Array.from(stale.memoryItems.subarray(b * M, (b + 1) * M))).toContain(old);
        expect(stale.stale[b]).toBe(1);
      }
    }
    expect(withOld).toBeGreaterThan(5);
    const missing = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(3), missingFraction: 1 });
    for (let b = 0; b < missing.count; b++) {
      const q = missing.queryIndex[b]!;
      const s = supportOf(ep, q)[0]!;
      expect(Array.from(missing.memoryItems.subarray(b * M, (b + 1) * M))).not.toContain(s);
      expect(missing.place[b]).toBe(q - s > W ? 2 : 0); // absent / context
    }
  });

  it('works for multi-support episodes and rejects too few slots', () => {
    const story = new StoryGenerator().generate(STORY_PRESETS.hard.params, new Rng(5));
    const ex = pretrainingExamples(story, { contextLen: W, slots: 6, rng: new Rng(1) });
    for (let b = 0; b < ex.count; b++) {
      const q = ex.queryIndex[b]!;
      const mem = Array.from(ex.memoryItems.subarray(b * 6, (b + 1) * 6));
      for (const s of supportOf(story, q)) if (q - s > W) expect(mem).toContain(s);
    }
    // With the support left out of memory, an absent question is `partial` exactly when one of its facts is in the context.
    const missing = pretrainingExamples(story, { contextLen: W, slots: 6, rng: new Rng(1), missingFraction: 1 });
    let partial = 0;
    for (let b = 0; b < missing.count; b++) {
      const q = missing.queryIndex[b]!;
      const support = supportOf(story, q);
      const ctx = Array.from(missing.contextItems.subarray(b * W, (b + 1) * W));
      const seen = support.filter((s) => ctx.includes(s)).length;
      expect(missing.partial[b]).toBe(missing.place[b] === 2 && seen > 0 ? 1 : 0);
      partial += missing.partial[b]!;
    }
    expect(partial).toBeGreaterThan(0);
    expect(() => pretrainingExamples(story, { contextLen: W, slots: 2, rng: new Rng(1) })).toThrow(
      'config pretraining.slots: expected at least maxSupport (3) memory rows, got 2',
    );
  });

  it('is deterministic given the rng', () => {
    const a = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(9) });
    const b = pretrainingExamples(ep, { contextLen: W, slots: M, rng: new Rng(9) });
    expect(Array.from(a.memoryItems)).toEqual(Array.from(b.memoryItems));
  });
});
