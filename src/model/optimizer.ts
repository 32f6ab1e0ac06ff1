/**
 * Adam with global-norm gradient clipping, written on tf.Variables so its full state (step and moments)
 * can be checkpointed and restored exactly. The moments live in two flat buffers ({@link FlatAdamCore}:
 * a constant number of kernels per step); the state is still saved per parameter (`m/<name>`,
 * `v/<name>`), as before. The clipping norm is still a sum of per-parameter sums, so a step gives bit for
 * bit the values of the per-parameter form and pretraining reproduces the committed checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue, ModelError } from '../util/errors.js';
import { FlatAdamCore } from './flat-adam.js';
import type { NamedVariable } from './params.js';

/** Options of {@link Adam}. */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip gradients to this global L2 norm (default 1; 0 or Infinity disables). */
  clipNorm?: number;
}

/** A named moment tensor's values, for checkpoints. */
export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** The saved state of an {@link Adam}. */
export interface AdamState {
  step: number;
  moments: NamedArray[];
}

/** Adam (Kingma & Ba) over a fixed list of named variables. */
export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly clipNorm: number;
  private stepCount = 0;
  private readonly params: NamedVariable[];
  private readonly core: FlatAdamCore;

  constructor(params: NamedVariable[], opts: AdamOptions) {
    if (!(opts.learningRate > 0) || !Number.isFinite(opts.learningRate)) {
      throw new ModelError(`learningRate: expected a finite number > 0, got ${describeValue(opts.learningRate)}`);
    }
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.clipNorm = opts.clipNorm ?? 1;
    this.params = params;
    this.core = new FlatAdamCore(params.map((p) => p.variable));
  }

  /** Updates completed so far. */
  get step(): number {
    return this.stepCount;
  }

  /**
   * One update. `grads[i]` is the gradient of `params[i]`, or undefined when the loss does not depend on
   * it (that variable is left unchanged). The caller keeps ownership of the gradient tensors.
   */
  apply(grads: (tf.Tensor | undefined)[]): void {
    if (grads.length !== this.params.length) {
      throw new ModelError(`expected ${this.params.length} gradients, got ${grads.length}`);
    }
    this.stepCount += 1;
    const t = this.stepCount;
    tf.tidy(() => {
      const present = grads.filter((g): g is tf.Tensor => g !== undefined);
      let scale: tf.Scalar | undefined;
      if (this.clipNorm > 0 && Number.isFinite(this.clipNorm) && present.length > 0) {
        const norm = tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))));
        scale = tf.div(this.clipNorm, tf.maximum(norm, this.clipNorm)) as tf.Scalar;
      }
      const stepSize = (this.learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
      // A parameter without gradient contributes zeros, masked out: its moments and values stay.
      const all = present.length === grads.length;
      const raw = this.core.flatten(grads.map((g, i) => g ?? tf.zeros((this.params[i] as NamedVariable).variable.shape)));
      const g = scale ? (tf.mul(raw, scale) as tf.Tensor1D) : raw;
      const mask = all ? undefined : this.maskOf(grads);
      this.core.step(g, this.beta1, this.beta2, (m1, v1) => tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), this.epsilon)), stepSize), mask);
    });
  }

  /** [total]: 1 on the elements of parameters with a gradient, 0 elsewhere. */
  private maskOf(grads: (tf.Tensor | undefined)[]): tf.Tensor1D {
    const mask = new Float32Array(this.core.total);
    grads.forEach((g, i) => {
      if (g !== undefined) mask.fill(1, this.core.offsets[i], (this.core.offsets[i] as number) + (this.core.sizes[i] as number));
    });
    return tf.tensor1d(mask);
  }

  /** A copy of the step count and moments (names `m/<param>` and `v/<param>`, one array per parameter). */
  getState(): AdamState {
    const m = this.core.m.dataSync() as Float32Array;
    const v = this.core.v.dataSync() as Float32Array;
    const part = (flat: Float32Array, i: number): Float32Array =>
      flat.slice(this.core.offsets[i], (this.core.offsets[i] as number) + (this.core.sizes[i] as number));
    const moments: NamedArray[] = [];
    this.params.forEach((p, i) => moments.push({ name: `m/${p.name}`, shape: p.variable.shape.slice(), data: part(m, i) }));
    this.params.forEach((p, i) => moments.push({ name: `v/${p.name}`, shape: p.variable.shape.slice(), data: part(v, i) }));
    return { step: this.stepCount, moments };
  }

  /** Restores a state from {@link getState}; names and shapes must match. */
  setState(state: AdamState): void {
    const byName = new Map(state.moments.map((m) => [m.name, m]));
    const load = (prefix: string): Float32Array => {
      const flat = new Float32Array(this.core.total);
      this.params.forEach((p, i) => {
        const name = `${prefix}/${p.name}`;
        const entry = byName.get(name);
        const size = this.core.sizes[i] as number;
        if (!entry) throw new ModelError(`optimizer state: expected a moment named "${name}", none found`);
        if (entry.data.length !== size) {
          throw new ModelError(`optimizer state "${name}": expected ${size} values, got ${entry.data.length}`);
        }
        flat.set(entry.data, this.core.offsets[i]);
      });
      return flat;
    };
    this.core.setMoments(load('m'), load('v'));
    this.stepCount = state.step;
  }

  /** Frees the moment buffers. */
  dispose(): void {
    this.core.dispose();
  }
}
