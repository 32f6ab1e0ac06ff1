/**
 * Story-QA episodes: bAbI-style stories (Weston et al. 2015, tasks 1–3) generated from a consistent
 * little world. People move between places, pick up and drop objects; questions ask where things are.
 * Each item is one tokenised sentence (vocab.ts) after its kind marker (`<move>`, `<pickup>`, `<drop>`,
 * `<question>`; position 0, as in every family), padded to 9 tokens; every answer is a place token.
 *
 * | item      | sentence                                   | support of a question about it            |
 * |-----------|--------------------------------------------|-------------------------------------------|
 * | move      | `mary went to the kitchen` (moved, journeyed, travelled, went back) | |
 * | pickup    | `john picked up the apple` (grabbed, got)  |                                           |
 * | drop      | `john dropped the apple` (discarded, put down) |                                       |
 * | task 1 Q  | `where is mary ?`                          | mary's last move (1 fact)                 |
 * | task 2 Q  | `where is the apple ?`                     | held: the pickup + the holder's last move; dropped: the drop + the dropper's last move before it (2 facts) |
 * | task 3 Q  | `where was the apple before the kitchen ?` | the object's last change of place: the holder's pickup, the holder's move into the kitchen and the holder's move before it, whose place is the answer (3 facts) |
 *
 * Process per step: with probability `queryRate` a question (when one is askable, else an event); an
 * event is a pickup with `pickupRate`, a drop with `dropRate` (tasks 2–3, when feasible), else a move of a
 * person drawn by Zipf activity (`zipf`) to a different place. The world stays consistent: a person picks
 * up only an object lying where they are (or not yet placed), and carries it along. A question's target
 * is drawn among the askable ones whose OLDEST supporting fact is ≥ `minQueryDelay` steps old (so at
 * least one fact must come from memory) — uniformly, or favouring recent ones with `delayScale` — or,
 * with probability `nearQueryRate`, among those whose whole support is still inside the working context.
 */
import type { Rng } from '../../src/util/rng.js';
import { parseConfig } from '../../src/util/zod-config.js';
import {
  computeNextUse,
  DEFAULT_CONTEXT_LEN,
  meanLiveFacts,
  neededProfile,
  type Episode,
  type EpisodeGenerator,
} from '../common/episode.js';
import { zipfWeights } from '../common/episode-params.js';
import { type StoryParams, storyParamsSchema } from './params.js';
import { markerToken, objectToken, personToken, placeToken, STORY_VOCAB_SIZE, tok } from './vocab.js';

/** Kind names of story items; `kinds[t]` indexes this list. */
const STORY_KINDS = ['move', 'pickup', 'drop', 'question'] as const;
/** Kind ids. */
export const StoryKind = { MOVE: 0, PICKUP: 1, DROP: 2, QUESTION: 3 } as const;
/** Tokens per item: the kind marker + the longest sentence, `where was the apple before the kitchen ?`. */
export const STORY_ITEM_LEN = 9;

/** A story episode. */
export interface StoryEpisode extends Episode {
  task: 1 | 2 | 3;
}

interface Candidate {
  query: number[];
  support: number[];
  answer: number;
  /** Age of the oldest supporting fact. */
  age: number;
  /** The key asked about (`Episode.keyOf`): the person (task 1) or P + the object. */
  key: number;
}

interface Change {
  pickup: number;
  prevMove: number;
  move: number;
  prevPlace: number;
  place: number;
}

const MOVE_VERBS: readonly (readonly string[])[] = [
  ['went', 'to'],
  ['moved', 'to'],
  ['journeyed', 'to'],
  ['travelled', 'to'],
  ['went', 'back', 'to'],
];
const PICKUP_VERBS: readonly (readonly string[])[] = [['picked', 'up'], ['grabbed'], ['got']];
const DROP_VERBS: readonly (readonly string[])[] = [['dropped'], ['discarded'], ['put', 'down']];

/** Generates {@link StoryEpisode}s; see the module doc. */
export class StoryGenerator implements EpisodeGenerator<StoryParams, StoryEpisode> {
  readonly family = 'story-qa';
  readonly itemLen = STORY_ITEM_LEN;
  readonly answerLen = 1;
  readonly vocabSize = STORY_VOCAB_SIZE;

  /** Correct iff the predicted token is the answer place. */
  isCorrect(prediction: Int32Array, answer: Int32Array): boolean {
    return prediction.length >= 1 && prediction[0] === answer[0];
  }

  generate(params: StoryParams, rng: Rng): StoryEpisode {
    const p = check(params);
    const { numPeople: P, numPlaces: N, length: T } = p;
    const O = p.task === 1 ? 0 : p.numObjects;
    const W = p.contextLen ?? DEFAULT_CONTEXT_LEN;
    const L = STORY_ITEM_LEN;
    const act = zipfWeights(P, p.zipf, rng).weights;

    const tokens = new Int32Array(T * L);
    const kinds = new Uint8Array(T);
    const isQuery = new Uint8Array(T);
    const answers = new Int32Array(T).fill(-1);
    const support = new Int32Array(T * 3).fill(-1);
    const supersedes = new Int32Array(T).fill(-1);
    /** People are keys 0 … P−1, objects P … P+O−1. */
    const keyOf = new Int32Array(T).fill(-1);
    const maxSupport = p.task;

    const loc = new Int32Array(P).fill(-1);
    const lastMove = new Int32Array(P).fill(-1);
    const holder = new Int32Array(O).fill(-1);
    const pickupItem = new Int32Array(O).fill(-1);
    const lyingAt = new Int32Array(O).fill(-1);
    const dropItem = new Int32Array(O).fill(-1);
    const dropMove = new Int32Array(O).fill(-1);
    const lastObjFact = new Int32Array(O).fill(-1);
    const change: (Change | null)[] = new Array<Change | null>(O).fill(null);

    /** Writes item t: its kind marker, then the sentence. */
    const put = (t: number, kind: number, words: readonly number[]): void => {
      tokens[t * L] = markerToken(kind);
      tokens.set(words.slice(0, L - 1), t * L + 1);
      kinds[t] = kind;
    };

    const candidates = (t: number, near: boolean): Candidate[] => {
      const out: Candidate[] = [];
      const add = (query: number[], sup: number[], answer: number, key: number): void => {
        const age = t - Math.min(...sup);
        if (near ? age <= W : age >= p.minQueryDelay) out.push({ query, support: sup.sort((a, b) => a - b), answer, age, key });
      };
      if (p.task === 1) {
        for (let i = 0; i < P; i++) {
          if (loc[i]! >= 0) add([tok('where'), tok('is'), personToken(i), tok('?')], [lastMove[i]!], loc[i]!, i);
        }
      } else if (p.task === 2) {
        for (let o = 0; o < O; o++) {
          const q = [tok('where'), tok('is'), tok('the'), objectToken(o), tok('?')];
          const h = holder[o]!;
          if (h >= 0) add(q, [pickupItem[o]!, lastMove[h]!], loc[h]!, P + o);
          else if (dropItem[o]! >= 0) add(q, [dropItem[o]!, dropMove[o]!], lyingAt[o]!, P + o);
        }
      } else {
        for (let o = 0; o < O; o++) {
          const c = change[o];
          if (!c) continue;
          const q = [tok('where'), tok('was'), tok('the'), objectToken(o), tok('before'), tok('the'), placeToken(c.place), tok('?')];
          add(q, [c.pickup, c.prevMove, c.move], c.prevPlace, P + o);
        }
      }
      return out;
    };

    const move = (t: number): void => {
      const who = rng.categorical(act);
      let where = rng.int(N - (loc[who]! >= 0 ? 1 : 0));
      if (loc[who]! >= 0 && where >= loc[who]!) where++;
      const verb = rng.choice(MOVE_VERBS);
      put(t, StoryKind.MOVE, [personToken(who), ...verb.map(tok), tok('the'), placeToken(where)]);
      supersedes[t] = lastMove[who]!;
      keyOf[t] = who;
      for (let o = 0; o < O; o++) {
        if (holder[o] === who)
          change[o] = { pickup: pickupItem[o]!, prevMove: lastMove[who]!, move: t, prevPlace: loc[who]!, place: where };
      }
      loc[who] = where;
      lastMove[who] = t;
    };

    const pickup = (t: number): boolean => {
      const w = new Float64Array(P);
      for (let i = 0; i < P; i++) {
        if (loc[i]! < 0) continue;
        for (let o = 0; o < O; o++) if (holder[o] === -1 && (lyingAt[o] === -1 || lyingAt[o] === loc[i])) w[i] = act[i]!;
      }
      if (!w.some((x) => x > 0)) return false;
      const who = rng.categorical(w);
      const free: number[] = [];
      for (let o = 0; o < O; o++) if (holder[o] === -1 && (lyingAt[o] === -1 || lyingAt[o] === loc[who])) free.push(o);
      const o = rng.choice(free);
      put(t, StoryKind.PICKUP, [personToken(who), ...rng.choice(PICKUP_VERBS).map(tok), tok('the'), objectToken(o)]);
      supersedes[t] = lastObjFact[o]!;
      keyOf[t] = P + o;
      holder[o] = who;
      pickupItem[o] = t;
      lyingAt[o] = -1;
      lastObjFact[o] = t;
      return true;
    };

    const drop = (t: number): boolean => {
      const held: number[] = [];
      for (let o = 0; o < O; o++) if (holder[o]! >= 0) held.push(o);
      if (held.length === 0) return false;
      const o = rng.choice(held);
      const who = holder[o]!;
      put(t, StoryKind.DROP, [personToken(who), ...rng.choice(DROP_VERBS).map(tok), tok('the'), objectToken(o)]);
      supersedes[t] = pickupItem[o]!;
      keyOf[t] = P + o;
      holder[o] = -1;
      lyingAt[o] = loc[who]!;
      dropItem[o] = t;
      dropMove[o] = lastMove[who]!;
      lastObjFact[o] = t;
      return true;
    };

    let queries = 0;
    for (let t = 0; t < T; t++) {
      if (rng.bernoulli(p.queryRate)) {
        let near = p.nearQueryRate > 0 && rng.bernoulli(p.nearQueryRate);
        let cands = candidates(t, near);
        if (near && cands.length === 0) {
          near = false;
          cands = candidates(t, false);
        }
        if (cands.length > 0) {
          const c = pickCandidate(cands, near ? 0 : (p.delayScale ?? 0), p.minQueryDelay, rng);
          put(t, StoryKind.QUESTION, c.query);
          isQuery[t] = 1;
          keyOf[t] = c.key;
          answers[t] = placeToken(c.answer);
          c.support.forEach((s, j) => {
            support[t * 3 + j] = s;
          });
          queries++;
          continue;
        }
      }
      const r = p.task === 1 ? 1 : rng.next();
      if (r < p.pickupRate && pickup(t)) continue;
      if (r >= p.pickupRate && r < p.pickupRate + p.dropRate && drop(t)) continue;
      move(t);
    }

    // Compact the support table to maxSupport columns.
    const sup = new Int32Array(T * maxSupport);
    for (let t = 0; t < T; t++) for (let j = 0; j < maxSupport; j++) sup[t * maxSupport + j] = support[t * 3 + j]!;
    const ep: StoryEpisode = {
      family: this.family,
      itemLen: L,
      vocabSize: this.vocabSize,
      answerLen: 1,
      length: T,
      tokens,
      kinds,
      kindNames: STORY_KINDS,
      isQuery,
      answers,
      support: sup,
      maxSupport,
      nextUse: computeNextUse(T, sup, maxSupport),
      supersedes,
      keyOf,
      complexity: {},
      task: p.task,
    };
    const needed = neededProfile(ep, W);
    ep.complexity = {
      task: p.task,
      numPeople: P,
      numPlaces: N,
      numObjects: O,
      numKeys: P + O,
      length: T,
      queries,
      liveFacts: meanLiveFacts(ep, [StoryKind.MOVE, StoryKind.PICKUP, StoryKind.DROP]),
      neededFacts: needed.mean,
      peakNeededFacts: needed.peak,
    };
    return ep;
  }
}

/** A uniform pick, or one weighted by recency `exp(−(age − minAge)/scale)` when scale > 0. */
function pickCandidate(cands: readonly Candidate[], scale: number, minAge: number, rng: Rng): Candidate {
  if (scale <= 0) return rng.choice(cands);
  const w = cands.map((c) => Math.exp(-Math.max(0, c.age - minAge) / scale));
  return cands[rng.categorical(w)] as Candidate;
}

/** `params` validated against {@link storyParamsSchema} (`ConfigError` at `story-qa.<key>`). */
function check(p: StoryParams): StoryParams {
  return parseConfig(storyParamsSchema, p, 'story-qa');
}
