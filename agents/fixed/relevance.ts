/**
 * relevance(α, β, γ): store every item; when memory is full overwrite the slot with the lowest
 * R = α·frequency + β·recency + γ·context (seed 001, section 6.1.2), computed from the observation's
 * slot features rather than read from the env's `relevance` feature, so the weights are the policy's own
 * whatever the env's relevance config is:
 * - frequency = accessCount / max accessCount over the occupied slots, accessCount = e^logAccessCount − 1;
 * - recency = 1 / (1 + sinceAccess) (`'inverse'`) or exp(−sinceAccess / τ) (`'exponential'`), in steps;
 * - context = (similarity + 1) / 2.
 * Free slots are used first (the lowest one), and ties go to the lowest index, exactly as STORE_AUTO in a
 * hard-write env does, so with the env's own α, β, γ (and recency mode) this policy evicts the same slot
 * as STORE_AUTO. Custom relevance expressions are not supported here (use the env's STORE_AUTO for them).
 *
 * `sinceAccess` is observed divided by T; T comes from `params.episodeLength`, else `info.episodeLength`,
 * else the agent's episode clock. It is needed only when β ≠ 0.
 */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { z } from 'zod';
import { number } from '../../src/util/schemas.js';
import { requireEpisodeLength, type FixedPolicy, type PolicyContext } from './policy.js';
import { pickVictim, slotFeature, storeEverything, toSteps } from './slots.js';

/** Params of {@link relevancePolicy}. */
export interface RelevancePolicyParams {
  /** Weight of frequency (default 1/3). */
  alpha: number;
  /** Weight of recency (default 1/3). */
  beta: number;
  /** Weight of contextual relevance (default 1/3). */
  gamma: number;
  /** How recency falls with the steps since the last access (default `'inverse'`). */
  recency: 'inverse' | 'exponential';
  /** τ of the exponential recency, in steps (default 10). */
  tau: number;
  /** Episode length T in steps; inferred when omitted. */
  episodeLength?: number;
}

/** The policy's defaults (equal weights). */
export const DEFAULT_RELEVANCE_POLICY_PARAMS: Readonly<RelevancePolicyParams> = {
  alpha: 1 / 3,
  beta: 1 / 3,
  gamma: 1 / 3,
  recency: 'inverse',
  tau: 10,
};

/**
 * R for each slot in `slots` (occupied ones), in the same order, from the observation's features.
 * `episodeLength` may be undefined when β = 0.
 */
export function relevanceFromFeatures(
  observation: MemoryObservation,
  slots: readonly number[],
  params: Readonly<RelevancePolicyParams>,
  episodeLength: number | undefined,
): number[] {
  const counts = slots.map((i) => Math.round(Math.expm1(slotFeature(observation, i, 'logAccessCount'))));
  const maxCount = Math.max(0, ...counts);
  return slots.map((i, k) => {
    const frequency = maxCount > 0 ? (counts[k] as number) / maxCount : 0;
    let recency = 0;
    if (params.beta !== 0) {
      const since = toSteps(slotFeature(observation, i, 'sinceAccess'), episodeLength ?? 0);
      recency = params.recency === 'exponential' ? Math.exp(-since / params.tau) : 1 / (1 + since);
    }
    const context = (slotFeature(observation, i, 'similarity') + 1) / 2;
    return params.alpha * frequency + params.beta * recency + params.gamma * context;
  });
}

/** The relevance decision (see the module documentation). */
export function decideRelevance(observation: MemoryObservation, params: Readonly<RelevancePolicyParams>, context: PolicyContext): number {
  return storeEverything(observation, (occupied) => {
    const T = params.beta !== 0 ? requireEpisodeLength(context) : undefined;
    const scores = relevanceFromFeatures(observation, occupied, params, T);
    const scoreOf = new Map(occupied.map((slot, k) => [slot, scores[k] as number]));
    return pickVictim(occupied, (i) => [-(scoreOf.get(i) as number)]);
  });
}

export const relevancePolicy: FixedPolicy<RelevancePolicyParams> = {
  name: 'relevance',
  description: 'stores every item; when full, overwrites the slot with the lowest α·frequency + β·recency + γ·context',
  params: z.strictObject({
    alpha: number().default(DEFAULT_RELEVANCE_POLICY_PARAMS.alpha),
    beta: number().default(DEFAULT_RELEVANCE_POLICY_PARAMS.beta),
    gamma: number().default(DEFAULT_RELEVANCE_POLICY_PARAMS.gamma),
    recency: z.enum(['inverse', 'exponential']).default(DEFAULT_RELEVANCE_POLICY_PARAMS.recency),
    tau: number({ min: 0, minExclusive: true }).default(DEFAULT_RELEVANCE_POLICY_PARAMS.tau),
    episodeLength: number({ integer: true, min: 1 }).optional(),
  }),
  unlabelledParams: ['episodeLength'],
  usesEpisodeLength: true,
  decide: (observation, _info, params, context) => decideRelevance(observation, params, context),
};
