/**
 * The episode format shared by every memory task family, and pure queries on it (the "live items"
 * statistic behind memory scarcity, the Belady use index). Validation is in `episode-check.ts`, the
 * presets in `preset.ts`, MAT pre-training examples in `episode-pretraining.ts`.
 *
 * An episode is a stream of T items, each a row of `itemLen` tokens (PAD = 0 fills short rows). Some
 * items are queries; the answer of query t is `answers[t·A … t·A+A)`, and `support[t·maxSupport …]`
 * lists the earlier items whose content answers it. An env streams the items one per step; the MAT
 * answers a query from the query tokens, its working context (the `contextLen` items just before the
 * query) and — if the agent chose RETRIEVE — the memory slots.
 */
import type { Rng } from '../../src/util/rng.js';

/** The padding token of every family. */
export const PAD = 0;

/** The MAT's default working context W: the items just before the current one that it always sees. */
export const DEFAULT_CONTEXT_LEN = 4;

/** One generated episode. All arrays are row-major and owned by the episode. */
export interface Episode {
  /** `'recall' | 'story-qa' | 'forecast'`. */
  family: string;
  /** L: tokens per item. */
  itemLen: number;
  /** Token ids are in `[0, vocabSize)`. */
  vocabSize: number;
  /** A: tokens per answer (1 for recall / story-qa; the window length for forecast). */
  answerLen: number;
  /** T: number of items. */
  length: number;
  /** T × L item tokens. */
  tokens: Int32Array;
  /** T family kind ids, indices into `kindNames`. */
  kinds: Uint8Array;
  /** The family's kind names (its generator's `*_KINDS` list, e.g. `RECALL_KINDS`). */
  kindNames: readonly string[];
  /** T: 1 where the item is a query. */
  isQuery: Uint8Array;
  /** T × A answer tokens; -1 on non-query rows. */
  answers: Int32Array;
  /** T × maxSupport indices of the items that answer query t, ascending, -1 padded; all -1 on non-queries. */
  support: Int32Array;
  maxSupport: number;
  /** T: the first query that has item t as support, -1 if none (the Belady oracle's next use). */
  nextUse: Int32Array;
  /**
   * T: the earlier item this one makes stale (the previous fact about the same key / person / object),
   * -1 if none. A stale item in memory misleads the MAT; `pretrainingExamples` uses it for hard distractors.
   */
  supersedes: Int32Array;
  /**
   * T: the key item t is about, in `[0, complexity.numKeys)`, or -1 for none (recall: the fact's or
   * query's key, -1 for noise; story-qa: a move's person, a pickup's, drop's or question's object, a
   * task-1 question's person, people first then objects; forecast: a window's phase, a query's the
   * phase it asks for). A function of the item's own tokens, so agents may see it (the observation's
   * key history, `src/memory/layout.ts`); an item and the one it `supersedes` share their key.
   */
  keyOf: Int32Array;
  /** Variables for the slot-count expression, e.g. `numKeys`, `length`, `liveFacts`. */
  complexity: Record<string, number>;
}

/** A pure, seeded episode generator of one family. */
export interface EpisodeGenerator<P, E extends Episode = Episode> {
  readonly family: string;
  readonly vocabSize: number;
  readonly itemLen: number;
  readonly answerLen: number;
  /** Same params and same rng state ⇒ identical episode. */
  generate(params: P, rng: Rng): E;
  /** Whether a prediction (answerLen tokens) counts as a correct answer. */
  isCorrect(prediction: Int32Array, answer: Int32Array): boolean;
}

/** The item's token row (a view, not a copy). */
export function itemTokens(ep: Episode, t: number): Int32Array {
  return ep.tokens.subarray(t * ep.itemLen, (t + 1) * ep.itemLen);
}

/** The support item indices of item t (empty for non-queries). */
export function supportOf(ep: Episode, t: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < ep.maxSupport; j++) {
    const s = ep.support[t * ep.maxSupport + j] as number;
    if (s >= 0) out.push(s);
  }
  return out;
}

/** Indices of the query items, ascending. */
export function queryIndices(ep: Episode): number[] {
  const out: number[] = [];
  for (let t = 0; t < ep.length; t++) if (ep.isQuery[t]) out.push(t);
  return out;
}

/** `nextUse` from the support table: for each item, the first query that lists it. */
export function computeNextUse(length: number, support: Int32Array, maxSupport: number): Int32Array {
  const next = new Int32Array(length).fill(-1);
  for (let q = length - 1; q >= 0; q--) {
    for (let j = 0; j < maxSupport; j++) {
      const s = support[q * maxSupport + j] as number;
      if (s >= 0) next[s] = q;
    }
  }
  return next;
}

/** Per-step count of the items an oracle must hold in memory, and its summary. */
export interface NeededProfile {
  /** profile[t]: items i ≤ t that a later query q > t needs from memory (q − i > contextLen). */
  profile: Int32Array;
  /** Mean of `profile` over the episode. */
  mean: number;
  peak: number;
}

/**
 * How many items an oracle must hold in memory after each step: item i is needed from its own step
 * until the last query that uses it from outside the working context (q − i > contextLen). Slots
 * below this demand force even the oracle to choose; the families' `complexity` reports its mean
 * (`neededFacts`) and peak (`peakNeededFacts`).
 */
export function neededProfile(ep: Episode, contextLen = DEFAULT_CONTEXT_LEN): NeededProfile {
  const lastFar = new Int32Array(ep.length).fill(-1);
  for (let q = 0; q < ep.length; q++) {
    for (let j = 0; j < ep.maxSupport; j++) {
      const s = ep.support[q * ep.maxSupport + j] as number;
      if (s >= 0 && q - s > contextLen && q > (lastFar[s] as number)) lastFar[s] = q;
    }
  }
  const diff = new Int32Array(ep.length + 1);
  for (let i = 0; i < ep.length; i++) {
    const q = lastFar[i] as number;
    if (q >= 0) {
      diff[i]! += 1;
      diff[q]! -= 1; // needed for t in [i, q)
    }
  }
  const profile = new Int32Array(ep.length);
  let run = 0;
  let sum = 0;
  let peak = 0;
  for (let t = 0; t < ep.length; t++) {
    run += diff[t] as number;
    profile[t] = run;
    sum += run;
    if (run > peak) peak = run;
  }
  return { profile, mean: ep.length > 0 ? sum / ep.length : 0, peak };
}

/** Number of items an oracle must hold after step t (see {@link neededProfile}). */
export function neededItemsAt(ep: Episode, t: number, contextLen = DEFAULT_CONTEXT_LEN): number {
  return neededProfile(ep, contextLen).profile[t] ?? 0;
}

/** Fraction of queries whose support is entirely inside the working context (answerable without memory). */
export function inContextQueryFraction(ep: Episode, contextLen = DEFAULT_CONTEXT_LEN): number {
  let queries = 0;
  let inside = 0;
  for (let q = 0; q < ep.length; q++) {
    if (!ep.isQuery[q]) continue;
    queries++;
    if (supportOf(ep, q).every((s) => q - s <= contextLen)) inside++;
  }
  return queries > 0 ? inside / queries : 0;
}

/**
 * Mean over the episode of the number of live facts: items whose kind is in `factKinds`, each live from
 * its own step until a later item supersedes it (see `supersedes`) or the episode ends. For recall this
 * is the number of keys with a current value; for story QA the current whereabouts of people and objects.
 */
export function meanLiveFacts(ep: Episode, factKinds: readonly number[]): number {
  const end = new Int32Array(ep.length).fill(ep.length);
  for (let t = 0; t < ep.length; t++) {
    const old = ep.supersedes[t] as number;
    if (old >= 0 && t < (end[old] as number)) end[old] = t;
  }
  let sum = 0;
  for (let t = 0; t < ep.length; t++) if (factKinds.includes(ep.kinds[t] as number)) sum += (end[t] as number) - t;
  return ep.length > 0 ? sum / ep.length : 0;
}
