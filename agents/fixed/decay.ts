/**
 * decay(λ, threshold): time-decay forgetting (seed 001, section 6.2). A slot's strength is λ^age, age in
 * steps since it was written; a slot whose strength is below the threshold has faded and counts as free.
 *
 * Rule: RETRIEVE at a query. Otherwise store the item: over the weakest faded slot if there is one (the
 * overwrite forgets it in the same step, so the item is never dropped for the sake of forgetting), else
 * into the first free slot, else over the weakest slot (the oldest; ties: lowest index). A faded slot is
 * reused even when an empty one exists, so memory never holds a faded item longer than it takes the
 * next item to arrive; no separate FORGET step is ever spent. With λ = 1 nothing fades and the policy
 * is exactly fifo; lowering λ or raising the threshold shortens the lifetime
 * ln(threshold) / ln(λ) steps.
 *
 * The observation gives `age / T`; the episode length T comes from `params.episodeLength`, else
 * `info.episodeLength`, else the agent's episode clock (see {@link FixedPolicyAgent}).
 */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { t } from '../../src/util/config.js';
import { requireEpisodeLength, type FixedPolicy, type PolicyContext } from './policy.js';
import { occupiedSlots, pickVictim, slotFeature, storeAction, storeEverything, toSteps, validOrNoop, isQueryItem } from './slots.js';

/** Params of {@link decayPolicy}. */
export interface DecayParams {
  /** Per-step decay λ ∈ [0, 1] (default 0.95). */
  lambda: number;
  /** A slot with λ^age below this has faded, in (0, 1] (default 0.05, i.e. a lifetime of ≈ 58 steps at λ 0.95). */
  threshold: number;
  /** Episode length T in steps; inferred when omitted. */
  episodeLength?: number;
}

/** λ^age for a slot (1 for a free slot). */
export function slotStrength(observation: MemoryObservation, slot: number, lambda: number, episodeLength: number): number {
  return lambda ** toSteps(slotFeature(observation, slot, 'age'), episodeLength);
}

/** The decay decision (see the module documentation). */
export function decideDecay(observation: MemoryObservation, params: Readonly<DecayParams>, context: PolicyContext): number {
  const oldest = (slots: readonly number[]): number => pickVictim(slots, (i) => [slotFeature(observation, i, 'age')]);
  if (!isQueryItem(observation)) {
    const occupied = occupiedSlots(observation);
    if (occupied.length > 0 && params.lambda < 1) {
      const T = requireEpisodeLength(context);
      const faded = occupied.filter((i) => slotStrength(observation, i, params.lambda, T) < params.threshold);
      if (faded.length > 0) return validOrNoop(observation, storeAction(oldest(faded)));
    }
  }
  return storeEverything(observation, oldest);
}

export const decayPolicy: FixedPolicy<DecayParams> = {
  name: 'decay',
  description: 'stores every item; a slot fades as λ^age and is reused once under the threshold; when full, overwrites the weakest',
  params: t.object({
    lambda: t.optional(t.number({ min: 0, max: 1 }), 0.95),
    threshold: t.optional(t.number({ min: 0, max: 1, minExclusive: true }), 0.05),
    episodeLength: t.optional(t.number({ integer: true, min: 1 })),
  }),
  unlabelledParams: ['episodeLength'],
  usesEpisodeLength: true,
  decide: (observation, _info, params, context) => decideDecay(observation, params, context),
};
