/**
 * The memory-augmented variant: a small fixed transformer encoder plus an external memory of N slots.
 *
 * Write: every stored sequence X_i is encoded (last-token row of the encoder → layer norm → key projection
 * W_k → unit length) into a key k_i ∈ R^{d_k}; slot i holds (k_i, y_i), the label as an integer id.
 * Read: the query sequence is encoded the same way into q; it attends over the N slots with scaled
 * dot-product weights softmax_i(β · q·k_i) (β a learned inverse temperature) and the read-out is the
 * attention-weighted sum of the slots' one-hot labels, a distribution over labels; its log is the logit.
 * This is the seed's memory attention (keys M, values M, softmax over slots) with the slot split into a key
 * part and a label part. During training the memory is re-written from the current encoder at every step
 * (a differentiable write), so keys and queries move together.
 *
 * Counting: `trainable` = encoder + key projection + β (fixed as N grows); `memoryFloats` = N·(d_k + 1)
 * stored numbers (key floats and one label id per slot), which grow linearly with N. Both are reported;
 * neither alone is "the" parameter count.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import { layerNorm, type LayerNormWeights } from '../model/layers.js';
import { linear, mm } from '../model/linalg.js';
import { ParamStore } from '../model/params.js';
import { CapacityTransformer, countTransformerParams, type TransformerShape } from './model.js';
import type { Memorizer } from './train.js';

/** The architecture of a {@link MemoryLookupModel}: its encoder's shape (no head of its own) and the key size. */
export interface MemoryModelShape extends Omit<TransformerShape, 'head'> {
  /** d_k: floats per memory key. */
  keyDim: number;
}

/** How a {@link MemoryLookupModel}'s size is counted. */
export interface MemoryParamCount {
  /** Trained weights: encoder + key norm + W_k + β. Independent of N. */
  trainable: number;
  /** Stored numbers per slot: d_k key floats + 1 label id. */
  floatsPerSlot: number;
}

function encoderShape(s: MemoryModelShape): TransformerShape {
  return {
    vocabSize: s.vocabSize,
    length: s.length,
    numLabels: s.numLabels,
    width: s.width,
    depth: s.depth,
    heads: s.heads,
    ffMult: s.ffMult,
    head: 'none',
  };
}

/** The parameter count of a memory model (see the module doc for what is counted). */
export function countMemoryParams(s: MemoryModelShape): MemoryParamCount {
  const encoder = countTransformerParams(encoderShape(s)).total;
  return { trainable: encoder + 2 * s.width + s.width * s.keyDim + 1, floatsPerSlot: s.keyDim + 1 };
}

/** A fixed small transformer whose read attends over N memory slots holding (key, label) rows. */
export class MemoryLookupModel implements Memorizer {
  readonly shape: MemoryModelShape;
  private readonly encoder: CapacityTransformer;
  private readonly store: ParamStore;
  private readonly lnK: LayerNormWeights;
  private readonly wK: tf.Variable;
  private readonly logBeta: tf.Variable;
  private memTokens: tf.Tensor2D | undefined;
  private memLabels: tf.Tensor2D | undefined;

  private constructor(shape: MemoryModelShape, seed: number) {
    if (!Number.isInteger(shape.keyDim) || shape.keyDim < 1) {
      throw new ModelError(`keyDim: expected an integer >= 1, got ${shape.keyDim}`);
    }
    this.shape = { ...shape };
    this.encoder = CapacityTransformer.create(encoderShape(shape), seed);
    this.store = new ParamStore(seed + 7919);
    const d = shape.width;
    this.lnK = { gain: this.store.constant('mem.ln.gain', [d], 1), bias: this.store.constant('mem.ln.bias', [d], 0) };
    this.wK = this.store.normal('mem.wK', [d, shape.keyDim], 1 / Math.sqrt(d));
    this.logBeta = this.store.constant('mem.logBeta', [], Math.log(4 * Math.sqrt(shape.keyDim)));
  }

  /** Builds a model with seeded weights and an empty memory. */
  static create(shape: MemoryModelShape, seed: number): MemoryLookupModel {
    return new MemoryLookupModel(shape, seed);
  }

  /** Trainable weights and floats per slot. */
  params(): MemoryParamCount {
    return countMemoryParams(this.shape);
  }

  /** Slots currently stored (0 before {@link setMemory}). */
  get slots(): number {
    return this.memTokens?.shape[0] ?? 0;
  }

  /**
   * Stores the N sequences and their labels as the memory contents (their keys are written from the
   * current encoder at every read). Replaces any previous contents.
   */
  setMemory(tokens: Int32Array, labels: Int32Array, count: number): void {
    const n = this.shape.length;
    if (tokens.length !== count * n) throw new ModelError(`memory tokens: expected ${count * n}, got ${tokens.length}`);
    if (labels.length !== count) throw new ModelError(`memory labels: expected ${count}, got ${labels.length}`);
    this.clearMemory();
    this.memTokens = tf.tensor2d(tokens, [count, n], 'int32');
    this.memLabels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), this.shape.numLabels), 'float32') as tf.Tensor2D);
  }

  /** Unit-length keys [B, d_k] of sequences [B, n]. */
  private keys(tokens: tf.Tensor2D): tf.Tensor2D {
    const x = this.encoder.encode(tokens);
    const [b, rows, d] = x.shape;
    const last = tf.reshape(tf.slice(x, [0, rows - 1, 0], [b, 1, d]), [b, d]);
    const k = linear(layerNorm(last, this.lnK), this.wK as tf.Tensor2D) as tf.Tensor2D;
    return tf.div(k, tf.add(tf.norm(k, 'euclidean', -1, true), 1e-6)) as tf.Tensor2D;
  }

  /** Log of the read-out label distribution [B, C]. Creates intermediates: call inside a tidy. */
  logits(tokens: tf.Tensor2D): tf.Tensor2D {
    if (!this.memTokens || !this.memLabels) throw new ModelError('memory: expected setMemory() before a read, got an empty memory');
    const q = this.keys(tokens);
    const k = this.keys(this.memTokens);
    const scores = tf.mul(mm(q, tf.transpose(k) as tf.Tensor2D), tf.exp(this.logBeta)) as tf.Tensor2D;
    const read = mm(tf.softmax(scores) as tf.Tensor2D, this.memLabels);
    return tf.log(tf.add(read, 1e-9)) as tf.Tensor2D;
  }

  /** The trainable variables (encoder, key norm, W_k, log β). */
  variables(): tf.Variable[] {
    return [...this.encoder.variables(), ...this.store.variables()];
  }

  private clearMemory(): void {
    this.memTokens?.dispose();
    this.memLabels?.dispose();
    this.memTokens = undefined;
    this.memLabels = undefined;
  }

  /** Frees the weights and the memory. */
  dispose(): void {
    this.clearMemory();
    this.encoder.dispose();
    this.store.dispose();
  }
}
