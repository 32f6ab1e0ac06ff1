/**
 * oracle: a Belady-style manager that sees the episode's future queries through the privileged
 * `info.oracle` look-ahead (env built with `privileged: true`; the agent declares it in
 * `requiredEnvOptions`). It is the upper anchor of the normalised score.
 *
 * - A query whose support is outside the working context: RETRIEVE.
 * - Any other item (a query answerable from context is handled like one): with `next` = the item's
 *   next use (`itemNextUse`),
 *   - `next = −1` (never queried, or superseded before use): do not store it; FORGET the lowest dead
 *     slot (slotNextUse = −1: its content is never needed again and a stale fact could mislead the
 *     MAT) if there is one, else NOOP;
 *   - otherwise store it over the lowest dead slot, else into the lowest free slot, else over the slot
 *     needed farthest in the future, but only when that use is later than `next` (else keep memory
 *     as it is: NOOP).
 * Ties between equally far slots go to the lowest index. GROW and SHRINK are never used.
 */
import { NOOP, RETRIEVE } from '../../envs/common/actions.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import type { OracleInfo } from '../../envs/common/oracle-info.js';
import type { Info } from '../../src/core/env.js';
import { AgentError, describeValue } from '../../src/util/errors.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { firstFreeSlot, forgetAction, isOccupied, isQueryItem, occupiedSlots, pickVictim, storeAction, validOrNoop } from './slots.js';

/** oracle has no params. */
export type OracleParams = NoParams;

/** `info.oracle`, checked; throws `AgentError` when the env is not privileged. */
export function readOracleInfo(info: Info, policy = 'oracle'): OracleInfo {
  const o = info.oracle as Partial<OracleInfo> | undefined;
  if (
    o === null ||
    typeof o !== 'object' ||
    typeof o.itemNextUse !== 'number' ||
    typeof o.itemKindNeeded !== 'boolean' ||
    !(o.slotNextUse instanceof Int32Array) ||
    typeof o.supportInContext !== 'boolean' ||
    typeof o.isQuery !== 'boolean'
  ) {
    throw new AgentError(
      `${policy}: expected the privileged look-ahead info.oracle { itemNextUse, itemKindNeeded, slotNextUse, supportInContext, isQuery } ` +
        `(build the env with privileged: true, as the agent's requiredEnvOptions say), got info.oracle = ${describeValue(info.oracle)}`,
    );
  }
  return o as OracleInfo;
}

/** A next-use step with −1 (never) as +∞, for "farthest in the future" comparisons. */
function horizon(nextUse: number): number {
  return nextUse < 0 ? Infinity : nextUse;
}

/** The Belady decision (see the module documentation). */
export function decideOracle(observation: MemoryObservation, oracle: OracleInfo): number {
  const query = oracle.isQuery || isQueryItem(observation);
  if (query && !oracle.supportInContext) return validOrNoop(observation, RETRIEVE);
  const occupied = occupiedSlots(observation);
  const dead = occupied.filter((i) => (oracle.slotNextUse[i] ?? -1) < 0);
  const next = oracle.itemNextUse;
  if (next < 0) {
    const slot = dead[0];
    return slot === undefined ? NOOP : validOrNoop(observation, forgetAction(observation, slot));
  }
  if (dead.length > 0) return validOrNoop(observation, storeAction(dead[0] as number));
  const free = firstFreeSlot(observation);
  if (free >= 0) return validOrNoop(observation, storeAction(free));
  const victim = pickVictim(occupied, (i) => [horizon(oracle.slotNextUse[i] ?? -1)]);
  if (victim >= 0 && isOccupied(observation, victim) && horizon(oracle.slotNextUse[victim] ?? -1) > next) {
    return validOrNoop(observation, storeAction(victim));
  }
  return NOOP;
}

export const oraclePolicy: FixedPolicy<OracleParams> = {
  name: 'oracle',
  description: 'Belady-style: sees future queries; evicts the slot needed farthest ahead, skips items never queried',
  params: NO_PARAMS,
  requirements: { privileged: true },
  decide: (observation, info) => decideOracle(observation, readOracleInfo(info)),
};
