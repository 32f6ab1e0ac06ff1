/**
 * Adam with global-norm gradient clipping, written on tf.Variables so its full state (step and moments)
 * can be checkpointed and restored exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue, ModelError } from '../util/errors.js';
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
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

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
    const zeros = (p: NamedVariable): tf.Variable => {
      const init = tf.zerosLike(p.variable);
      const v = tf.variable(init, false);
      init.dispose();
      return v;
    };
    this.m = params.map(zeros);
    this.v = params.map(zeros);
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
      grads.forEach((raw, i) => {
        if (raw === undefined) return;
        const g = scale ? tf.mul(raw, scale) : raw;
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        const p = (this.params[i] as NamedVariable).variable;
        const mNew = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const vNew = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(mNew);
        v.assign(vNew);
        p.assign(tf.sub(p, tf.mul(tf.div(mNew, tf.add(tf.sqrt(vNew), this.epsilon)), stepSize)));
      });
    });
  }

  /** A copy of the step count and moments (names `m/<param>` and `v/<param>`). */
  getState(): AdamState {
    const moments: NamedArray[] = [];
    this.params.forEach((p, i) => {
      moments.push({ name: `m/${p.name}`, shape: p.variable.shape.slice(), data: (this.m[i] as tf.Variable).dataSync() as Float32Array });
    });
    this.params.forEach((p, i) => {
      moments.push({ name: `v/${p.name}`, shape: p.variable.shape.slice(), data: (this.v[i] as tf.Variable).dataSync() as Float32Array });
    });
    return { step: this.stepCount, moments };
  }

  /** Restores a state from {@link getState}; names and shapes must match. */
  setState(state: AdamState): void {
    const byName = new Map(state.moments.map((m) => [m.name, m]));
    const load = (prefix: string, vars: tf.Variable[]): void => {
      this.params.forEach((p, i) => {
        const name = `${prefix}/${p.name}`;
        const entry = byName.get(name);
        const target = vars[i] as tf.Variable;
        if (!entry) throw new ModelError(`optimizer state: expected a moment named "${name}", none found`);
        if (entry.data.length !== target.size) {
          throw new ModelError(`optimizer state "${name}": expected ${target.size} values, got ${entry.data.length}`);
        }
        target.assign(tf.tensor(entry.data, target.shape, 'float32'));
      });
    };
    tf.tidy(() => {
      load('m', this.m);
      load('v', this.v);
    });
    this.stepCount = state.step;
  }

  /** Frees the moment variables. */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
