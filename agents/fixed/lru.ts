/** lru: store every item; when memory is full overwrite the least recently used slot (largest sinceAccess). */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { pickVictim, slotFeature, storeEverything } from './slots.js';

/** lru has no params. */
export type LruParams = NoParams;

/**
 * RETRIEVE at queries; else STORE_i into the first free slot, or over the slot accessed longest ago
 * (a store and a read with at least the uniform weight count as accesses); ties: older, then lowest index.
 */
export function decideLru(observation: MemoryObservation): number {
  return storeEverything(observation, (occupied) =>
    pickVictim(occupied, (i) => [slotFeature(observation, i, 'sinceAccess'), slotFeature(observation, i, 'age')]),
  );
}

export const lruPolicy: FixedPolicy<LruParams> = {
  name: 'lru',
  description: 'stores every item; when full, overwrites the least recently used slot',
  params: NO_PARAMS,
  decide: (observation) => decideLru(observation),
};
