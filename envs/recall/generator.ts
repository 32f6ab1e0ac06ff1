/**
 * Recall episodes: a stream of facts `key → value`, key updates that make older facts stale,
 * distractor (noise) items, and queries for a key's current value.
 *
 * Items are 3 tokens, `[kindToken, a, b]`, with disjoint id ranges:
 *
 * | item  | tokens                                  |
 * |-------|-----------------------------------------|
 * | fact  | `[FACT, KEY_BASE + k, VALUE_BASE + v]`  |
 * | noise | `[NOISE, NOISE_BASE + a, NOISE_BASE + b]` |
 * | query | `[QUERY, KEY_BASE + k, PAD]`            |
 *
 * The answer of a query is the value token of the most recent fact for its key before the query (its
 * single support item). Per step: with probability `queryRate` a query (when some fact is eligible,
 * else a fact), with `noiseRate` a noise item, otherwise a fact. A fact is an update of an already
 * written key with probability `updateRate` (while unwritten keys remain), and an update always
 * changes the value, so a stale fact in memory gives a wrong answer.
 *
 * Keys have popularity `1/(rank+1)^zipf` (random ranks per episode) and a type that shapes when and how
 * often they are written and queried ({@link DEFAULT_RECALL_KEY_TYPES}): a query picks an eligible key
 * with weight `popularity × queryWeight × kernel(age)`, where age = steps since the key's last fact.
 */
import type { Rng } from '../../src/util/rng.js';
import { parseConfig } from '../../src/util/zod-config.js';
import {
  computeNextUse,
  DEFAULT_CONTEXT_LEN,
  meanLiveFacts,
  neededProfile,
  PAD,
  type Episode,
  type EpisodeGenerator,
} from '../common/episode.js';
import { zipfWeights } from '../common/episode-params.js';
import {
  RECALL_KEY_TYPES,
  type RecallGeneratorOptions,
  type RecallKeyType,
  type RecallKeyTypeSpec,
  type RecallParams,
  recallGeneratorOptionsSchema,
  recallParamsSchema,
} from './params.js';

/** Kind names of recall items; `kinds[t]` indexes this list. */
const RECALL_KINDS = ['fact', 'noise', 'query'] as const;
/** Kind ids. */
export const RecallKind = { FACT: 0, NOISE: 1, QUERY: 2 } as const;
/** Kind tokens (position 0 of every item). */
export const FACT_TOKEN = 1;
const NOISE_TOKEN = 2;
export const QUERY_TOKEN = 3;
/** First key token. */
export const KEY_BASE = 4;

/**
 * The default key types:
 * - `hot`: queried soon (within ~delayScale steps past the minimum delay) and repeatedly after each write;
 * - `steady`: rarely rewritten, queried again and again over the whole episode, by popularity;
 * - `cold`: queried once, long (≥ 40 steps) after the write;
 * - `volatile`: rewritten often, so stale facts pile up; queried at any age.
 */
const DEFAULT_RECALL_KEY_TYPES: Readonly<Record<RecallKeyType, Readonly<RecallKeyTypeSpec>>> = {
  hot: { writeWeight: 1, queryWeight: 4, delayMin: 0, delayScale: 6, queriesPerFact: 0 },
  steady: { writeWeight: 0.25, queryWeight: 1, delayMin: 0, delayScale: 0, queriesPerFact: 0 },
  cold: { writeWeight: 1, queryWeight: 3, delayMin: 40, delayScale: 0, queriesPerFact: 1 },
  volatile: { writeWeight: 5, queryWeight: 1.5, delayMin: 0, delayScale: 0, queriesPerFact: 0 },
};

/** A recall episode with its per-item key and per-key type and popularity rank. */
export interface RecallEpisode extends Episode {
  /** numKeys: index into {@link RECALL_KEY_TYPES}. */
  keyType: Uint8Array;
  /** numKeys: popularity rank, 0 = most popular. */
  keyRank: Int32Array;
}

/** Generates {@link RecallEpisode}s; see the module doc for the token layout and the process. */
export class RecallGenerator implements EpisodeGenerator<RecallParams, RecallEpisode> {
  readonly family = 'recall';
  readonly itemLen = 3;
  readonly answerLen = 1;
  readonly maxKeys: number;
  readonly maxValues: number;
  readonly noiseTokens: number;
  readonly valueBase: number;
  readonly noiseBase: number;
  readonly vocabSize: number;
  private readonly paramsSchema: ReturnType<typeof recallParamsSchema>;

  constructor(opts: RecallGeneratorOptions = {}) {
    const o = parseConfig(recallGeneratorOptionsSchema, opts, 'recall');
    this.maxKeys = o.maxKeys;
    this.maxValues = o.maxValues;
    this.noiseTokens = o.noiseTokens;
    this.paramsSchema = recallParamsSchema(o);
    this.valueBase = KEY_BASE + this.maxKeys;
    this.noiseBase = this.valueBase + this.maxValues;
    this.vocabSize = this.noiseBase + this.noiseTokens;
  }

  /** Correct iff the predicted value token equals the answer. */
  isCorrect(prediction: Int32Array, answer: Int32Array): boolean {
    return prediction.length >= 1 && prediction[0] === answer[0];
  }

  generate(params: RecallParams, rng: Rng): RecallEpisode {
    const p = this.check(params);
    const K = p.numKeys;
    const T = p.length;
    const W = p.contextLen ?? DEFAULT_CONTEXT_LEN;
    const specs = RECALL_KEY_TYPES.map((name) => ({ ...DEFAULT_RECALL_KEY_TYPES[name], ...p.typeSpecs?.[name] }));
    const keyType = assignTypes(K, p.typeMix, rng);
    const { weights: pop, rank: keyRank } = zipfWeights(K, p.zipf, rng);

    const tokens = new Int32Array(T * 3);
    const kinds = new Uint8Array(T);
    const isQuery = new Uint8Array(T);
    const answers = new Int32Array(T).fill(-1);
    const support = new Int32Array(T).fill(-1);
    const supersedes = new Int32Array(T).fill(-1);
    const keyOf = new Int32Array(T).fill(-1);
    const value = new Int32Array(K).fill(-1);
    const lastWrite = new Int32Array(K).fill(-1);
    const asked = new Int32Array(K);
    const w = new Float64Array(K);
    let written = 0;
    let facts = 0;
    let updates = 0;
    let queries = 0;

    const pickQuery = (t: number): number => {
      const near = p.nearQueryRate > 0 && rng.bernoulli(p.nearQueryRate);
      for (const pass of near ? [true, false] : [false]) {
        let total = 0;
        for (let k = 0; k < K; k++) {
          w[k] = 0;
          if (lastWrite[k]! < 0) continue;
          const spec = specs[keyType[k]!]!;
          const age = t - lastWrite[k]!;
          if (spec.queriesPerFact > 0 && asked[k]! >= spec.queriesPerFact) continue;
          let kernel = 1;
          if (pass) {
            if (age > W) continue;
          } else {
            const minAge = Math.max(p.minQueryDelay, spec.delayMin, 1);
            if (age < minAge) continue;
            if (spec.delayScale > 0) kernel = Math.exp(-(age - minAge) / spec.delayScale);
          }
          w[k] = pop[k]! * spec.queryWeight * kernel;
          total += w[k]!;
        }
        if (total > 0) return rng.categorical(w);
      }
      return -1;
    };

    for (let t = 0; t < T; t++) {
      const u = rng.next();
      if (u < p.queryRate) {
        const k = pickQuery(t);
        if (k >= 0) {
          tokens.set([QUERY_TOKEN, KEY_BASE + k, PAD], t * 3);
          kinds[t] = RecallKind.QUERY;
          isQuery[t] = 1;
          answers[t] = this.valueBase + value[k]!;
          support[t] = lastWrite[k]!;
          keyOf[t] = k;
          asked[k]! += 1;
          queries++;
          continue;
        }
      } else if (u < p.queryRate + p.noiseRate) {
        tokens.set([NOISE_TOKEN, this.noiseBase + rng.int(this.noiseTokens), this.noiseBase + rng.int(this.noiseTokens)], t * 3);
        kinds[t] = RecallKind.NOISE;
        continue;
      }
      // A fact: an update of a written key, or the first fact of an unwritten key.
      const update = written > 0 && (written === K || rng.bernoulli(p.updateRate));
      for (let k = 0; k < K; k++) {
        const isWritten = lastWrite[k]! >= 0;
        w[k] = isWritten === update ? pop[k]! * (update ? specs[keyType[k]!]!.writeWeight : 1) : 0;
      }
      let total = 0;
      for (let k = 0; k < K; k++) total += w[k]!;
      if (total <= 0) for (let k = 0; k < K; k++) w[k] = lastWrite[k]! >= 0 === update ? pop[k]! : 0;
      const k = rng.categorical(w);
      let v = rng.int(p.numValues);
      if (update && v === value[k]) v = (v + 1 + rng.int(p.numValues - 1)) % p.numValues;
      tokens.set([FACT_TOKEN, KEY_BASE + k, this.valueBase + v], t * 3);
      kinds[t] = RecallKind.FACT;
      keyOf[t] = k;
      supersedes[t] = lastWrite[k]!;
      if (update) updates++;
      else written++;
      facts++;
      value[k] = v;
      lastWrite[k] = t;
      asked[k] = 0;
    }

    const ep: RecallEpisode = {
      family: this.family,
      itemLen: this.itemLen,
      vocabSize: this.vocabSize,
      answerLen: 1,
      length: T,
      tokens,
      kinds,
      kindNames: RECALL_KINDS,
      isQuery,
      answers,
      support,
      maxSupport: 1,
      nextUse: computeNextUse(T, support, 1),
      supersedes,
      complexity: {},
      keyOf,
      keyType,
      keyRank,
    };
    const needed = neededProfile(ep, W);
    ep.complexity = {
      numKeys: K,
      numValues: p.numValues,
      length: T,
      queries,
      facts,
      updates,
      keysWritten: written,
      liveFacts: meanLiveFacts(ep, [RecallKind.FACT]),
      neededFacts: needed.mean,
      peakNeededFacts: needed.peak,
    };
    return ep;
  }

  /** `params` validated against the generator's {@link recallParamsSchema} (`ConfigError` at `recall.<key>`). */
  private check(p: RecallParams): RecallParams {
    return parseConfig(this.paramsSchema, p, 'recall');
  }
}

/** Assigns each key a type: counts proportional to the shares (largest remainder), positions shuffled. */
function assignTypes(numKeys: number, mix: Partial<Record<RecallKeyType, number>>, rng: Rng): Uint8Array {
  const shares = RECALL_KEY_TYPES.map((name) => mix[name] ?? 0);
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / total) * numKeys);
  const counts = exact.map(Math.floor);
  let left = numKeys - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i]! += 1;
    left--;
  }
  const types: number[] = [];
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) types.push(i);
  });
  return Uint8Array.from(rng.shuffle(types));
}
