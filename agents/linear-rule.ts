/**
 * A linear slot-value rule, the policy class the `cem` learner searches (agents/cem.ts): every active
 * slot gets a value — θ · f(slot) for an occupied slot, the constant `freeValue` for a free one — and
 * the current item gets θ · f(item); a non-query item replaces the lowest-valued slot (ties: the lowest
 * index) when it is worth more than that slot by `margin`, else it is dropped (NOOP); a query is
 * RETRIEVEd. The features f are the observation's key history and slot statistics (all from the past
 * stream; nothing of the future):
 *
 * | feature        | slot i                                         | current item                     |
 * |----------------|------------------------------------------------|----------------------------------|
 * | dead           | 1 when it has no key or is stale, else 0       | 1 when it has no key             |
 * | keyScore       | ln((q + ½) / (w + 1)), key-count's score       | the same, from the global counts |
 * | keyQueries     | ln(1 + q)                                      | ln(1 + q)                        |
 * | keyWrites      | ln(1 + w)                                      | ln(1 + w)                        |
 * | itemQueries    | queries that read this item                    | 0                                |
 * | age            | age / T                                        | 0                                |
 * | sinceAccess    | steps since the last read / T                  | 0                                |
 * | logAccessCount | ln(1 + reads)                                  | 0                                |
 * | relevance      | the slot's relevance                           | 0                                |
 * | similarity     | its similarity to the item                     | 0                                |
 *
 * (q, w: the earlier queries and writes of the key.) At {@link KEY_COUNT_THETA} the rule takes the
 * decisions of the key-count fixed policy (agents/fixed/key-count.ts) except in corner cases (a free
 * and a dead slot at once; a key written e⁹ times), so a search started there starts from the best
 * fixed rule of most presets.
 */
import { NOOP, RETRIEVE } from '../envs/common/actions.js';
import { GLOBAL, type MemoryObservation } from '../envs/common/observation.js';
import { isQueryItem, slotFeature, slotRows, storeAction, validOrNoop } from './fixed/slots.js';
import { countFromLog, isDeadSlot, keyScore } from './fixed/key-count.js';

/** The features of {@link slotValue}, in θ's order. */
export const RULE_FEATURES = [
  'dead',
  'keyScore',
  'keyQueries',
  'keyWrites',
  'itemQueries',
  'age',
  'sinceAccess',
  'logAccessCount',
  'relevance',
  'similarity',
] as const;

/** θ's length: a weight per feature, then `freeValue` and `margin`. */
export const RULE_PARAMS = RULE_FEATURES.length + 2;
const FREE = RULE_FEATURES.length;
const MARGIN = FREE + 1;

/** The parameters at which the rule acts as key-count: dead −10, keyScore 1, freeValue −9, margin 0. */
export const KEY_COUNT_THETA: readonly number[] = Object.freeze([-10, 1, 0, 0, 0, 0, 0, 0, 0, 0, -9, 0]);

function logKeyScore(logQueries: number, logWrites: number): number {
  return Math.log(keyScore(countFromLog(logQueries), countFromLog(logWrites)));
}

/** θ · f(slot) for an occupied slot. */
export function slotValue(obs: MemoryObservation, slot: number, theta: ArrayLike<number>): number {
  const f = (name: Parameters<typeof slotFeature>[2]): number => slotFeature(obs, slot, name);
  const values = [
    isDeadSlot(obs, slot) ? 1 : 0,
    logKeyScore(f('keyQueries'), f('keyWrites')),
    f('keyQueries'),
    f('keyWrites'),
    f('itemQueries'),
    f('age'),
    f('sinceAccess'),
    f('logAccessCount'),
    f('relevance'),
    f('similarity'),
  ];
  let v = 0;
  for (let k = 0; k < values.length; k++) v += (theta[k] as number) * (values[k] as number);
  return v;
}

/** θ · f(item) for the current item. */
export function itemValue(obs: MemoryObservation, theta: ArrayLike<number>): number {
  const g = obs.global;
  const kq = g[GLOBAL.keyQueries] as number;
  const kw = g[GLOBAL.keyWrites] as number;
  const dead = (g[GLOBAL.keyed] as number) < 0.5 ? 1 : 0;
  return (theta[0] as number) * dead + (theta[1] as number) * logKeyScore(kq, kw) + (theta[2] as number) * kq + (theta[3] as number) * kw;
}

/** The rule's action for one observation (see the module comment); always valid under the mask. */
export function decideLinearRule(obs: MemoryObservation, theta: ArrayLike<number>): number {
  if (isQueryItem(obs)) return validOrNoop(obs, RETRIEVE);
  let victim = -1;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < slotRows(obs); i++) {
    if (slotFeature(obs, i, 'active') < 0.5) continue;
    const v = slotFeature(obs, i, 'occupied') >= 0.5 ? slotValue(obs, i, theta) : (theta[FREE] as number);
    if (v < lowest) {
      lowest = v;
      victim = i;
    }
  }
  if (victim < 0) return NOOP;
  return itemValue(obs, theta) > lowest + (theta[MARGIN] as number) ? validOrNoop(obs, storeAction(victim)) : NOOP;
}
