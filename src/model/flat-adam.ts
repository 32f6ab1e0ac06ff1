/**
 * The shared core of the two Adam optimisers (src/rl/optim.ts for the learners, src/model/optimizer.ts for
 * MAT pretraining): both moment estimates of all parameters live in two flat variables, so one step is a
 * constant number of kernels — concat the flattened gradients, one fused moment/update computation on
 * the flat buffers, concat the parameters, subtract, then one slice + reshape per parameter to assign —
 * instead of ~6 kernels per parameter (252 launches for the slot policy's 42 variables).
 *
 * Every element goes through exactly the ops of a per-variable Adam in the same order, so the results are
 * bit for bit those of one (only the layout changes); the tests compare with a per-variable reference.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';

/** The bias-corrected step of one parameter element, given its new moments (the two optimisers differ here). */
export type AdamUpdate = (m: tf.Tensor1D, v: tf.Tensor1D) => tf.Tensor1D;

/** `xs` flattened and concatenated, [Σ size]; rank-1 tensors are not reshaped (a reshape is a kernel dispatch too). */
function concatFlat(xs: readonly tf.Tensor[]): tf.Tensor1D {
  if (xs.length === 0) return tf.zeros([0]);
  const flat = xs.map((x) => (x.rank === 1 ? x : tf.reshape(x, [-1])));
  return (flat.length === 1 ? flat[0] : tf.concat(flat)) as tf.Tensor1D;
}

/** Flat moment buffers over a fixed list of variables, and the flat step. */
export class FlatAdamCore {
  /** Element count of each variable. */
  readonly sizes: readonly number[];
  /** Offset of each variable in the flat buffers. */
  readonly offsets: readonly number[];
  /** Elements of all variables. */
  readonly total: number;
  readonly m: tf.Variable<tf.Rank.R1>;
  readonly v: tf.Variable<tf.Rank.R1>;
  private readonly variables: readonly tf.Variable[];

  constructor(variables: readonly tf.Variable[]) {
    this.variables = variables;
    this.sizes = variables.map((x) => x.size);
    const offsets: number[] = [];
    let total = 0;
    for (const s of this.sizes) {
      offsets.push(total);
      total += s;
    }
    this.offsets = offsets;
    this.total = total;
    // Inside tidy: the zeros the variables are made from are freed (a variable keeps its own reference).
    this.m = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([total]), false));
  }

  /** The gradients (one per variable, in order) as one flat vector [total]. Call inside `tf.tidy`. */
  flatten(grads: readonly tf.Tensor[]): tf.Tensor1D {
    if (grads.length !== this.variables.length) throw new RangeError(`expected ${this.variables.length} gradients, got ${grads.length}`);
    return concatFlat(grads);
  }

  /**
   * One Adam step from the flat gradient `g` [total]: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², every
   * variable x ← x − update(m, v). With `mask` [total] (1 where the variable has a gradient, 0 elsewhere),
   * masked-out elements keep their moments and values (a variable the loss does not depend on stays
   * unchanged). Disposes its intermediates; does not dispose `g` or `mask`.
   */
  step(g: tf.Tensor1D, beta1: number, beta2: number, update: AdamUpdate, mask?: tf.Tensor1D): void {
    if (this.variables.length === 0) return;
    tf.tidy(() => {
      let m1: tf.Tensor1D = tf.add(tf.mul(this.m, constant(beta1)), tf.mul(g, constant(1 - beta1)));
      let v1: tf.Tensor1D = tf.add(tf.mul(this.v, constant(beta2)), tf.mul(tf.square(g), constant(1 - beta2)));
      const keep = mask ? tf.cast(mask, 'bool') : undefined;
      if (keep) {
        m1 = tf.where(keep, m1, this.m);
        v1 = tf.where(keep, v1, this.v);
      }
      this.m.assign(m1);
      this.v.assign(v1);
      const x = concatFlat(this.variables);
      const stepped = tf.sub(x, update(m1, v1));
      const next = keep ? tf.where(keep, stepped, x) : stepped;
      // One split kernel for all parts (wasm slices inside it, without an engine dispatch per part).
      const parts = this.variables.length === 1 ? [next] : tf.split(next, this.sizes as number[]);
      this.variables.forEach((p, i) => {
        const part = parts[i] as tf.Tensor;
        p.assign(p.rank === 1 ? part : tf.reshape(part, p.shape));
      });
    });
  }

  /** Replaces all moments by `m` and `v` (flat, [total] each). */
  setMoments(m: Float32Array, v: Float32Array): void {
    if (m.length !== this.total || v.length !== this.total)
      throw new RangeError(`expected ${this.total} moment values, got ${m.length} and ${v.length}`);
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(m));
      this.v.assign(tf.tensor1d(v));
    });
  }

  /** Frees the moment buffers. */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
