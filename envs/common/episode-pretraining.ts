/**
 * MAT pre-training examples drawn from an episode, in the distribution the memory envs produce: for each
 * query, the working context the env shows (items q−W … q−1) and a memory of N active slots holding what a
 * manager might have stored by then — the out-of-context support, sometimes the in-context support too
 * (policies that store everything keep it), sometimes the stale facts the support superseded, and any
 * earlier items as distractors (facts, noise, queries, items still in the context), at every fill level.
 * Plain typed arrays: the MAT code defines its own batch type; this is the source it is glued from.
 */
import { ConfigError } from '../../src/util/errors.js';
import type { Rng } from '../../src/util/rng.js';
import type { Episode } from './episode.js';
import { requireInt, requireNumber } from './episode-params.js';

/** Options of {@link pretrainingExamples}. */
export interface PretrainingOptions {
  /** W: items before the query given as working context. */
  contextLen: number;
  /** Memory rows per example: the most slots an env can have (its `maxSlots`), ≥ the episode's maxSupport. */
  slots: number;
  rng: Rng;
  /**
   * Probability per example of adding, for each support item, the stale item it superseded (the older
   * value of the same key) to memory, while the answer stays the current value — how a stale fact left in
   * memory misleads the reader in the env. Default 0.
   */
  staleFraction?: number;
  /** Probability per example of leaving the support out of memory (the reader must guess). Default 0. */
  missingFraction?: number;
  /** Probability that an in-context support item is also in memory (stored and not yet evicted). Default 0.5. */
  storedContextFraction?: number;
  /**
   * Probability per example of moving one out-of-context support item into a random row of the working
   * context (replacing the item there), so that answering from the context is learned as well as answering
   * from memory: queries whose support is still in the context are rare in the presets (≈ 10%), and most of
   * those also find it in memory. Default 0.
   */
  contextFraction?: number;
  /** Smallest active slot count N drawn (default 1); N is uniform in [max(minSlots, forced rows), slots]. */
  minSlots?: number;
}

/** Where the support of an example is visible to the reader. */
export const SUPPORT_PLACES = ['context', 'memory', 'absent'] as const;
export type SupportPlace = (typeof SUPPORT_PLACES)[number];

/**
 * One example per query of the episode (count = number of queries). Rows are row-major:
 *
 * | field          | shape              | meaning                                                              |
 * |----------------|--------------------|----------------------------------------------------------------------|
 * | queryIndex     | count              | the query's item index in the episode                                |
 * | queryTokens    | count × L          | the query item's tokens                                              |
 * | contextTokens  | count × W × L      | items q−W … q−1, oldest first (one may be swapped for a support item, `contextFraction`); PAD rows before the episode start |
 * | contextMask    | count × W          | 1 where the context row is a real item                               |
 * | contextItems   | count × W          | item index of each context row, −1 when empty                        |
 * | memoryTokens   | count × slots × L  | memory rows at random positions among the N active slots             |
 * | memoryMask     | count × slots      | 1 where the row holds an item                                        |
 * | memoryItems    | count × slots      | item index of each memory row, −1 when empty                         |
 * | memorySupport  | count × slots      | 1 where the row holds a support item of the query                    |
 * | activeSlots    | count              | N: the example's slot count (rows ≥ N are empty)                     |
 * | answers        | count × A          | the answer tokens                                                    |
 * | place          | count              | index into {@link SUPPORT_PLACES}: `context` when every support item is in the context, `memory` when every one is visible and some only in memory, `absent` otherwise |
 * | stale          | count              | 1 when memory holds an item a support item superseded                |
 * | partial        | count              | 1 on an `absent` example when some (not every) support item is visible |
 *
 * Distractors are drawn uniformly without replacement from every earlier item (queries and noise
 * included, context items included) except the supports and the items on their `supersedes` chains
 * (stale items enter only through `staleFraction`); their number fills the N slots for half the examples
 * (as fixed policies keep memory full) and is uniform in [0, N − forced rows] for the others.
 */
export interface PretrainingExamples {
  count: number;
  itemLen: number;
  answerLen: number;
  contextLen: number;
  slots: number;
  queryIndex: Int32Array;
  queryTokens: Int32Array;
  contextTokens: Int32Array;
  contextMask: Uint8Array;
  contextItems: Int32Array;
  memoryTokens: Int32Array;
  memoryMask: Uint8Array;
  memoryItems: Int32Array;
  memorySupport: Uint8Array;
  activeSlots: Int32Array;
  answers: Int32Array;
  place: Uint8Array;
  stale: Uint8Array;
  partial: Uint8Array;
}

/** Builds the {@link PretrainingExamples} of one episode (see there for the layout). */
export function pretrainingExamples(ep: Episode, opts: PretrainingOptions): PretrainingExamples {
  const W = requireInt('pretraining.contextLen', opts.contextLen, 0);
  const M = requireInt('pretraining.slots', opts.slots, 1);
  if (M < ep.maxSupport) {
    throw new ConfigError('pretraining.slots', `expected at least maxSupport (${ep.maxSupport}) memory rows, got ${M}`);
  }
  const staleFraction = requireNumber('pretraining.staleFraction', opts.staleFraction ?? 0, 0, 1);
  const missingFraction = requireNumber('pretraining.missingFraction', opts.missingFraction ?? 0, 0, 1);
  const storedContextFraction = requireNumber('pretraining.storedContextFraction', opts.storedContextFraction ?? 0.5, 0, 1);
  const contextFraction = requireNumber('pretraining.contextFraction', opts.contextFraction ?? 0, 0, 1);
  const minSlots = requireInt('pretraining.minSlots', opts.minSlots ?? 1, 1, M);
  const { rng } = opts;
  const L = ep.itemLen;
  const A = ep.answerLen;
  const queries: number[] = [];
  for (let t = 0; t < ep.length; t++) if (ep.isQuery[t]) queries.push(t);
  const n = queries.length;
  const out: PretrainingExamples = {
    count: n,
    itemLen: L,
    answerLen: A,
    contextLen: W,
    slots: M,
    queryIndex: Int32Array.from(queries),
    queryTokens: new Int32Array(n * L),
    contextTokens: new Int32Array(n * W * L),
    contextMask: new Uint8Array(n * W),
    contextItems: new Int32Array(n * W).fill(-1),
    memoryTokens: new Int32Array(n * M * L),
    memoryMask: new Uint8Array(n * M),
    memoryItems: new Int32Array(n * M).fill(-1),
    memorySupport: new Uint8Array(n * M),
    activeSlots: new Int32Array(n),
    answers: new Int32Array(n * A),
    place: new Uint8Array(n),
    stale: new Uint8Array(n),
    partial: new Uint8Array(n),
  };
  const excluded = new Uint8Array(ep.length);
  const inRows = new Uint8Array(ep.length);
  queries.forEach((q, b) => {
    out.queryTokens.set(ep.tokens.subarray(q * L, (q + 1) * L), b * L);
    out.answers.set(ep.answers.subarray(q * A, (q + 1) * A), b * A);
    const support: number[] = [];
    for (let j = 0; j < ep.maxSupport; j++) {
      const s = ep.support[q * ep.maxSupport + j] as number;
      if (s >= 0) support.push(s);
    }
    const contextItems: number[] = [];
    for (let w = 0; w < W; w++) contextItems.push(q - W + w);
    const far = support.filter((s) => q - s > W);
    if (W > 0 && far.length > 0 && rng.bernoulli(contextFraction)) contextItems[rng.int(W)] = far[rng.int(far.length)] as number;
    contextItems.forEach((item, w) => {
      if (item < 0) return;
      out.contextTokens.set(ep.tokens.subarray(item * L, (item + 1) * L), (b * W + w) * L);
      out.contextMask[b * W + w] = 1;
      out.contextItems[b * W + w] = item;
    });
    const inContext = (s: number): boolean => contextItems.includes(s);
    const rows: number[] = [];
    inRows.fill(0);
    const add = (item: number): void => {
      if (inRows[item] || rows.length >= M) return;
      inRows[item] = 1;
      rows.push(item);
    };
    if (!rng.bernoulli(missingFraction)) {
      for (const s of support) if (!inContext(s) || rng.bernoulli(storedContextFraction)) add(s);
    }
    const visible = support.every((s) => inContext(s) || inRows[s] === 1);
    out.place[b] = !visible ? 2 : support.every(inContext) ? 0 : 1;
    if (!visible && support.some((s) => inContext(s) || inRows[s] === 1)) out.partial[b] = 1;
    excluded.fill(0);
    for (const s of support) {
      for (let x = s; x >= 0 && !excluded[x]; x = ep.supersedes[x] as number) excluded[x] = 1;
    }
    if (staleFraction > 0 && rng.bernoulli(staleFraction)) {
      for (const s of support) {
        const old = ep.supersedes[s] as number;
        if (old >= 0 && !inRows[old]) {
          add(old);
          out.stale[b] = 1;
        }
      }
    }
    const forced = rows.length;
    const lo = Math.max(minSlots, forced, 1);
    const N = lo + rng.int(M - lo + 1);
    out.activeSlots[b] = N;
    const pool: number[] = [];
    for (let i = 0; i < q; i++) if (!excluded[i] && !inRows[i]) pool.push(i);
    // Half the memories are full (fixed policies keep every slot filled), the others at a uniform fill level.
    const distractors = Math.min(pool.length, rng.bernoulli(0.5) ? N - forced : rng.int(N - forced + 1));
    for (let k = 0; k < distractors; k++) {
      const j = k + rng.int(pool.length - k);
      const pick = pool[j] as number;
      pool[j] = pool[k] as number;
      add(pick);
    }
    // Random positions among the N active slots, as in a bank whose slots fill in any order.
    const positions = rng.shuffle(Array.from({ length: N }, (_, r) => r));
    rows.forEach((item, k) => {
      const r = positions[k] as number;
      out.memoryTokens.set(ep.tokens.subarray(item * L, (item + 1) * L), (b * M + r) * L);
      out.memoryMask[b * M + r] = 1;
      out.memoryItems[b * M + r] = item;
      if (support.includes(item)) out.memorySupport[b * M + r] = 1;
    });
  });
  return out;
}
