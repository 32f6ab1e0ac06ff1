import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RELEVANCE_POLICY_PARAMS,
  decideRelevance,
  makeFixedPolicy,
  relevanceFromFeatures,
  type RelevancePolicyParams,
} from '../../../agents/fixed/index.js';
import { AgentError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { actionName, buildObs, type ObsSpec } from './build-obs.js';

/** The decision on a hand-built observation; T = `spec.T` (default 100), `null` for an unknown T. */
const decide = (spec: ObsSpec, params: Partial<RelevancePolicyParams> = {}, T: number | null = spec.T ?? 100): string => {
  const obs = buildObs(spec);
  const full = makeFixedPolicy('relevance', params).params;
  return actionName(obs, decideRelevance(obs, full, { policy: 'relevance', rng: new Rng(0), episodeLength: T ?? undefined }));
};

describe('relevance scores', () => {
  it('R = α·count/maxCount + β/(1 + sinceAccess) + γ·(similarity + 1)/2, from the features', () => {
    const obs = buildObs({
      slots: [
        { count: 4, since: 0, sim: 0 },
        { count: 1, since: 1, sim: 0.9 },
        { count: 2, since: 3, sim: -0.2 },
      ],
    });
    const r = relevanceFromFeatures(obs, [0, 1, 2], { ...DEFAULT_RELEVANCE_POLICY_PARAMS }, 100);
    // frequency 1, .25, .5; recency 1, .5, .25; context .5, .95, .4 (each weight 1/3)
    expect(r[0]).toBeCloseTo(2.5 / 3, 6);
    expect(r[1]).toBeCloseTo(1.7 / 3, 6);
    expect(r[2]).toBeCloseTo(1.15 / 3, 6);
    const e = relevanceFromFeatures(
      obs,
      [2],
      { ...DEFAULT_RELEVANCE_POLICY_PARAMS, alpha: 0, gamma: 0, beta: 1, recency: 'exponential', tau: 3 },
      100,
    );
    expect(e[0]).toBeCloseTo(Math.exp(-1), 6);
  });
});

describe('relevance decisions', () => {
  it('overwrites the slot with the lowest combined score (default equal weights)', () => {
    // R ≈ .83, .57, .38 (see above) ⇒ slot 2.
    expect(
      decide({
        slots: [
          { count: 4, since: 0, sim: 0 },
          { count: 1, since: 1, sim: 0.9 },
          { count: 2, since: 3, sim: -0.2 },
        ],
      }),
    ).toBe('STORE_2');
  });

  it('each term alone picks its own argmin', () => {
    const slots = [
      { count: 3, since: 1, sim: -0.8 },
      { count: 1, since: 2, sim: 0.5 },
      { count: 2, since: 9, sim: 0.1 },
    ];
    expect(decide({ slots }, { alpha: 1, beta: 0, gamma: 0 })).toBe('STORE_1'); // fewest accesses
    expect(decide({ slots }, { alpha: 0, beta: 1, gamma: 0 })).toBe('STORE_2'); // least recent
    expect(decide({ slots }, { alpha: 0, beta: 0, gamma: 1 })).toBe('STORE_0'); // least similar to the item
  });

  it('the recency mode changes the balance against frequency', () => {
    // A: count 2, since 3; B: count 1, since 0; α = β = 1, γ = 0.
    // inverse: A 1 + 1/4 = 1.25 < B .5 + 1 = 1.5 ⇒ A; exponential τ 100: A 1 + e^−.03 ≈ 1.97 > B 1.5 ⇒ B.
    const slots = [
      { count: 2, since: 3 },
      { count: 1, since: 0 },
    ];
    expect(decide({ slots }, { alpha: 1, beta: 1, gamma: 0 })).toBe('STORE_0');
    expect(decide({ slots }, { alpha: 1, beta: 1, gamma: 0, recency: 'exponential', tau: 100 })).toBe('STORE_1');
  });

  it('breaks ties by the lowest index and fills free slots first', () => {
    expect(decide({ slots: [{ count: 2 }, { count: 1 }, { count: 1 }] }, { alpha: 1, beta: 0, gamma: 0 })).toBe('STORE_1');
    expect(decide({ slots: [{ count: 9, sim: 1 }, null, { count: 1 }] })).toBe('STORE_1');
  });

  it('RETRIEVEs at a query and NOOPs when nothing else is valid', () => {
    expect(decide({ slots: [{ count: 1 }, { count: 2 }], isQuery: true })).toBe('RETRIEVE');
    expect(decide({ slots: [{ count: 1 }, null], done: true })).toBe('NOOP');
  });

  it('needs T only when β ≠ 0', () => {
    const spec = {
      slots: [
        { count: 2, since: 3 },
        { count: 1, since: 0 },
      ],
    };
    expect(decide(spec, { alpha: 1, beta: 0, gamma: 1 }, null)).toBe('STORE_1');
    expect(() => decide(spec, {}, null)).toThrow(AgentError);
  });
});

describe('relevance episodes (tiny recall, W = 2, N = 2)', () => {
  // A read at a query accesses the slot holding the queried key's fact (the only one in memory in
  // these scripts), see test/helpers/tiny-recall.ts. γ = 0: the similarities depend on the drawn values.
  const script = ['F:a', 'F:b', 'Q:a', 'Q:a', 'F:c', 'F:d', '-', 'Q:a'];

  it('frequency + recency keeps the popular fact: 3/3 (hand-computed)', () => {
    // α = β = 1, γ = 0. 0 a→s0, 1 b→s1; 2 Q:a ✓ (context), a: count 2; 3 Q:a ✓ (memory), a: count 3.
    // 4 c: a 3/3 + 1/(1+1) = 1.5, b 1/3 + 1/4 ≈ .58 ⇒ over b; 5 d: a 1 + 1/3, c 1/3 + 1/2 ⇒ over c;
    // 6 noise: a 1 + 1/4, d 1/3 + 1/2 ⇒ over d; 7 Q:a: {a0, n6} ✓  ⇒ 3/3.
    const agent = makeFixedPolicy('relevance', { alpha: 1, beta: 1, gamma: 0 });
    expect(runEpisodes(tinyRecallEnv({ script }), agent, 5).accuracies).toEqual([1, 1, 1, 1, 1]);
  });

  it('recency alone behaves like lru: 2/3 (hand-computed)', () => {
    // α = γ = 0, β = 1: evict the largest sinceAccess, ties to the lowest index.
    // 4 c: a since 1, b since 3 ⇒ over b; 5 d: a 2, c 1 ⇒ over a; 6 noise: d 1, c 2 ⇒ over c;
    // 7 Q:a: {d5, n6} ✗  ⇒ 2/3.
    const agent = makeFixedPolicy('relevance', { alpha: 0, beta: 1, gamma: 0 });
    expect(runEpisodes(tinyRecallEnv({ script }), agent, 5).accuracies).toEqual([2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
  });
});
