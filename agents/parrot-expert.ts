/**
 * The Parrot-style expert (after Liu et al. 2020, "An Imitation Learning Approach for Cache
 * Replacement"): Belady's eviction with admission of every item that could matter, relabelled so that a
 * policy that cannot see the future can still imitate it. The oracle (`agents/fixed/oracle.ts`) skips
 * each item that is never queried; from the observation alone that choice is unpredictable, and an
 * imitator of it learns to store almost nothing (Recall-Medium with the MAT: 1.6 slots used of 5). This
 * expert reads the same privileged `info.oracle`, but
 *
 * - a query whose support is outside the working context: RETRIEVE; any other query: NOOP;
 * - an item of a kind no query of the episode ever needs (noise, `itemKindNeeded` false) and not
 *   needed itself: NOOP;
 * - any other item is stored (admit-all, as a cache must): over a dead slot (content never needed
 *   again) if there is one — among dead slots the one most similar to the item (the fact it
 *   supersedes), then the least accessed; else into the lowest free slot; else over the slot needed
 *   farthest ahead (Belady), ties to the least accessed.
 *
 * The tie-breaks use only observable slot features, so among the oracle's equivalent choices the label
 * is the one a policy can learn. Its own score stays near the oracle's (see the README); it is an
 * expert for `bc`/`dagger` (`"expert": "parrot"`), not a fixed policy.
 */
import { NOOP, RETRIEVE } from '../envs/common/actions.js';
import type { MemoryObservation } from '../envs/common/observation.js';
import type { OracleInfo } from '../envs/common/oracle-info.js';
import { firstFreeSlot, isQueryItem, occupiedSlots, pickVictim, slotFeature, storeAction, validOrNoop } from './fixed/slots.js';

/** The Parrot-style expert's action (see the module documentation). */
export function decideParrot(observation: MemoryObservation, oracle: OracleInfo): number {
  if (oracle.isQuery || isQueryItem(observation)) return oracle.supportInContext ? NOOP : validOrNoop(observation, RETRIEVE);
  if (!oracle.itemKindNeeded && oracle.itemNextUse < 0) return NOOP;
  const occupied = occupiedSlots(observation);
  const horizon = (i: number): number => {
    const next = oracle.slotNextUse[i] ?? -1;
    return next < 0 ? Infinity : next;
  };
  const leastAccessed = (i: number): number => -slotFeature(observation, i, 'logAccessCount');
  const dead = occupied.filter((i) => horizon(i) === Infinity);
  if (dead.length > 0) {
    const victim = pickVictim(dead, (i) => [slotFeature(observation, i, 'similarity'), leastAccessed(i)]);
    return validOrNoop(observation, storeAction(victim));
  }
  const free = firstFreeSlot(observation);
  if (free >= 0) return validOrNoop(observation, storeAction(free));
  const victim = pickVictim(occupied, (i) => [horizon(i), leastAccessed(i)]);
  return victim >= 0 ? validOrNoop(observation, storeAction(victim)) : NOOP;
}
