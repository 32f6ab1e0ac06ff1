/**
 * Hand-built memory observations for the fixed-policy tests: slots are given in steps and counts, and
 * encoded the way MemoryEpisode.observe does (times divided by T, log1p of the access count and of the
 * key-history counts), with the
 * action mask the env would compute.
 */
import { ActionLayout, NOOP, RETRIEVE, STORE_AUTO, STORE_BASE } from '../../../envs/common/actions.js';
import { GLOBAL, GLOBAL_FEATURE_DIM, SLOT, SLOT_FEATURE_DIM, type MemoryObservation } from '../../../envs/common/observation.js';
import type { OracleInfo } from '../../../envs/common/oracle-info.js';

/** An occupied slot; `null` is a free one. */
export interface SlotSpec {
  /** Steps since written (default 0). */
  age?: number;
  /** Steps since last access (default = age). */
  since?: number;
  /** Access count (default 1). */
  count?: number;
  /** Cosine similarity to the current item (default 0). */
  sim?: number;
  /** The env's relevance feature (default 0). */
  relevance?: number;
  /** Key history of the held item (default: no key): queries and writes of its key, queries since it arrived. */
  key?: { queries: number; writes: number; itemQueries?: number; stale?: boolean };
}

export interface ObsSpec {
  /** The active slots 0 … N−1 (N = slots.length). */
  slots: readonly (SlotSpec | null)[];
  /** maxSlots S (default N). */
  maxSlots?: number;
  /** Episode length T (default 100). */
  T?: number;
  /** Current step t (default: 1 + the largest age, so every age is possible). */
  t?: number;
  isQuery?: boolean;
  minSlots?: number;
  /** The episode is over: only NOOP is valid. */
  done?: boolean;
  /** Key history of the current item (default: no key). */
  itemKey?: { queries: number; writes: number };
}

/** A MemoryObservation as the env would emit it. */
export function buildObs(spec: ObsSpec): MemoryObservation {
  const N = spec.slots.length;
  const S = spec.maxSlots ?? N;
  const T = spec.T ?? 100;
  const maxAge = Math.max(0, ...spec.slots.map((s) => s?.age ?? 0));
  const t = spec.t ?? maxAge + 1;
  const slots = new Float32Array(S * SLOT_FEATURE_DIM);
  spec.slots.forEach((s, i) => {
    const o = i * SLOT_FEATURE_DIM;
    slots[o + SLOT.active] = 1;
    if (s === null) return;
    const age = s.age ?? 0;
    slots[o + SLOT.occupied] = 1;
    slots[o + SLOT.age] = age / T;
    slots[o + SLOT.sinceAccess] = (s.since ?? age) / T;
    slots[o + SLOT.logAccessCount] = Math.log1p(s.count ?? 1);
    slots[o + SLOT.relevance] = s.relevance ?? 0;
    slots[o + SLOT.similarity] = s.sim ?? 0;
    if (s.key === undefined) return;
    slots[o + SLOT.keyed] = 1;
    slots[o + SLOT.stale] = s.key.stale ? 1 : 0;
    slots[o + SLOT.keyQueries] = Math.log1p(s.key.queries);
    slots[o + SLOT.keyWrites] = Math.log1p(s.key.writes);
    slots[o + SLOT.itemQueries] = Math.log1p(s.key.itemQueries ?? 0);
  });
  const global = new Float32Array(GLOBAL_FEATURE_DIM);
  const occupied = spec.slots.filter((s) => s !== null).length;
  global[GLOBAL.progress] = Math.min(1, t / T);
  global[GLOBAL.slotsUsed] = occupied / S;
  global[GLOBAL.slotCount] = N / S;
  global[GLOBAL.isQuery] = spec.isQuery ? 1 : 0;
  if (spec.itemKey !== undefined) {
    global[GLOBAL.keyed] = 1;
    global[GLOBAL.keyQueries] = Math.log1p(spec.itemKey.queries);
    global[GLOBAL.keyWrites] = Math.log1p(spec.itemKey.writes);
  }
  const layout = new ActionLayout(S);
  const mask = new Uint8Array(layout.n);
  mask[NOOP] = 1;
  if (!spec.done) {
    mask[RETRIEVE] = 1;
    mask[STORE_AUTO] = 1;
    spec.slots.forEach((s, i) => {
      mask[STORE_BASE + i] = 1;
      if (s !== null) mask[layout.forgetBase + i] = 1;
    });
    if (N < S) mask[layout.grow] = 1;
    if (N > (spec.minSlots ?? 1)) mask[layout.shrink] = 1;
  }
  return { item: new Float32Array(4), slots, global, actionMask: mask };
}

/** `info.oracle` for a hand-built observation. */
export function oracleInfoOf(spec: {
  itemNextUse: number;
  itemKindNeeded?: boolean;
  slotNextUse: readonly number[];
  supportInContext?: boolean;
  isQuery?: boolean;
}): {
  oracle: OracleInfo;
} {
  return {
    oracle: {
      itemNextUse: spec.itemNextUse,
      itemKindNeeded: spec.itemKindNeeded ?? true,
      slotNextUse: Int32Array.from(spec.slotNextUse),
      supportInContext: spec.supportInContext ?? false,
      isQuery: spec.isQuery ?? false,
    },
  };
}

/**
 * A privileged decision rule as `(spec, look) => action name`, for readable tables of cases, e.g.
 * `decisionNames(decideOracle)(full3, { itemNextUse: 25, slotNextUse: [20, 50, 30] }) === 'STORE_1'`.
 */
export function decisionNames(
  decide: (obs: MemoryObservation, oracle: OracleInfo) => number,
): (spec: ObsSpec, look: Parameters<typeof oracleInfoOf>[0]) => string {
  return (spec, look) => {
    const obs = buildObs(spec);
    return actionName(obs, decide(obs, oracleInfoOf(look).oracle));
  };
}

/** Action names for readable assertions, e.g. `name(obs, a) === 'STORE_2'`. */
export function actionName(obs: MemoryObservation, action: number): string {
  return new ActionLayout(obs.slots.length / SLOT_FEATURE_DIM).name(action);
}

/** Whether `action` is allowed by the observation's mask. */
export function isValid(obs: MemoryObservation, action: number): boolean {
  return obs.actionMask[action] === 1;
}
