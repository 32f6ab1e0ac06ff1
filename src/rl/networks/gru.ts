/**
 * A GRU layer (Cho et al. 2014, PyTorch's gate layout) for the recurrent policies, unrolled over T steps
 * of B envs with the state zeroed at episode starts:
 *
 *   r = σ(x·W_xr + b_xr + h·W_hr + b_hr),  z = σ(x·W_xz + b_xz + h·W_hz + b_hz),
 *   n = tanh(x·W_xn + b_xn + r ⊙ (h·W_hn + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
 *
 * The input projection of all T·B rows is one matrix product; only h·W_h runs per step. Products use
 * `linear` (explicit-transpose gradient); the kernels are orthogonal (gain 1, W_h per gate), biases 0.
 */
import * as tf from '@tensorflow/tfjs';
import { tanh } from '../../model/activations.js';
import { linear } from '../../model/linalg.js';
import type { Rng } from '../../util/rng.js';
import { assertPositiveIntegers, orthogonalMatrix, type NamedWeight } from './layers.js';
import type { PolicyOutput, RecurrentInput, RecurrentOutput, RecurrentPolicy } from './network.js';

/** The hidden states of an unrolled GRU. */
export interface GruUnroll {
  /** (T·B) × H: the state after every step, time-major. */
  hidden: tf.Tensor2D;
  /** B × H: the state after the last step. */
  state: tf.Tensor2D;
}

/** A GRU over inputs of width `inputSize` with `hiddenSize` units; see the module comment. */
export class Gru {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** inputSize × 3H, gates [r | z | n]. */
  readonly inputKernel: tf.Variable;
  /** H × 3H. */
  readonly recurrentKernel: tf.Variable;
  readonly inputBias: tf.Variable;
  readonly recurrentBias: tf.Variable;

  constructor(inputSize: number, hiddenSize: number, rng: Rng) {
    assertPositiveIntegers({ 'GRU inputSize': inputSize, 'GRU hiddenSize': hiddenSize });
    const H = hiddenSize;
    this.inputSize = inputSize;
    this.hiddenSize = H;
    this.inputKernel = tf.variable(tf.tensor2d(orthogonalMatrix(inputSize, 3 * H, 1, rng), [inputSize, 3 * H]));
    const gates = [0, 1, 2].map(() => tf.tensor2d(orthogonalMatrix(H, H, 1, rng), [H, H]));
    this.recurrentKernel = tf.variable(tf.concat(gates, 1));
    gates.forEach((g) => g.dispose());
    this.inputBias = tf.variable(tf.zeros([3 * H]));
    this.recurrentBias = tf.variable(tf.zeros([3 * H]));
  }

  /**
   * Runs T = rows / B steps from `initialState` (B × H) over time-major inputs x ((T·B) × inputSize),
   * zeroing a row's state before every step whose `episodeStarts` flag is 1.
   */
  unroll(x: tf.Tensor2D, initialState: tf.Tensor2D, episodeStarts: tf.Tensor1D): GruUnroll {
    const B = initialState.shape[0];
    const H = this.hiddenSize;
    const rows = x.shape[0];
    if (initialState.shape[1] !== H || B < 1 || rows % B !== 0 || episodeStarts.shape[0] !== rows) {
      throw new RangeError(
        `expected x [T·B, ${this.inputSize}], state [B, ${H}] and T·B episode starts, got x [${x.shape.join(', ')}], state [${initialState.shape.join(', ')}], ${episodeStarts.shape[0]} starts`,
      );
    }
    return tf.tidy(() => {
      const gx = linear(x, this.inputKernel as tf.Tensor2D, this.inputBias as tf.Tensor1D) as tf.Tensor2D;
      const T = rows / B;
      const keep = tf.split(tf.sub(1, tf.reshape(episodeStarts, [rows, 1])), T, 0);
      const inputs = tf.split(gx, T, 0) as tf.Tensor2D[];
      let h = initialState;
      const hidden: tf.Tensor2D[] = [];
      for (let t = 0; t < T; t++) {
        const kept = tf.mul(h, keep[t] as tf.Tensor) as tf.Tensor2D;
        h = this.cell(inputs[t] as tf.Tensor2D, kept);
        hidden.push(h);
      }
      return { hidden: hidden.length === 1 ? h : (tf.concat(hidden, 0) as tf.Tensor2D), state: h };
    });
  }

  private cell(gx: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    const gh = linear(h, this.recurrentKernel as tf.Tensor2D, this.recurrentBias as tf.Tensor1D) as tf.Tensor2D;
    const [xr, xz, xn] = tf.split(gx, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [hr, hz, hn] = tf.split(gh, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tanh(tf.add(xn, tf.mul(r, hn)));
    return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
  }

  /** The layer's weights named `${prefix}.inputKernel`, `.recurrentKernel`, `.inputBias`, `.recurrentBias`. */
  weights(prefix: string): NamedWeight[] {
    return [
      { name: `${prefix}.inputKernel`, variable: this.inputKernel },
      { name: `${prefix}.recurrentKernel`, variable: this.recurrentKernel },
      { name: `${prefix}.inputBias`, variable: this.inputBias },
      { name: `${prefix}.recurrentBias`, variable: this.recurrentBias },
    ];
  }
}

/** A recurrent network's answer for single observations at the start of an episode (the zero state). */
export function forwardFromZeroState(policy: RecurrentPolicy, features: tf.Tensor2D): PolicyOutput {
  return tf.tidy(() => {
    const n = features.shape[0];
    const out: RecurrentOutput = policy.unroll({
      features,
      initialState: tf.zeros([n, policy.stateSize]),
      episodeStarts: tf.ones([n]),
    } satisfies RecurrentInput);
    return { logits: out.logits, values: out.values };
  });
}
