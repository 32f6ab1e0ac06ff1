/**
 * The episode format shared by every memory task family, and pure helpers on it (validation, the
 * "live items" statistic behind memory scarcity, the Belady use index, MAT pre-training examples).
 *
 * An episode is a stream of T items, each a row of `itemLen` tokens (PAD = 0 fills short rows). Some
 * items are queries; the answer of query t is `answers[t·A … t·A+A)`, and `support[t·maxSupport …]`
 * lists the earlier items whose content answers it. An env streams the items one per step; the MAT
 * answers a query from the query tokens, its working context (the `contextLen` items just before the
 * query) and — if the agent chose RETRIEVE — the memory slots.
 */
import { ConfigError } from '../../src/util/errors.js';
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
  /** The family's kind names (the generator's exported KIND list). */
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

/** A memory budget a preset proposes for the env's adaptive slot count. */
export interface MemoryBudget {
  /** The default slot count N (what `slotCount` evaluates to on the preset's complexity). */
  slots: number;
  minSlots: number;
  maxSlots: number;
  /** mathjs expression over the episode's `complexity` variables, clamped to [minSlots, maxSlots]. */
  slotCount: string;
}

/** The difficulty presets every family ships. */
export const PRESET_NAMES = ['easy', 'medium', 'hard'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A family preset: generator construction options, episode params and the proposed memory budget. */
export interface FamilyPreset<P, O> extends MemoryBudget {
  name: PresetName;
  /** One line for `memgym list`. */
  description: string;
  /** Options of the family's generator constructor (vocabulary sizing). */
  generator: O;
  params: P;
}

/** The preset `name` of a family's table; throws `ConfigError` naming the valid presets. */
export function lookupPreset<T>(family: string, table: Readonly<Record<PresetName, T>>, name: string): T {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(`${family}.preset`, `expected one of ${PRESET_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  return table[name as PresetName];
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

/** The result of {@link validateEpisode}. */
export interface EpisodeCheck {
  ok: boolean;
  problems: string[];
}

/**
 * Checks an episode's internal consistency: array shapes, tokens in the vocabulary, answers present
 * exactly on queries and in the vocabulary, support items strictly before their query, ascending,
 * -1 padded and non-empty on queries, `nextUse` equal to the one the support implies, `supersedes`
 * pointing backwards, kinds within `kindNames`, finite complexity. Reports at most 20 problems.
 */
export function validateEpisode(ep: Episode): EpisodeCheck {
  const problems: string[] = [];
  const add = (msg: string): void => {
    if (problems.length < 20) problems.push(msg);
  };
  const { length: T, itemLen: L, answerLen: A, maxSupport: S, vocabSize: V } = ep;
  const shape = (name: string, got: number, want: number): void => {
    if (got !== want) add(`${name}: expected length ${want}, got ${got}`);
  };
  if (!Number.isInteger(T) || T < 1) add(`length: expected a positive integer, got ${T}`);
  if (!Number.isInteger(L) || L < 1) add(`itemLen: expected a positive integer, got ${L}`);
  if (!Number.isInteger(A) || A < 1) add(`answerLen: expected a positive integer, got ${A}`);
  if (!Number.isInteger(S) || S < 1) add(`maxSupport: expected a positive integer, got ${S}`);
  if (problems.length > 0) return { ok: false, problems };
  shape('tokens', ep.tokens.length, T * L);
  shape('kinds', ep.kinds.length, T);
  shape('isQuery', ep.isQuery.length, T);
  shape('answers', ep.answers.length, T * A);
  shape('support', ep.support.length, T * S);
  shape('nextUse', ep.nextUse.length, T);
  shape('supersedes', ep.supersedes.length, T);
  if (problems.length > 0) return { ok: false, problems };
  for (let i = 0; i < ep.tokens.length; i++) {
    const tok = ep.tokens[i] as number;
    if (tok < 0 || tok >= V) add(`tokens[${i}] (item ${Math.floor(i / L)}): expected a token in [0, ${V}), got ${tok}`);
  }
  for (let t = 0; t < T; t++) {
    const kind = ep.kinds[t] as number;
    if (kind >= ep.kindNames.length) add(`kinds[${t}]: expected a kind in [0, ${ep.kindNames.length}), got ${kind}`);
    const q = ep.isQuery[t] as number;
    if (q !== 0 && q !== 1) add(`isQuery[${t}]: expected 0 or 1, got ${q}`);
    for (let a = 0; a < A; a++) {
      const ans = ep.answers[t * A + a] as number;
      if (q === 1 && (ans < 0 || ans >= V)) add(`answers[${t}][${a}]: expected a token in [0, ${V}) on a query, got ${ans}`);
      if (q === 0 && ans !== -1) add(`answers[${t}][${a}]: expected -1 on a non-query, got ${ans}`);
    }
    let prev = -1;
    let count = 0;
    let padded = false;
    for (let j = 0; j < S; j++) {
      const s = ep.support[t * S + j] as number;
      if (s === -1) {
        padded = true;
        continue;
      }
      count++;
      if (q === 0) add(`support[${t}][${j}]: expected -1 on a non-query, got ${s}`);
      else if (padded) add(`support[${t}]: expected -1 padding only at the end, got ${s} after -1`);
      else if (s < 0 || s >= t) add(`support[${t}][${j}]: expected an item index in [0, ${t}), got ${s}`);
      else if (s <= prev) add(`support[${t}]: expected ascending distinct indices, got ${s} after ${prev}`);
      prev = s;
    }
    if (q === 1 && count === 0) add(`support[${t}]: expected at least one supporting item for a query, got none`);
    const sup = ep.supersedes[t] as number;
    if (sup < -1 || sup >= t) add(`supersedes[${t}]: expected -1 or an index in [0, ${t}), got ${sup}`);
  }
  const want = computeNextUse(T, ep.support, S);
  for (let t = 0; t < T; t++) {
    if (want[t] !== ep.nextUse[t]) add(`nextUse[${t}]: expected ${want[t]} from the support table, got ${ep.nextUse[t]}`);
  }
  for (const [k, v] of Object.entries(ep.complexity)) {
    if (!Number.isFinite(v)) add(`complexity.${k}: expected a finite number, got ${v}`);
  }
  return { ok: problems.length === 0, problems };
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

export { requireInt, requireNumber, zipfWeights } from './episode-params.js';
export type { ZipfWeights } from './episode-params.js';
