/**
 * Building blocks of the policy networks: seeded orthogonal initialisation (computed in JS from an
 * {@link Rng}, so it is identical on every backend) and a dense layer over tf variables.
 */
import * as tf from '@tensorflow/tfjs';
import { tanh } from '../../model/activations.js';
import * as op from '../../model/direct-ops.js';
import { mm } from '../../model/linalg.js';
import type { Rng } from '../../util/rng.js';

/** Gains of the orthogonal init used by CleanRL/SB3: √2 hidden layers, 0.01 policy head, 1 value head. */
export const INIT_GAIN = { hidden: Math.SQRT2, policy: 0.01, value: 1 } as const;

/**
 * A `rows × cols` (row-major) matrix with orthonormal columns (rows ≥ cols) or orthonormal rows
 * (rows < cols), times `gain`: Gaussian draws from `rng` orthonormalised by modified Gram–Schmidt.
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  const big = Math.max(rows, cols);
  const small = Math.min(rows, cols);
  const vecs: Float64Array[] = [];
  for (let k = 0; k < small; k++) {
    // Redraw in the (practically impossible) case of a numerically dependent vector.
    for (;;) {
      const u = new Float64Array(big);
      for (let i = 0; i < big; i++) u[i] = rng.normal();
      // Two passes of Gram–Schmidt for numerical orthogonality.
      for (let pass = 0; pass < 2; pass++) {
        for (const q of vecs) {
          let dot = 0;
          for (let i = 0; i < big; i++) dot += (u[i] as number) * (q[i] as number);
          for (let i = 0; i < big; i++) u[i] = (u[i] as number) - dot * (q[i] as number);
        }
      }
      let norm = 0;
      for (let i = 0; i < big; i++) norm += (u[i] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm < 1e-6) continue;
      for (let i = 0; i < big; i++) u[i] = (u[i] as number) / norm;
      vecs.push(u);
      break;
    }
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = rows >= cols ? (vecs[c] as Float64Array)[r] : (vecs[r] as Float64Array)[c];
      out[r * cols + c] = gain * (value as number);
    }
  }
  return out;
}

/** Throws a RangeError naming the first of `values` that is not a positive integer. */
export function assertPositiveIntegers(values: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`expected ${name} to be a positive integer, got ${v}`);
  }
}

/** A named trainable tensor, for checkpoints. */
export interface NamedWeight {
  name: string;
  variable: tf.Variable;
}

/** `y = x·W + b` with W orthogonal(gain) and b = 0. */
export class Dense {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(inputSize: number, outputSize: number, gain: number, rng: Rng) {
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.kernel = tf.variable(tf.tensor2d(orthogonalMatrix(inputSize, outputSize, gain, rng), [inputSize, outputSize]));
    this.bias = tf.variable(tf.zeros([outputSize]));
  }

  /** `x·W + b`, the product through {@link mm} (its gradient uses explicit transposes, fast on wasm). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return op.add(mm(x, this.kernel as tf.Tensor2D), this.bias);
  }

  /** The layer's weights named `${prefix}.kernel` and `${prefix}.bias`. */
  weights(prefix: string): NamedWeight[] {
    return [
      { name: `${prefix}.kernel`, variable: this.kernel },
      { name: `${prefix}.bias`, variable: this.bias },
    ];
  }
}

/**
 * A stack of tanh dense layers (hidden gain √2) followed by a linear output layer; tanh is
 * 2·sigmoid(2x) − 1 (src/model/activations.ts), equal to tf.tanh to float32 rounding and faster on wasm.
 */
export class Mlp {
  readonly layers: Dense[];

  constructor(inputSize: number, hidden: readonly number[], outputSize: number, outputGain: number, rng: Rng) {
    this.layers = [];
    let width = inputSize;
    for (const h of hidden) {
      this.layers.push(new Dense(width, h, INIT_GAIN.hidden, rng));
      width = h;
    }
    this.layers.push(new Dense(width, outputSize, outputGain, rng));
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      const y = (this.layers[i] as Dense).apply(h);
      h = i < this.layers.length - 1 ? tanh(y) : y;
    }
    return h;
  }

  weights(prefix: string): NamedWeight[] {
    return this.layers.flatMap((l, i) => l.weights(`${prefix}.${i}`));
  }
}
