/**
 * The memory layout: the one place that states the flat action layout of every memory env and the
 * features of its observation. The envs (`envs/common/actions.ts`, `observation.ts`) build their spaces
 * and decode actions from it; the policy networks (`src/rl/networks`) split observations and lay out
 * logits by it; the fixed policies read slots by its feature indices.
 *
 * Actions (S = maxSlots): 0 NOOP, 1 RETRIEVE, 2 STORE_AUTO, 3 … 3+S−1 STORE_i, 3+S … 3+2S−1 FORGET_i,
 * 3+2S GROW, 3+2S+1 SHRINK — 3 + 2S + 2 actions.
 */

/** The operations, in the order of their first action index (also the slot policy's operation groups). */
export const MEMORY_OPS = ['NOOP', 'RETRIEVE', 'STORE_AUTO', 'STORE', 'FORGET', 'GROW', 'SHRINK'] as const;
export type MemoryOp = (typeof MEMORY_OPS)[number];

export const NOOP = 0;
export const RETRIEVE = 1;
export const STORE_AUTO = 2;
/** Index of STORE_0; FORGET_0 is STORE_BASE + S. */
export const STORE_BASE = 3;

/** Number of actions for `maxSlots` slots: 3 + 2S + 2. */
export function numActions(maxSlots: number): number {
  return STORE_BASE + 2 * maxSlots + 2;
}

/** The operation of every flat action index for `maxSlots`, as an index into {@link MEMORY_OPS}. */
export function actionOpIndices(maxSlots: number): Int32Array {
  const g = new Int32Array(numActions(maxSlots));
  g[NOOP] = 0;
  g[RETRIEVE] = 1;
  g[STORE_AUTO] = 2;
  g.fill(3, STORE_BASE, STORE_BASE + maxSlots);
  g.fill(4, STORE_BASE + maxSlots, STORE_BASE + 2 * maxSlots);
  g[STORE_BASE + 2 * maxSlots] = 5;
  g[STORE_BASE + 2 * maxSlots + 1] = 6;
  return g;
}

/**
 * Per-slot features, in order: `active` (slot index < N), `occupied`, `age` and `sinceAccess` (in
 * steps, divided by the episode length), `logAccessCount` (ln(1 + accesses)), `relevance` (the
 * configured relevance score; 0 when free), `similarity` (cosine of the current item's read key and
 * the slot; 0 when free), then the **key history** of the item the slot holds, counted from the items
 * streamed so far (see {@link KEY_HISTORY}): `keyed` (1 when the item is about a key), `stale` (a later
 * item — the current one included — superseded it: its key's newer fact), `keyQueries` and `keyWrites`
 * (ln(1 + n) of the earlier queries and non-query items about its key), `itemQueries` (ln(1 + n) of
 * the queries about its key since the item arrived).
 */
export const SLOT_FEATURES = [
  'active',
  'occupied',
  'age',
  'sinceAccess',
  'logAccessCount',
  'relevance',
  'similarity',
  'keyed',
  'stale',
  'keyQueries',
  'keyWrites',
  'itemQueries',
] as const;
export const SLOT_FEATURE_DIM = SLOT_FEATURES.length;
/** Feature indices within a slot row. */
export const SLOT = Object.fromEntries(SLOT_FEATURES.map((name, i) => [name, i])) as Record<(typeof SLOT_FEATURES)[number], number>;
/** Index of the first per-slot statistic (after `active` and `occupied`). */
export const FIRST_SLOT_STAT = SLOT.age;

/**
 * Global features, in order: episode progress t/T, occupied slots / S, current N / S, isQuery, then the
 * current item's key history: `keyed`, `keyQueries`, `keyWrites` (ln(1 + n) of the earlier queries and
 * non-query items about its key; 0 when the item has no key). The first five lie in [0, 1].
 */
export const GLOBAL_FEATURES = ['progress', 'slotsUsed', 'slotCount', 'isQuery', 'keyed', 'keyQueries', 'keyWrites'] as const;
export const GLOBAL_FEATURE_DIM = GLOBAL_FEATURES.length;
/** Feature indices within the global features. */
export const GLOBAL = Object.fromEntries(GLOBAL_FEATURES.map((name, i) => [name, i])) as Record<(typeof GLOBAL_FEATURES)[number], number>;

/**
 * What the key-history features say, stated once. Every item of an episode may be *about a key*
 * (`Episode.keyOf`: recall's key, story-qa's person or object, forecast's phase), a function of the
 * item's own tokens; a key's **queries** are the earlier query items about it, its **writes** the earlier
 * non-query items about it. Only the past and the current item enter: no feature sees the future, so a
 * policy acting on them is not clairvoyant. They give a policy what per-slot statistics cannot: a key's
 * query history survives the eviction of its facts (the counts a key-frequency rule needs, e.g. the
 * `key-count` fixed policy), and `stale` marks a fact whose key has a newer one.
 */
export const KEY_HISTORY = ['keyed', 'stale', 'keyQueries', 'keyWrites', 'itemQueries'] as const;

/** One-hot item-kind width (families use at most this many kinds). */
export const MAX_KINDS = 8;

/** Item feature width for MAT features of dimension `dim`: the features, the one-hot kind, isQuery. */
export function itemFeatureDim(dim: number): number {
  return dim + MAX_KINDS + 1;
}
