/** fifo: store every item; when memory is full overwrite the oldest write (largest age). */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { pickVictim, slotFeature, storeEverything } from './slots.js';

/** fifo has no params. */
export type FifoParams = NoParams;

/** RETRIEVE at queries; else STORE_i into the first free slot, or over the oldest slot (ties: lowest index). */
export function decideFifo(observation: MemoryObservation): number {
  return storeEverything(observation, (occupied) => pickVictim(occupied, (i) => [slotFeature(observation, i, 'age')]));
}

export const fifoPolicy: FixedPolicy<FifoParams> = {
  name: 'fifo',
  description: 'stores every item; when full, overwrites the oldest slot',
  params: NO_PARAMS,
  decide: (observation) => decideFifo(observation),
};
