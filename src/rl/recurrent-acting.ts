/**
 * A recurrent network's state while an agent acts: one row per sub-env of the batch it is asked about,
 * carried from call to call and zeroed at episode starts — after `reset()` (the Agent contract: called
 * at the start of each episode), when the batch size changes (a new set of envs), and for a sub-env whose
 * info marks a new episode (`info.autoreset` of a next-step autoreset, `info.finalObservation` of a
 * same-step one) or that the caller flags in `episodeStarts`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../core/env.js';
import type { RecurrentPolicy } from './networks/network.js';

/** 1 for the sub-envs whose info says their observation is the first of a new episode (vector autoreset). */
export function episodeStartsFromInfos(infos: readonly Info[], numEnvs: number): Uint8Array {
  const starts = new Uint8Array(numEnvs);
  for (let b = 0; b < numEnvs; b++) {
    const info = infos[b];
    if (info?.autoreset === true || info?.finalObservation !== undefined) starts[b] = 1;
  }
  return starts;
}

/** Logits, values and the next state of one step of n envs, as plain arrays. */
export interface RecurrentStep {
  logits: Float32Array;
  values: Float32Array;
  /** n × stateSize. */
  state: Float32Array;
}

/**
 * One step of n = `episodeStarts.length` envs: `features` n × inputSize, `state` n × stateSize (zeroed
 * where `episodeStarts` is 1).
 */
export function recurrentStep(
  policy: RecurrentPolicy,
  inputSize: number,
  features: Float32Array,
  state: Float32Array,
  episodeStarts: Uint8Array,
): RecurrentStep {
  const n = episodeStarts.length;
  return tf.tidy(() => {
    const out = policy.unroll({
      features: tf.tensor2d(features, [n, inputSize]),
      initialState: tf.tensor2d(state, [n, policy.stateSize]),
      episodeStarts: tf.tensor1d(Float32Array.from(episodeStarts)),
    });
    return {
      logits: Float32Array.from(out.logits.dataSync()),
      values: Float32Array.from(out.values.dataSync()),
      state: Float32Array.from(out.state.dataSync()),
    };
  });
}

/** See the module comment. */
export class RecurrentActingState {
  private state: Float32Array | undefined;
  private batch = 0;

  /** Forgets every sub-env's state (the next call starts episodes everywhere). */
  reset(): void {
    this.state = undefined;
    this.batch = 0;
  }

  /** The state after the last call (batch × stateSize, a copy), or undefined after a reset. */
  current(): Float32Array | undefined {
    return this.state === undefined ? undefined : Float32Array.from(this.state);
  }

  /** Logits for B encoded observations (`features`, B × inputSize), advancing the state. */
  logits(policy: RecurrentPolicy, inputSize: number, features: Float32Array, episodeStarts: Uint8Array): Float32Array {
    const B = episodeStarts.length;
    const H = policy.stateSize;
    const fresh = this.state === undefined || this.batch !== B || this.state.length !== B * H;
    const starts = fresh ? new Uint8Array(B).fill(1) : episodeStarts;
    const out = recurrentStep(policy, inputSize, features, fresh ? new Float32Array(B * H) : (this.state as Float32Array), starts);
    this.state = out.state;
    this.batch = B;
    return out.logits;
  }
}
