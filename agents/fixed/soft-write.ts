/**
 * soft-write: the seed's own write rule as a policy. Every non-query item goes through STORE_AUTO in an
 * env whose `writeMode` is `'soft'` (w_i = softmax_i(k_w·M_i), M_i ← λ·M_i + w_i·v_w), and every query
 * RETRIEVEs. The agent declares `requiredEnvOptions = { writeMode: 'soft' }`; in a hard-write env the
 * same actions would give the relevance-eviction rule instead.
 */
import { RETRIEVE, STORE_AUTO } from '../../envs/common/actions.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { isQueryItem, validOrNoop } from './slots.js';

/** soft-write has no params. */
export type SoftWriteParams = NoParams;

/** RETRIEVE at queries, STORE_AUTO (the soft write) otherwise. */
export function decideSoftWrite(observation: MemoryObservation): number {
  return validOrNoop(observation, isQueryItem(observation) ? RETRIEVE : STORE_AUTO);
}

export const softWritePolicy: FixedPolicy<SoftWriteParams> = {
  name: 'soft-write',
  description: "the seed's differentiable soft write for every item (env writeMode 'soft'), soft read at queries",
  params: NO_PARAMS,
  requirements: { writeMode: 'soft' },
  decide: (observation) => decideSoftWrite(observation),
};
