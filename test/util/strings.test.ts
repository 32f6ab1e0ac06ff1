import { describe, expect, it } from 'vitest';
import { closestMatch, levenshtein } from '../../src/util/strings.js';

describe('levenshtein', () => {
  it('computes edit distances', () => {
    expect(levenshtein('', '')).toBe(0);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('', 'ab')).toBe(2);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
    expect(levenshtein('Recall-v1', 'Recall-v0')).toBe(1);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['abcdef', 'azced'],
      ['memgym', 'gym'],
      ['x', 'yyyy'],
    ] as const) {
      expect(levenshtein(a, b)).toBe(levenshtein(b, a));
    }
  });
});

describe('closestMatch', () => {
  const ids = ['memgym/Recall-v0', 'memgym/StoryQA-v0', 'memgym/Seasonal-v0'];
  it('finds the closest candidate, ignoring case by default', () => {
    expect(closestMatch('memgym/Recal-v0', ids)).toBe('memgym/Recall-v0');
    expect(closestMatch('MEMGYM/storyqa-v0', ids)).toBe('memgym/StoryQA-v0');
    expect(closestMatch('MEMGYM/storyqa-v0', ids, { ignoreCase: false, maxDistance: 3 })).toBeUndefined();
  });

  it('returns undefined when nothing is close or there are no candidates', () => {
    expect(closestMatch('CartPole-v1', ids)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
    expect(closestMatch('abcd', ['abce'], { maxDistance: 0 })).toBeUndefined();
  });
});
