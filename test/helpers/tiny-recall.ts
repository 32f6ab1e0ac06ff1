/**
 * A tiny, deterministic recall stream for integration tests of memory policies, and a MemoryEnv built on
 * it with the model-free IdealReader (a query is answered correctly iff all its support is visible).
 *
 * An episode follows a script of events, one item each:
 * - `F:k`  a fact "key k has value v" (v drawn from the rng; a later `F:k` supersedes it),
 * - `Q:k`  a query for k's current value (support: the latest `F:k` before it),
 * - `-`    a distractor (never queried).
 * Items are 3 tokens: [kind, key, value]. The structure (who is queried when) is fixed by the script;
 * only the values and distractor tokens change with the seed. So a policy that ignores the read
 * statistics (never-store, fifo, decay, oracle) has the same accuracy on every episode. For lru, lfu and
 * relevance, which slots a RETRIEVE counts as accessed matters: with the default D = 64, a query's read
 * attends (weight ≥ 1/occupied) to the slot holding its key's fact when memory holds exactly one fact
 * of that key, and every slot counts when only one slot is occupied; with no fact or two facts of the
 * key in memory, which slot it attends to depends on the drawn values — hand-checked scripts for those
 * policies avoid such reads, or make them harmless.
 */
import type { Info } from '../../src/core/env.js';
import type { Agent } from '../../src/rl/agent.js';
import { Rng } from '../../src/util/rng.js';
import { computeNextUse, type Episode, type EpisodeGenerator } from '../../envs/common/episode.js';
import { IdealReader } from '../../envs/common/ideal-reader.js';
import { MemoryEnv } from '../../envs/common/memory-env.js';
import type { MemoryMechanics } from '../../envs/common/memory-episode.js';
import type { MemoryTask } from '../../envs/common/memory-task.js';
import type { MemoryObservation } from '../../envs/common/observation.js';

const FACT = 1;
const QUERY = 2;
const NOISE = 3;
const KEY_BASE = 4;
const MAX_KEYS = 8;
const VALUE_BASE = KEY_BASE + MAX_KEYS;
const NUM_VALUES = 16;
const NOISE_BASE = VALUE_BASE + NUM_VALUES;
const NUM_NOISE = 16;

/** Params of the tiny recall generator. */
export interface TinyRecallParams {
  script: readonly string[];
}

/**
 * The default script (W = 2, N = 2). Hand-checked outcomes with the IdealReader:
 * - queries at 4, 7, 8, 10; only query 7 (support 5) lies within a context of 2 items ⇒ never-store 1/4;
 * - the Belady oracle answers all 4: it skips the superseded `F:a` (0) and the distractors, keeps b and
 *   c, replaces b (dead after 4) with the new a at 5, and frees c after its query at 8;
 * - fifo stores the distractors too: it loses b (to c at 3) and c (to the distractor at 6) and a (to
 *   the distractor at 9) ⇒ 1/4 (only the in-context query);
 * - decay with its defaults (lifetime 14 > 11 steps) keeps a and b and drops the rest ⇒ 2/4;
 * - soft-write (env writeMode soft) ⇒ 1/4: every soft write lands on identical rows with uniform weights,
 *   so only the latest item written is tagged (slot 0) and visible to the IdealReader;
 * - lru and lfu depend on which slots the reads of queries 4 and 8 attend to (memory holds no fact of
 *   their key then): 1/4 or 2/4 by seed.
 */
export const DEFAULT_TINY_SCRIPT: readonly string[] = ['F:a', 'F:b', '-', 'F:c', 'Q:b', 'F:a', '-', 'Q:a', 'Q:c', '-', 'Q:a'];

/** Parses a script event: its kind and key index (−1 for a distractor). */
function parseEvent(event: string, at: number, keys: Map<string, number>): { kind: number; key: number } {
  if (event === '-') return { kind: NOISE, key: -1 };
  const m = /^([FQ]):(\w+)$/.exec(event);
  if (m === null) throw new RangeError(`script[${at}]: expected "F:key", "Q:key" or "-", got ${JSON.stringify(event)}`);
  const name = m[2] as string;
  if (!keys.has(name)) {
    if (keys.size >= MAX_KEYS) throw new RangeError(`script[${at}]: expected at most ${MAX_KEYS} keys, got more`);
    keys.set(name, keys.size);
  }
  return { kind: m[1] === 'F' ? FACT : QUERY, key: keys.get(name) as number };
}

/** The tiny recall generator (family `tiny-recall`). */
export const tinyRecallGenerator: EpisodeGenerator<TinyRecallParams> = {
  family: 'tiny-recall',
  vocabSize: NOISE_BASE + NUM_NOISE,
  itemLen: 3,
  answerLen: 1,
  generate(params: TinyRecallParams, rng: Rng): Episode {
    const T = params.script.length;
    const keys = new Map<string, number>();
    const tokens = new Int32Array(T * 3);
    const kinds = new Uint8Array(T);
    const isQuery = new Uint8Array(T);
    const answers = new Int32Array(T).fill(-1);
    const support = new Int32Array(T).fill(-1);
    const supersedes = new Int32Array(T).fill(-1);
    const keyOf = new Int32Array(T).fill(-1);
    const latest = new Int32Array(MAX_KEYS).fill(-1);
    const value = new Int32Array(MAX_KEYS);
    params.script.forEach((event, t) => {
      const { kind, key } = parseEvent(event, t, keys);
      kinds[t] = kind - 1;
      tokens[t * 3] = kind;
      if (kind === NOISE) {
        tokens[t * 3 + 1] = NOISE_BASE + rng.int(NUM_NOISE);
        return;
      }
      tokens[t * 3 + 1] = KEY_BASE + key;
      keyOf[t] = key;
      if (kind === FACT) {
        value[key] = VALUE_BASE + rng.int(NUM_VALUES);
        tokens[t * 3 + 2] = value[key] as number;
        supersedes[t] = latest[key] as number;
        latest[key] = t;
      } else {
        const fact = latest[key] as number;
        if (fact < 0) throw new RangeError(`script[${t}]: query for a key with no earlier fact: ${event}`);
        isQuery[t] = 1;
        answers[t] = value[key] as number;
        support[t] = fact;
      }
    });
    return {
      family: 'tiny-recall',
      itemLen: 3,
      vocabSize: NOISE_BASE + NUM_NOISE,
      answerLen: 1,
      length: T,
      tokens,
      kinds,
      kindNames: ['fact', 'query', 'noise'],
      isQuery,
      answers,
      support,
      maxSupport: 1,
      nextUse: computeNextUse(T, support, 1),
      supersedes,
      keyOf,
      complexity: { numKeys: keys.size, length: T },
    };
  },
  isCorrect(prediction: Int32Array, answer: Int32Array): boolean {
    return prediction.length === answer.length && prediction.every((p, i) => p === answer[i]);
  },
};

/** Options of {@link tinyRecallEnv}. */
export interface TinyRecallEnvOptions {
  script?: readonly string[];
  /** Active slots N (default 2). */
  slots?: number;
  /** maxSlots S (default N + 1, so GROW is possible). */
  maxSlots?: number;
  /** Working context W (default 2). */
  contextLen?: number;
  writeMode?: 'hard' | 'soft';
  privileged?: boolean;
  relevance?: MemoryMechanics['relevance'];
  /** The IdealReader's encoding dimension D (default 64; see the module doc). */
  dim?: number;
}

/** A MemoryTask over the tiny recall stream with the IdealReader. */
export function tinyRecallTask(opts: TinyRecallEnvOptions = {}): MemoryTask<TinyRecallParams> {
  const slots = opts.slots ?? 2;
  const contextLen = opts.contextLen ?? 2;
  return {
    generator: tinyRecallGenerator,
    params: { script: opts.script ?? DEFAULT_TINY_SCRIPT },
    mechanics: {
      minSlots: 1,
      maxSlots: opts.maxSlots ?? slots + 1,
      retrieveCost: 0,
      slotCost: 0,
      decay: 1,
      epsilon: 1e-6,
      relevance: opts.relevance ?? { alpha: 1 / 3, beta: 1 / 3, gamma: 1 / 3 },
      writeMode: opts.writeMode ?? 'hard',
      softWriteDecay: 1,
      observeMemory: false,
      contextLen,
    },
    slotCount: () => slots,
    reader: new IdealReader({ dim: opts.dim ?? 64, contextLen }),
    privileged: opts.privileged ?? false,
  };
}

/** A MemoryEnv over the tiny recall stream (IdealReader). */
export function tinyRecallEnv(opts: TinyRecallEnvOptions = {}): MemoryEnv<TinyRecallParams> {
  return new MemoryEnv(tinyRecallTask(opts));
}

/** One step of a run, for assertions. */
export interface RunStep {
  observation: MemoryObservation;
  info: Info;
  action: number;
}

/** What {@link runEpisodes} returns. */
export interface RunResult {
  /** Accuracy of each episode. */
  accuracies: number[];
  /** Mean accuracy. */
  accuracy: number;
  /** Every step of every episode. */
  steps: RunStep[];
}

/**
 * Runs `episodes` episodes of `env` with `agent` (seeds seed, seed+1, …) and returns the accuracies.
 * Throws if the agent picks an action the mask forbids (the env throws InvalidActionError).
 */
export function runEpisodes(env: MemoryEnv<TinyRecallParams>, agent: Agent<MemoryObservation>, episodes: number, seed = 0): RunResult {
  const accuracies: number[] = [];
  const steps: RunStep[] = [];
  for (let e = 0; e < episodes; e++) {
    let { observation, info } = env.reset({ seed: seed + e });
    agent.reset?.();
    for (;;) {
      const action = agent.act(observation, info);
      steps.push({ observation, info, action });
      const r = env.step(action);
      observation = r.observation;
      info = r.info;
      if (r.terminated || r.truncated) {
        accuracies.push(info.accuracy as number);
        break;
      }
    }
  }
  return { accuracies, accuracy: accuracies.reduce((a, b) => a + b, 0) / Math.max(1, accuracies.length), steps };
}

/** A fresh generator (for tests that draw episodes directly). */
export function tinyEpisode(script: readonly string[] = DEFAULT_TINY_SCRIPT, seed = 0): Episode {
  return tinyRecallGenerator.generate({ script }, new Rng(seed));
}
