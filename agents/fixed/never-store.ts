/** never-store: the no-memory baseline. Always NOOP: it never stores, retrieves or forgets. */
import { NOOP } from '../../envs/common/actions.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';

/** never-store has no params. */
export type NeverStoreParams = NoParams;

/** Always NOOP, so the MAT answers from its working context alone. */
export function decideNeverStore(): number {
  return NOOP;
}

export const neverStorePolicy: FixedPolicy<NeverStoreParams> = {
  name: 'never-store',
  description: 'never stores or retrieves: the MAT answers from its working context only',
  params: NO_PARAMS,
  decide: decideNeverStore,
};
