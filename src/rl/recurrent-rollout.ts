/**
 * What the on-policy loop keeps for a recurrent network (see recurrent-mlp-policy.ts for the choices):
 * each env's current state, carried from step to step and across rollouts; the state at the start of
 * the current rollout segment; and a per-step episode-start flag (1 where the observation is the first
 * of an episode, so the state is zeroed before it). The update re-runs whole env sequences from these
 * with {@link gatherSequences} and {@link sequenceForward}.
 *
 * Episode starts follow the autoreset mode: `same-step`, the observation after a step that ended an
 * episode; `next-step`, the observation after the (invalid) reset step, while the reset step itself — the
 * final observation — still continues the ended episode, so its value bootstraps a truncation correctly.
 */
import * as tf from '@tensorflow/tfjs';
import { mm } from '../model/linalg.js';
import type { PolicyOutput, RecurrentPolicy } from './networks/network.js';
import { recurrentStep } from './recurrent-acting.js';
import type { Minibatch, RolloutBuffer } from './rollout-buffer.js';

/** Logits and values of one batch of observations, as plain arrays. */
export interface StepEvaluation {
  logits: Float32Array;
  values: Float32Array;
}

/** A minibatch of whole env sequences. */
export interface SequenceMinibatch {
  /** The valid rows (real transitions) of the sequences, in sequence order. */
  rows: Minibatch;
  /** Envs in the minibatch (Bm). */
  numEnvs: number;
  /** (T·Bm) × featureSize observations, time-major, invalid rows included. */
  features: Float32Array;
  /** T·Bm episode-start flags. */
  episodeStarts: Float32Array;
  /** Bm × stateSize states at the segment start. */
  initialState: Float32Array;
  /** Where each row of `rows` sits in the (T·Bm) sequence layout. */
  positions: Int32Array;
}

/** A recurrent network's state through the rollouts of B envs; see the module comment. */
export class RecurrentRollout {
  readonly policy: RecurrentPolicy;
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly inputSize: number;
  readonly stateSize: number;
  /** B × stateSize: each env's state before the segment's first step. */
  readonly initialState: Float32Array;
  /** T·B flags of the current segment: 1 where the step's observation starts an episode. */
  readonly episodeStarts: Uint8Array;
  private state: Float32Array;
  private readonly nextStarts: Uint8Array;

  constructor(policy: RecurrentPolicy, opts: { numSteps: number; numEnvs: number; inputSize: number }) {
    this.policy = policy;
    this.numSteps = opts.numSteps;
    this.numEnvs = opts.numEnvs;
    this.inputSize = opts.inputSize;
    this.stateSize = policy.stateSize;
    this.initialState = new Float32Array(this.numEnvs * this.stateSize);
    this.episodeStarts = new Uint8Array(this.numSteps * this.numEnvs);
    this.state = new Float32Array(this.numEnvs * this.stateSize);
    // The first observations after the loop's reset start episodes.
    this.nextStarts = new Uint8Array(this.numEnvs).fill(1);
  }

  /** Each env's current state (B × stateSize, a copy). */
  currentState(): Float32Array {
    return Float32Array.from(this.state);
  }

  /** Records the state at the start of a rollout segment. */
  beginSegment(): void {
    this.initialState.set(this.state);
  }

  /**
   * Writes a rollout worker's segment of envs start … start + count − 1 (rollout in worker processes,
   * see parallel-rollout.ts): their states at the segment start (count × stateSize) and their T × count
   * episode starts. The state carried between steps stays with the worker.
   */
  importShare(start: number, count: number, initialState: Float32Array, episodeStarts: Uint8Array): void {
    const H = this.stateSize;
    const B = this.numEnvs;
    this.initialState.set(initialState.subarray(0, count * H), start * H);
    for (let t = 0; t < this.numSteps; t++) this.episodeStarts.set(episodeStarts.subarray(t * count, (t + 1) * count), t * B + start);
  }

  /** Logits and values of step `t` (B observations), advancing every env's state. */
  step(t: number, features: Float32Array): StepEvaluation {
    const B = this.numEnvs;
    this.episodeStarts.set(this.nextStarts, t * B);
    const out = recurrentStep(this.policy, this.inputSize, features, this.state, this.nextStarts);
    this.state = out.state;
    return { logits: out.logits, values: out.values };
  }

  /**
   * Marks whose next observation starts an episode, after the env step of a row whose `valid` flags are
   * given: an invalid row was a next-step reset (the next observation is the new episode's first); a
   * valid row that `ended` its episode in same-step mode is followed by the new episode's first.
   */
  endStep(valid: Uint8Array, ended: Uint8Array, nextStepMode: boolean): void {
    for (let b = 0; b < this.numEnvs; b++) this.nextStarts[b] = valid[b] === 0 || (!nextStepMode && ended[b] === 1) ? 1 : 0;
  }

  /**
   * Values of observations of the sub-envs `envs` from their current state, without advancing it:
   * `applyStarts` zeroes the state where the next step starts an episode (for the values after the last
   * step); without it the observations continue the episode (final observations of same-step envs).
   */
  values(features: Float32Array, envs: readonly number[], applyStarts: boolean): Float32Array {
    const H = this.stateSize;
    const state = new Float32Array(envs.length * H);
    const starts = new Uint8Array(envs.length);
    envs.forEach((b, k) => {
      state.set(this.state.subarray(b * H, (b + 1) * H), k * H);
      starts[k] = applyStarts ? (this.nextStarts[b] as number) : 0;
    });
    return recurrentStep(this.policy, this.inputSize, features, state, starts).values;
  }
}

/** The whole segments of the envs `envs` (and their valid rows) from the buffer; see {@link SequenceMinibatch}. */
export function gatherSequences(buf: RolloutBuffer, rollout: RecurrentRollout, envs: Int32Array): SequenceMinibatch {
  const T = buf.numSteps;
  const B = buf.numEnvs;
  const F = buf.featureSize;
  const H = rollout.stateSize;
  const Bm = envs.length;
  const features = new Float32Array(T * Bm * F);
  const episodeStarts = new Float32Array(T * Bm);
  const initialState = new Float32Array(Bm * H);
  const rowIndices: number[] = [];
  const positions: number[] = [];
  envs.forEach((b, j) => initialState.set(rollout.initialState.subarray(b * H, (b + 1) * H), j * H));
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < Bm; j++) {
      const i = t * B + (envs[j] as number);
      const k = t * Bm + j;
      features.set(buf.features.subarray(i * F, (i + 1) * F), k * F);
      episodeStarts[k] = rollout.episodeStarts[i] as number;
      if (buf.valid[i] === 1) {
        rowIndices.push(i);
        positions.push(k);
      }
    }
  }
  return {
    rows: buf.gather(Int32Array.from(rowIndices)),
    numEnvs: Bm,
    features,
    episodeStarts,
    initialState,
    positions: Int32Array.from(positions),
  };
}

/**
 * Re-runs a sequence minibatch through the network: logits and values of its valid rows (in `rows`
 * order), picked by a one-hot selection matrix (exact; tf.gather has no gradient kernel on wasm).
 */
export function sequenceForward(policy: RecurrentPolicy, mb: SequenceMinibatch, inputSize: number): PolicyOutput {
  const total = mb.features.length / inputSize;
  const M = mb.positions.length;
  const select = new Float32Array(M * total);
  mb.positions.forEach((p, k) => {
    select[k * total + p] = 1;
  });
  return tf.tidy(() => {
    const out = policy.unroll({
      features: tf.tensor2d(mb.features, [total, inputSize]),
      initialState: tf.tensor2d(mb.initialState, [mb.numEnvs, policy.stateSize]),
      episodeStarts: tf.tensor1d(mb.episodeStarts),
    });
    const pick = tf.tensor2d(select, [M, total]);
    const values = tf.reshape(mm(pick, tf.reshape(out.values, [total, 1]) as tf.Tensor2D), [M]) as tf.Tensor1D;
    return { logits: mm(pick, out.logits), values };
  });
}
