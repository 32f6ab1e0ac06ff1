import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { familyMatConfig, pretrainBatchSource } from '../../../envs/common/pretraining.js';
import { STORY_QA_FAMILY } from '../../../envs/story-qa/index.js';
import { StoryKind } from '../../../envs/story-qa/generator.js';
import { isPlaceToken, markerToken, STORY_VOCAB_SIZE } from '../../../envs/story-qa/vocab.js';

const OPTS = { batchSize: 24, slots: 12, contextLen: 4, staleFraction: 0.3, missingFraction: 0.1 };

describe('story-QA MAT pre-training batches', () => {
  it('sizes the MAT for the family', () => {
    const gen = STORY_QA_FAMILY.makeGenerator({});
    expect(familyMatConfig(gen, { dModel: 32 })).toEqual({ dModel: 32, vocabSize: STORY_VOCAB_SIZE, itemLen: 9, answerLen: 1 });
  });

  it('draws batches of the right shapes with question tokens and place answers in the vocabulary', () => {
    const source = pretrainBatchSource(STORY_QA_FAMILY, OPTS);
    const b = source(0, new Rng(1));
    const { batchSize: B, slots: M, contextLen: W } = OPTS;
    const L = 9;
    expect(b.batch).toBe(B);
    expect(b.queryTokens.length).toBe(B * L);
    expect(b.answers.length).toBe(B);
    expect(b.context?.count).toBe(W);
    expect(b.context?.tokens.length).toBe(B * W * L);
    expect(b.memory?.kind).toBe('slots');
    if (b.memory?.kind !== 'slots') throw new Error('expected slot memory');
    expect(b.memory.tokens.length).toBe(B * M * L);
    expect(b.memory.mask?.length).toBe(B * M);
    for (let i = 0; i < B; i++) {
      expect(b.queryTokens[i * L]).toBe(markerToken(StoryKind.QUESTION));
      expect(isPlaceToken(b.answers[i]!)).toBe(true);
    }
    for (const arr of [b.queryTokens, b.context!.tokens, b.memory.tokens]) {
      for (const t of arr) expect(t >= 0 && t < STORY_VOCAB_SIZE).toBe(true);
    }
    // Some rows are filled; a target row (the addressing loss's) is always an occupied one.
    let filled = 0;
    for (let r = 0; r < B * M; r++) {
      if (b.memory.target?.[r] === 1) expect(b.memory.mask?.[r]).toBe(1);
      if (b.memory.mask?.[r] === 1) filled++;
    }
    expect(filled).toBeGreaterThan(B);
  });

  it('is deterministic given the rng', () => {
    const source = pretrainBatchSource(STORY_QA_FAMILY, OPTS);
    const a = source(0, new Rng(5));
    const b = source(0, new Rng(5));
    expect(Array.from(a.queryTokens)).toEqual(Array.from(b.queryTokens));
    expect(Array.from(a.answers)).toEqual(Array.from(b.answers));
  });
});
