/**
 * MAT pre-training examples drawn from an episode: for each query, what the MAT would see when an
 * ideal manager had stored its supporting items (plus distractors) — as plain typed arrays. The MAT
 * code defines its own batch type; this is the source it is glued from.
 */
import { ConfigError } from '../../src/util/errors.js';
import type { Rng } from '../../src/util/rng.js';
import type { Episode } from './episode.js';
import { requireInt, requireNumber } from './episode-params.js';

/** Options of {@link pretrainingExamples}. */
export interface PretrainingOptions {
  /** W: items before the query given as working context. */
  contextLen: number;
  /** Memory rows per example (≥ the episode's maxSupport). */
  slots: number;
  rng: Rng;
  /**
   * Probability per example of adding, for each support item, the stale item it superseded (the older
   * value of the same key) as an extra memory row, while the answer stays the current value. Default 0:
   * the MAT learns to trust the fact it finds; with both present it cannot tell which is newer, which is
   * exactly how a stale fact misleads it in the env.
   */
  staleFraction?: number;
  /**
   * Probability per example of leaving the out-of-context support items out of memory, so that the MAT
   * learns to guess when the fact is missing. Default 0.
   */
  missingFraction?: number;
}

/**
 * One example per query of the episode (count = number of queries). Rows are row-major:
 *
 * | field          | shape              | meaning                                                              |
 * |----------------|--------------------|----------------------------------------------------------------------|
 * | queryIndex     | count              | the query's item index in the episode                                |
 * | queryTokens    | count × L          | the query item's tokens                                              |
 * | contextTokens  | count × W × L      | items q−W … q−1, oldest first; PAD rows before the episode start      |
 * | contextMask    | count × W          | 1 where the context row is a real item                               |
 * | contextItems   | count × W          | item index of each context row, −1 when empty                        |
 * | memoryTokens   | count × slots × L  | memory rows at random positions: out-of-context support, optional stale items, distractors |
 * | memoryMask     | count × slots      | 1 where the row holds an item                                        |
 * | memoryItems    | count × slots      | item index of each memory row, −1 when empty                         |
 * | answers        | count × A          | the answer tokens                                                    |
 * | answerable     | count              | 1 when every support item is in the context or the memory            |
 *
 * Distractors are drawn uniformly without replacement from the earlier non-query items outside the
 * context, excluding the supports and every item on their `supersedes` chains (stale items enter only
 * through `staleFraction`). Early queries may leave memory rows empty (mask 0).
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
  answers: Int32Array;
  answerable: Uint8Array;
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
  const { rng } = opts;
  const L = ep.itemLen;
  const A = ep.answerLen;
  const S = ep.maxSupport;
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
    answers: new Int32Array(n * A),
    answerable: new Uint8Array(n),
  };
  const excluded = new Uint8Array(ep.length);
  queries.forEach((q, b) => {
    out.queryTokens.set(ep.tokens.subarray(q * L, (q + 1) * L), b * L);
    out.answers.set(ep.answers.subarray(q * A, (q + 1) * A), b * A);
    for (let w = 0; w < W; w++) {
      const item = q - W + w;
      if (item < 0) continue;
      out.contextTokens.set(ep.tokens.subarray(item * L, (item + 1) * L), (b * W + w) * L);
      out.contextMask[b * W + w] = 1;
      out.contextItems[b * W + w] = item;
    }
    const support: number[] = [];
    for (let j = 0; j < S; j++) {
      const s = ep.support[q * S + j] as number;
      if (s >= 0) support.push(s);
    }
    const far = support.filter((s) => q - s > W);
    const rows: number[] = [];
    if (!rng.bernoulli(missingFraction)) rows.push(...far);
    out.answerable[b] = rows.length === far.length ? 1 : 0;
    // Supports and their stale chains never enter as random distractors.
    excluded.fill(0);
    for (const s of support) {
      let x = s;
      while (x >= 0 && !excluded[x]) {
        excluded[x] = 1;
        x = ep.supersedes[x] as number;
      }
    }
    if (staleFraction > 0 && rng.bernoulli(staleFraction)) {
      for (const s of support) {
        const old = ep.supersedes[s] as number;
        if (old >= 0 && q - old > W && rows.length < M && !rows.includes(old)) rows.push(old);
      }
    }
    const pool: number[] = [];
    for (let i = 0; i < q - W; i++) if (!ep.isQuery[i] && !excluded[i] && !rows.includes(i)) pool.push(i);
    for (let k = 0; rows.length < M && k < pool.length; k++) {
      const j = k + rng.int(pool.length - k);
      const pick = pool[j] as number;
      pool[j] = pool[k] as number;
      rows.push(pick);
    }
    // Random row positions (empty rows too), as in a memory bank whose slots fill in any order.
    const positions = rng.shuffle(Array.from({ length: M }, (_, r) => r));
    rows.forEach((item, k) => {
      const r = positions[k] as number;
      out.memoryTokens.set(ep.tokens.subarray(item * L, (item + 1) * L), (b * M + r) * L);
      out.memoryMask[b * M + r] = 1;
      out.memoryItems[b * M + r] = item;
    });
  });
  return out;
}
