import { describe, expect, it } from 'vitest';
import { MemoryBank } from '../../src/memory/bank.js';
import {
  argminRelevance,
  argminScore,
  compileRelevanceExpression,
  DEFAULT_RELEVANCE_EXPRESSION,
  relevanceScores,
} from '../../src/memory/relevance.js';
import { ConfigError } from '../../src/util/errors.js';

/** dim 2, 4 slots: 0 = [1,0] (3 accesses, just accessed), 1 = [0,1] (1 access, 1 step ago), 2 free, 3 = [-1,0]. */
function handBank(): MemoryBank {
  const b = new MemoryBank({ dim: 2, minSlots: 1, maxSlots: 4, slots: 4 });
  b.store(0, [1, 0], 0);
  b.store(1, [0, 1], 1);
  b.store(3, [-1, 0], 3);
  b.accessCount[0] = 3;
  b.sinceAccess[1] = 1;
  b.sinceAccess[3] = 3;
  b.age[3] = 5;
  return b;
}

describe('relevanceScores', () => {
  it('matches hand-computed scores (α = β = γ = 1, key [1,0])', () => {
    // frequency = count / 3:       [1, 1/3, –, 1/3]
    // recency = 1/(1+since):       [1, 1/2, –, 1/4]
    // context = (cos + 1)/2:       [1, 1/2, –, 0]
    // R = sum:                     [3, 4/3, -Inf, 7/12]
    const s = relevanceScores(handBank(), [1, 0], { alpha: 1, beta: 1, gamma: 1 });
    expect(s[0]).toBeCloseTo(3, 6);
    expect(s[1]).toBeCloseTo(4 / 3, 6);
    expect(s[2]).toBe(-Infinity);
    expect(s[3]).toBeCloseTo(7 / 12, 6);
  });

  it('uses exponential recency and a neutral context without a key', () => {
    // β only: exp(-since/τ) with τ = 2: [1, e^-0.5, –, e^-1.5]; γ only with no key: 0.5 everywhere
    const b = handBank();
    const rec = relevanceScores(b, null, { alpha: 0, beta: 1, gamma: 0, recency: 'exponential', tau: 2 });
    expect(rec[1]).toBeCloseTo(Math.exp(-0.5), 6);
    expect(rec[3]).toBeCloseTo(Math.exp(-1.5), 6);
    const ctx = relevanceScores(b, null, { alpha: 0, beta: 0, gamma: 1 });
    expect(Array.from(ctx)).toEqual([0.5, 0.5, -Infinity, 0.5]);
  });

  it('gives frequency 0 when every access count is 0', () => {
    const b = handBank();
    b.accessCount.fill(0);
    const s = relevanceScores(b, null, { alpha: 1, beta: 0, gamma: 0 });
    expect(Array.from(s)).toEqual([0, 0, -Infinity, 0]);
  });

  it('evaluates a configured expression; the default one matches the built-in formula', () => {
    const b = handBank();
    const params = { alpha: 0.2, beta: 0.3, gamma: 0.5 };
    const builtIn = relevanceScores(b, [0.6, 0.8], params);
    const viaExpr = relevanceScores(b, [0.6, 0.8], { ...params, expression: compileRelevanceExpression(DEFAULT_RELEVANCE_EXPRESSION) });
    for (let i = 0; i < 4; i++) expect(viaExpr[i]).toBeCloseTo(builtIn[i] as number, 6);
    const ageBased = relevanceScores(b, null, { ...params, expression: compileRelevanceExpression('-age + accessCount') });
    expect(Array.from(ageBased)).toEqual([3, 1, -Infinity, -4]);
  });

  it('rejects a bad expression at compile time', () => {
    expect(() => compileRelevanceExpression('alpha*frequncy')).toThrow(ConfigError);
    expect(() => compileRelevanceExpression('alpha*frequncy')).toThrow('did you mean "frequency"?');
  });

  it('writes into out', () => {
    const out = new Float32Array(4);
    expect(relevanceScores(handBank(), null, { alpha: 1, beta: 1, gamma: 1 }, out)).toBe(out);
  });
});

describe('argminRelevance', () => {
  it('picks the lowest-relevance occupied slot', () => {
    expect(argminRelevance(handBank(), [1, 0], { alpha: 1, beta: 1, gamma: 1 })).toBe(3);
  });
  it('breaks ties by the lowest index and returns -1 when empty', () => {
    expect(argminScore([2, 1, -Infinity, 1])).toBe(1);
    expect(argminScore([-Infinity, -Infinity])).toBe(-1);
    const b = new MemoryBank({ dim: 2, minSlots: 2, maxSlots: 2 });
    expect(argminRelevance(b, null, { alpha: 1, beta: 1, gamma: 1 })).toBe(-1);
    b.store(0, [1, 0], 0);
    b.store(1, [1, 0], 1);
    expect(argminRelevance(b, [1, 0], { alpha: 1, beta: 1, gamma: 1 })).toBe(0);
  });
});
