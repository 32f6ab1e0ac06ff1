/**
 * The fixed memory-management policies and their registry.
 *
 * ```ts
 * const agent = makeFixedPolicy('decay', { lambda: 0.9, threshold: 0.1 });
 * // build the env with agent.requiredEnvOptions (writeMode 'soft' for soft-write, privileged for oracle)
 * const action = agent.act(observation, info);
 * ```
 *
 * | name          | rule                                                                                 |
 * |---------------|--------------------------------------------------------------------------------------|
 * | `never-store` | always NOOP (context only)                                                           |
 * | `random`      | uniform over the valid actions (seeded)                                              |
 * | `fifo`        | store every item; full → overwrite the oldest                                       |
 * | `lru`         | store every item; full → overwrite the least recently used                          |
 * | `lfu`         | store every item; full → overwrite the least frequently used (ties: older)          |
 * | `decay`       | store into free or faded (λ^age < threshold) slots only; else drop the item          |
 * | `relevance`   | store every item; full → overwrite the lowest α·freq + β·recency + γ·context        |
 * | `key-count`   | keyed items only; overwrite stale facts, else the key least queried per fact written |
 * | `soft-write`  | STORE_AUTO in a soft-write env (the seed's rule)                                     |
 * | `oracle`      | Belady: needs `info.oracle`; evicts the farthest next use, skips unused items       |
 *
 * Every policy except never-store and random RETRIEVEs at queries (the oracle only when the support is
 * outside the working context). Only random uses GROW or SHRINK; only random and the oracle FORGET.
 * key-count reads the observation's key history (src/memory/layout.ts `KEY_HISTORY`); the others do not.
 */
import { AgentError } from '../../src/util/errors.js';
import { closestMatch } from '../../src/util/strings.js';
import { decayPolicy, type DecayParams } from './decay.js';
import { fifoPolicy, type FifoParams } from './fifo.js';
import { keyCountPolicy, type KeyCountParams } from './key-count.js';
import { lfuPolicy, type LfuParams } from './lfu.js';
import { lruPolicy, type LruParams } from './lru.js';
import { neverStorePolicy, type NeverStoreParams } from './never-store.js';
import { oraclePolicy, type OracleParams } from './oracle.js';
import { FixedPolicyAgent, type FixedPolicy } from './policy.js';
import { randomPolicy, type RandomParams } from './random.js';
import { relevancePolicy, type RelevancePolicyParams } from './relevance.js';
import { softWritePolicy, type SoftWriteParams } from './soft-write.js';

/** Params of each fixed policy by name. */
export interface FixedPolicyParams {
  'never-store': NeverStoreParams;
  random: RandomParams;
  fifo: FifoParams;
  lru: LruParams;
  lfu: LfuParams;
  decay: DecayParams;
  relevance: RelevancePolicyParams;
  'key-count': KeyCountParams;
  'soft-write': SoftWriteParams;
  oracle: OracleParams;
}

/** A registered fixed policy name. */
export type FixedPolicyName = keyof FixedPolicyParams;

/** The registry: name → policy. */
export const FIXED_POLICIES: { readonly [N in FixedPolicyName]: FixedPolicy<FixedPolicyParams[N]> } = {
  'never-store': neverStorePolicy,
  random: randomPolicy,
  fifo: fifoPolicy,
  lru: lruPolicy,
  lfu: lfuPolicy,
  decay: decayPolicy,
  relevance: relevancePolicy,
  'key-count': keyCountPolicy,
  'soft-write': softWritePolicy,
  oracle: oraclePolicy,
};

/** The registered names, in the order reports list them. */
export const FIXED_POLICY_NAMES: readonly FixedPolicyName[] = Object.keys(FIXED_POLICIES) as FixedPolicyName[];

/** Whether `name` is a registered fixed policy. */
export function isFixedPolicyName(name: string): name is FixedPolicyName {
  return Object.hasOwn(FIXED_POLICIES, name);
}

/**
 * Builds the Agent for a fixed policy. `params` are validated against the policy's schema (defaults
 * filled in; `ConfigError` on an unknown key or a bad value); an unknown name is an `AgentError` with a
 * "did you mean" hint.
 */
export function makeFixedPolicy<N extends FixedPolicyName>(
  name: N,
  params?: Readonly<Partial<FixedPolicyParams[N]>>,
): FixedPolicyAgent<FixedPolicyParams[N]>;
export function makeFixedPolicy(name: string, params?: Readonly<Record<string, unknown>>): FixedPolicyAgent<unknown>;
export function makeFixedPolicy(name: string, params: Readonly<Record<string, unknown>> = {}): FixedPolicyAgent<unknown> {
  if (!isFixedPolicyName(name)) {
    const hint = closestMatch(name, FIXED_POLICY_NAMES);
    throw new AgentError(
      `unknown fixed policy ${JSON.stringify(name)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : ''} (expected one of ${FIXED_POLICY_NAMES.join(', ')})`,
    );
  }
  return new FixedPolicyAgent(FIXED_POLICIES[name] as FixedPolicy<unknown>, params);
}

export { FixedPolicyAgent, NO_PARAMS, requireEpisodeLength } from './policy.js';
export type { FixedEnvRequirements, FixedPolicy, NoParams, PolicyContext } from './policy.js';
export { EpisodeClock } from './slots.js';
export { decideNeverStore, neverStorePolicy, type NeverStoreParams } from './never-store.js';
export { decideRandom, randomPolicy, type RandomParams } from './random.js';
export { decideFifo, fifoPolicy, type FifoParams } from './fifo.js';
export { decideLru, lruPolicy, type LruParams } from './lru.js';
export { decideLfu, lfuPolicy, type LfuParams } from './lfu.js';
export { decayLifetime, decideDecay, decayPolicy, slotStrength, type DecayParams } from './decay.js';
export {
  DEFAULT_RELEVANCE_POLICY_PARAMS,
  decideRelevance,
  relevanceFromFeatures,
  relevancePolicy,
  type RelevancePolicyParams,
} from './relevance.js';
export { decideKeyCount, keyCountPolicy, keyScore, slotKeyValue, type KeyCountParams } from './key-count.js';
export { decideSoftWrite, softWritePolicy, type SoftWriteParams } from './soft-write.js';
export { decideOracle, oraclePolicy, readOracleInfo, type OracleParams } from './oracle.js';
