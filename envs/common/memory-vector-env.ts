import type { Info } from '../../src/core/env.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import type { AutoresetMode, VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from '../../src/core/vector.js';
import { InvalidActionError, ResetNeededError } from '../../src/util/errors.js';
import { entropySeed, Rng } from '../../src/util/rng.js';
import { MemoryEpisode, type PendingStep } from './memory-episode.js';
import { beginEpisodes, drawEpisode, encodeAhead, type MemoryTask, type PreparedEpisode } from './memory-task.js';
import { memoryObservationSpace, type MemoryObservation, type MemoryObservationSpace } from './observation.js';
import { oracleInfo } from './oracle-info.js';
import type { AnswerRequest } from './reader.js';

/**
 * B memory envs stepped in lock-step with the MAT batched across them: one `encode` for all episodes
 * that start in a step, one `answer` for all sub-envs at a query item. Sub-env i is seeded with
 * seed + i. Autoreset modes as in {@link AutoresetMode}; episodes here only terminate (no truncation).
 *
 * Items are encoded in chunks of `encodeChunk` (default {@link DEFAULT_ENCODE_CHUNK}) as the episodes
 * reach them — one reader call for every sub-env that needs its next chunk — not all at reset: the
 * same encodings (each item is encoded on its own), but the work of a reset (≈ 230 ms for 32 Recall
 * episodes with the MAT) is spread over the episode, so a rollout of T steps does not take 3× longer
 * when episodes end in it (what kept overlapped rollouts, src/rl/rollout-overlap.ts, waiting).
 * `encodeChunk: Infinity` encodes whole episodes at reset.
 *
 * Actions are validated for every sub-env before any is applied, so an invalid action changes nothing.
 */
/** Items encoded per sub-env per reader call by default (see {@link MemoryVectorEnv}). */
export const DEFAULT_ENCODE_CHUNK = 32;

/** Options of {@link MemoryVectorEnv}. */
export interface MemoryVectorEnvOptions {
  /** Items encoded per sub-env per reader call, as the episodes reach them (≥ 1; Infinity: at reset). */
  encodeChunk?: number;
}

export class MemoryVectorEnv<P = unknown> implements VectorEnv<MemoryObservation, number> {
  readonly numEnvs: number;
  readonly singleObservationSpace: MemoryObservationSpace;
  readonly singleActionSpace: Discrete;
  readonly autoresetMode: AutoresetMode;
  readonly task: MemoryTask<P>;
  readonly states: MemoryEpisode[];
  private readonly rngs: (Rng | null)[];
  private readonly prepared: (PreparedEpisode | null)[];
  private readonly needsReset: Uint8Array;
  private started = false;
  private readonly encodeChunk: number;

  constructor(task: MemoryTask<P>, numEnvs: number, autoresetMode: AutoresetMode = 'next-step', opts: MemoryVectorEnvOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new RangeError(`expected numEnvs to be an integer >= 1, got ${numEnvs}`);
    const chunk = opts.encodeChunk ?? DEFAULT_ENCODE_CHUNK;
    if (!(chunk === Number.POSITIVE_INFINITY || (Number.isInteger(chunk) && chunk >= 1))) {
      throw new RangeError(`expected encodeChunk to be an integer >= 1 or Infinity, got ${chunk}`);
    }
    this.encodeChunk = chunk;
    this.task = task;
    this.numEnvs = numEnvs;
    this.autoresetMode = autoresetMode;
    const dim = task.reader.dim;
    this.states = Array.from({ length: numEnvs }, () => new MemoryEpisode(task.mechanics, dim));
    this.rngs = new Array<Rng | null>(numEnvs).fill(null);
    this.prepared = new Array<PreparedEpisode | null>(numEnvs).fill(null);
    this.needsReset = new Uint8Array(numEnvs);
    this.singleObservationSpace = memoryObservationSpace(dim, task.mechanics.maxSlots, task.mechanics.observeMemory);
    this.singleActionSpace = new Discrete((this.states[0] as MemoryEpisode).layout.n);
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult<MemoryObservation> {
    const { seed } = opts;
    if (Array.isArray(seed) && seed.length !== this.numEnvs) {
      throw new RangeError(`expected ${this.numEnvs} seeds, got ${seed.length}`);
    }
    for (let i = 0; i < this.numEnvs; i++) {
      const s = seed === undefined ? undefined : typeof seed === 'number' ? seed + i : (seed as readonly number[])[i];
      if (s !== undefined) this.rngs[i] = new Rng(s);
      else if (this.rngs[i] === null) this.rngs[i] = new Rng(entropySeed() + i);
    }
    this.restart(Array.from({ length: this.numEnvs }, (_, i) => i));
    this.needsReset.fill(0);
    this.started = true;
    return { observations: this.states.map((s) => s.observe()), infos: this.states.map((_, i) => this.info(i, {})) };
  }

  /** Draws and begins new episodes for the given sub-envs, encoding them in one batch. */
  private restart(indices: readonly number[]): void {
    const prepared = indices.map((i) => {
      const p = drawEpisode(this.task, this.rngs[i] as Rng);
      this.prepared[i] = p;
      return p;
    });
    beginEpisodes(
      this.task.reader,
      indices.map((i) => this.states[i] as MemoryEpisode),
      prepared,
      this.encodeChunk,
    );
  }

  step(actions: readonly number[] | Int32Array): VectorStepResult<MemoryObservation> {
    if (!this.started) throw new ResetNeededError();
    const B = this.numEnvs;
    if (actions.length !== B) throw new InvalidActionError(`expected ${B} actions (one per sub-env), got ${actions.length}`);
    // Validate everything first: an invalid action must not leave the other sub-envs half-stepped.
    for (let i = 0; i < B; i++) {
      if (this.needsReset[i] === 1) continue;
      const state = this.states[i] as MemoryEpisode;
      const a = actions[i] as number;
      if (!Number.isInteger(a) || a < 0 || a >= state.layout.n) {
        throw new InvalidActionError(`sub-env ${i}: expected an integer in [0, ${state.layout.n}), got ${String(a)}`);
      }
      if (state.actionMask()[a] !== 1) throw new InvalidActionError(`sub-env ${i}: action ${a} (${state.layout.name(a)}) is masked out`);
    }
    const rewards = new Float32Array(B);
    const terminated = new Uint8Array(B);
    const truncated = new Uint8Array(B);
    const infos: Info[] = new Array<Info>(B);
    const toReset: number[] = [];
    const pendings: (PendingStep | null)[] = new Array<PendingStep | null>(B).fill(null);
    const requests: AnswerRequest[] = [];
    const requestOf = new Int32Array(B).fill(-1);
    for (let i = 0; i < B; i++) {
      if (this.needsReset[i] === 1) {
        toReset.push(i);
        continue;
      }
      const pending = (this.states[i] as MemoryEpisode).apply(actions[i] as number);
      pendings[i] = pending;
      if (pending.request) {
        requestOf[i] = requests.length;
        requests.push(pending.request);
      }
    }
    const predictions = requests.length > 0 ? this.task.reader.answer(requests) : null;
    const A = this.task.reader.answerLen;
    const finished: number[] = [];
    for (let i = 0; i < B; i++) {
      const pending = pendings[i];
      if (!pending) continue;
      const r = requestOf[i] as number;
      const prediction = r >= 0 && predictions ? predictions.subarray(r * A, (r + 1) * A) : null;
      const outcome = (this.states[i] as MemoryEpisode).complete(pending, prediction, (p, a) => this.task.generator.isCorrect(p, a));
      rewards[i] = outcome.reward;
      terminated[i] = outcome.terminated ? 1 : 0;
      infos[i] = outcome.info;
      if (outcome.terminated) finished.push(i);
    }
    this.needsReset.fill(0);
    if (this.autoresetMode === 'next-step') {
      for (const i of finished) this.needsReset[i] = 1;
      this.restart(toReset);
      for (const i of toReset) infos[i] = { autoreset: true };
    } else {
      const finals = new Map(finished.map((i) => [i, { observation: (this.states[i] as MemoryEpisode).observe(), info: infos[i] }]));
      this.restart(finished);
      for (const [i, f] of finals) infos[i] = { finalObservation: f.observation, finalInfo: f.info };
    }
    // The sub-envs whose next item starts a chunk get it encoded, in one reader call.
    encodeAhead(this.task.reader, this.states, this.encodeChunk);
    const observations = this.states.map((s) => s.observe());
    for (let i = 0; i < B; i++) infos[i] = this.info(i, infos[i] ?? {});
    return { observations, rewards, terminated, truncated, infos };
  }

  actionMasks(): Uint8Array[] {
    return this.states.map((s) => s.actionMask());
  }

  /** The current episodes (for analysis and the oracle). */
  currentEpisodes(): (PreparedEpisode | null)[] {
    return [...this.prepared];
  }

  private info(i: number, base: Info): Info {
    const state = this.states[i] as MemoryEpisode;
    const info: Info = { ...base, actionMask: state.actionMask(), slots: state.bank.size };
    const p = this.prepared[i];
    if (p?.supportIndex) info.oracle = oracleInfo(state, p.supportIndex);
    return info;
  }

  close(): void {
    // The reader is shared; its owner disposes it.
  }
}
