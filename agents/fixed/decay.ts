/**
 * decay(λ, threshold): time-driven forgetting (seed 001, section 6.2.1). A slot's strength is λ^a, with
 * a the steps since its content was written (or, with `refresh`, since it was last accessed: a read
 * that attends to it renews the trace); a slot whose strength is below the threshold has faded and
 * counts as free. Memory makes room only by forgetting, never under pressure:
 *
 * - a query: RETRIEVE;
 * - any other item: store it into the lowest free slot, else over the weakest faded slot (largest a;
 *   ties: older, then lowest index), else drop it (NOOP).
 *
 * So every stored item stays for at least its lifetime L = min{a : λ^a < threshold} steps
 * (≈ ln(threshold) / ln(λ)), and items arriving while every slot is younger than L are not stored.
 * λ = 0 (L = 1) is exactly fifo; λ = 1 (L = ∞) stores the first N items and keeps them. Unlike fifo, a
 * fact is never flushed by the items that follow it within its lifetime. No FORGET step is spent: a
 * faded slot is reused by the next item that needs room.
 *
 * The observation gives `age / T` and `sinceAccess / T`; the episode length T comes from
 * `params.episodeLength`, else `info.episodeLength`, else the agent's episode clock (see
 * {@link FixedPolicyAgent}). It is needed only when memory is full and λ < 1.
 */
import { NOOP, RETRIEVE } from '../../envs/common/actions.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import { z } from 'zod';
import { number } from '../../src/util/schemas.js';
import { requireEpisodeLength, type FixedPolicy, type PolicyContext } from './policy.js';
import { firstFreeSlot, isQueryItem, occupiedSlots, pickVictim, slotFeature, storeAction, toSteps, validOrNoop } from './slots.js';

/** Params of {@link decayPolicy}. */
export interface DecayParams {
  /** Per-step decay λ ∈ [0, 1] (default 0.8). */
  lambda: number;
  /** A slot with λ^a below this has faded, in (0, 1] (default 0.05: a lifetime of 14 steps at λ 0.8). */
  threshold: number;
  /** Count a from the last access instead of the write (default false). */
  refresh: boolean;
  /** Episode length T in steps; inferred when omitted. */
  episodeLength?: number;
}

/** The observation feature a slot's strength decays with. */
function clockFeature(params: Readonly<Pick<DecayParams, 'refresh'>>): 'age' | 'sinceAccess' {
  return params.refresh ? 'sinceAccess' : 'age';
}

/** λ^a for an occupied slot, a in steps (from the write, or the last access with `refresh`). */
export function slotStrength(
  observation: MemoryObservation,
  slot: number,
  params: Readonly<Pick<DecayParams, 'lambda' | 'refresh'>>,
  episodeLength: number,
): number {
  return params.lambda ** toSteps(slotFeature(observation, slot, clockFeature(params)), episodeLength);
}

/** The lifetime L = min{a ≥ 0 : λ^a < threshold} in steps (Infinity when λ = 1). */
export function decayLifetime(lambda: number, threshold: number): number {
  if (lambda >= 1) return Infinity;
  let a = Math.max(0, Math.floor(Math.log(threshold) / Math.log(lambda)) - 1);
  while (lambda ** a >= threshold) a += 1;
  return a;
}

/** The decay decision (see the module documentation). */
export function decideDecay(observation: MemoryObservation, params: Readonly<DecayParams>, context: PolicyContext): number {
  if (isQueryItem(observation)) return validOrNoop(observation, RETRIEVE);
  const free = firstFreeSlot(observation);
  if (free >= 0) return validOrNoop(observation, storeAction(free));
  if (params.lambda >= 1) return NOOP;
  const T = requireEpisodeLength(context);
  const feature = clockFeature(params);
  const faded = occupiedSlots(observation).filter((i) => slotStrength(observation, i, params, T) < params.threshold);
  const slot = pickVictim(faded, (i) => [slotFeature(observation, i, feature), slotFeature(observation, i, 'age')]);
  return slot >= 0 ? validOrNoop(observation, storeAction(slot)) : NOOP;
}

export const decayPolicy: FixedPolicy<DecayParams> = {
  name: 'decay',
  description: 'stores an item only where a slot is free or has faded (λ^age under the threshold), so each item is kept for its lifetime',
  params: z.strictObject({
    lambda: number({ min: 0, max: 1 }).default(0.8),
    threshold: number({ min: 0, max: 1, minExclusive: true }).default(0.05),
    refresh: z.boolean().default(false),
    episodeLength: number({ integer: true, min: 1 }).optional(),
  }),
  unlabelledParams: ['episodeLength'],
  usesEpisodeLength: true,
  decide: (observation, _info, params, context) => decideDecay(observation, params, context),
};
