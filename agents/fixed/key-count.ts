/**
 * key-count: keep the facts whose key is asked about most per fact written — a frequency rule over keys
 * instead of slots (LFU counts a slot's reads, which reset when the slot is overwritten). It reads only
 * the observation's key history (`KEY_HISTORY` in src/memory/layout.ts), so it sees the past stream and
 * nothing of the future; scripts/recall-bounds.ts simulates the same rule with an unbounded side table.
 */
import { NOOP, RETRIEVE } from '../../envs/common/actions.js';
import { GLOBAL, type MemoryObservation } from '../../envs/common/observation.js';
import { NO_PARAMS, type FixedPolicy, type NoParams } from './policy.js';
import { firstFreeSlot, isQueryItem, occupiedSlots, pickVictim, slotFeature, storeAction, validOrNoop } from './slots.js';

/** key-count has no params. */
export type KeyCountParams = NoParams;

/** A count back from its ln(1 + n) feature. */
export function countFromLog(logFeature: number): number {
  return Math.round(Math.expm1(logFeature));
}

/** A key's score: its earlier queries per fact written for it, (queries + ½) / (writes + 1). */
export function keyScore(queries: number, writes: number): number {
  return (queries + 0.5) / (writes + 1);
}

/** Whether slot `slot`'s item is dead: it has no key (never asked about) or is `stale` (its key has a newer item). */
export function isDeadSlot(observation: MemoryObservation, slot: number): boolean {
  return slotFeature(observation, slot, 'keyed') < 0.5 || slotFeature(observation, slot, 'stale') >= 0.5;
}

/**
 * The value of keeping slot `slot`: its key's {@link keyScore}, or −1 when the slot's item is dead — it
 * has no key (never asked about) or is `stale` (its key has a newer item, the current one included).
 */
export function slotKeyValue(observation: MemoryObservation, slot: number): number {
  if (isDeadSlot(observation, slot)) return -1;
  return keyScore(countFromLog(slotFeature(observation, slot, 'keyQueries')), countFromLog(slotFeature(observation, slot, 'keyWrites')));
}

/**
 * RETRIEVE at queries. A non-query item without a key is dropped (NOOP). A keyed item goes over the
 * lowest dead slot, else into the lowest free slot, else over the slot of lowest value when that value
 * is below the item's own score (ties: the lowest index); otherwise it is dropped.
 */
export function decideKeyCount(observation: MemoryObservation): number {
  if (isQueryItem(observation)) return validOrNoop(observation, RETRIEVE);
  const g = observation.global;
  if ((g[GLOBAL.keyed] as number) < 0.5) return NOOP;
  const occupied = occupiedSlots(observation);
  const values = new Map(occupied.map((i) => [i, slotKeyValue(observation, i)]));
  const dead = occupied.find((i) => (values.get(i) as number) < 0);
  if (dead !== undefined) return validOrNoop(observation, storeAction(dead));
  const free = firstFreeSlot(observation);
  if (free >= 0) return validOrNoop(observation, storeAction(free));
  const fresh = keyScore(countFromLog(g[GLOBAL.keyQueries] as number), countFromLog(g[GLOBAL.keyWrites] as number));
  const victim = pickVictim(occupied, (i) => [-(values.get(i) as number)]);
  return victim >= 0 && (values.get(victim) as number) < fresh ? validOrNoop(observation, storeAction(victim)) : NOOP;
}

export const keyCountPolicy: FixedPolicy<KeyCountParams> = {
  name: 'key-count',
  description: 'keeps the facts whose key was queried most per fact written (the key history); overwrites stale facts first',
  params: NO_PARAMS,
  decide: (observation) => decideKeyCount(observation),
};
