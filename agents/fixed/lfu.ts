/** lfu: store every item; when memory is full overwrite the least frequently used slot. */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { pickVictim, slotFeature, storeEverything } from './slots.js';

/** lfu has no params. */
export type LfuParams = NoParams;

/**
 * RETRIEVE at queries; else STORE_i into the first free slot, or over the slot with the fewest accesses
 * (smallest `logAccessCount`); ties: older (larger age), then lowest index.
 */
export function decideLfu(observation: MemoryObservation): number {
  return storeEverything(observation, (occupied) =>
    pickVictim(occupied, (i) => [-slotFeature(observation, i, 'logAccessCount'), slotFeature(observation, i, 'age')]),
  );
}

export const lfuPolicy: FixedPolicy<LfuParams> = {
  name: 'lfu',
  description: 'stores every item; when full, overwrites the least frequently used slot (ties: older)',
  params: NO_PARAMS,
  decide: (observation) => decideLfu(observation),
};
