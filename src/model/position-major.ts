/**
 * The MAT's forward without gradients on position-major rows (what {@link Mat.answer}, {@link Mat.encodeItems}
 * and {@link Mat.readWeights} run): the rows of B sequences of T positions are one 2-D tensor [T·B, D] whose
 * row t·B + b is position t of sequence b, instead of the training path's [B, T, D].
 *
 * The arithmetic is the training path's, value for value (tests compare the two bit for bit on random
 * weights); the layout only changes which kernels compute it, for the wasm backend's sake:
 *
 * - attention per sequence and head (Q Kᵀ and P V: tiny matrices, B·H of each) is a broadcast multiply of
 *   whole position blocks ([Tq, 1, B·D] × [1, Tk, B·D] for the scores) followed by a sum over each dot
 *   product's terms, instead of batched matMuls: wasm runs a batched matMul as a scalar triple loop
 *   (≈ 1.5 GMAC/s) while its multiply is SIMD over contiguous runs of B·D floats; with the sum it is about
 *   twice as fast. Both the matMul and the sum add a dot product's terms one by one in the same order, so
 *   the scores and outputs are the same floats. Q, K and the output need no head split or merge transposes.
 * - rows of a position range are contiguous: slicing off rows and concatenating row blocks (context ;
 *   query tokens ; reads, keys ; memory) copy one block each instead of one 64-float run per sequence.
 *
 * Every function returns intermediate tensors; callers run them inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import type { MatConfig } from './config.js';
import { type BlockWeights, layerNorm, mlp, standardize } from './layers.js';
import { linear } from './linalg.js';
import type { MatWeights } from './weights.js';

/** Reorders row-major [B, R, W] values to position-major [R, B, W]. */
export function positionMajor<T extends Float32Array | Int32Array>(values: T, batch: number, rows: number, width: number): T {
  const out = new (values.constructor as new (n: number) => T)(values.length);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < rows; r++) {
      const from = (b * rows + r) * width;
      const to = (r * batch + b) * width;
      for (let j = 0; j < width; j++) out[to + j] = values[from + j] as number;
    }
  }
  return out;
}

/**
 * Multi-head attention of position-major rows: softmax(Q Kᵀ/√d_k + bias) V per sequence and head.
 * @param q queries [Tq·B, D] (projected, or raw extra rows: the caller stacks them)
 * @param k keys [Tk·B, D]
 * @param v values [Tk·B, D]
 * @param keyBias additive key bias [1, B, 1, Tk] (0 or MASKED), or none
 * @returns [Tq·B, D], the heads side by side as the training path's merge leaves them
 */
export function attendPositionMajor(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  batch: number,
  heads: number,
  keyBias?: tf.Tensor4D,
): tf.Tensor2D {
  const d = q.shape[1];
  const tq = q.shape[0] / batch;
  const tk = k.shape[0] / batch;
  const dHead = d / heads;
  const bh = batch * heads;
  // scores[i, (b, h), j] = Σ_e q[i, b, h, e] k[j, b, h, e] / √d_k, the products summed in e order.
  const products = tf.mul(tf.reshape(tf.mul(q, 1 / Math.sqrt(dHead)), [tq, 1, batch * d]), tf.reshape(k, [1, tk, batch * d]));
  const summed = tf.reshape(tf.sum(tf.reshape(products, [tq * tk * bh, dHead]), -1), [tq, tk, bh]);
  let scores = tf.reshape(tf.transpose(summed, [0, 2, 1]), [tq, batch, heads, tk]);
  if (keyBias) scores = tf.add(scores, keyBias);
  const probs = tf.reshape(tf.softmax(scores), [tq, 1, bh * tk]);
  // out[i, (b, h), e] = Σ_j p[i, b, h, j] v[j, b, h, e], the products summed in j order.
  // (wasm's 4-D transpose loop runs this reversal ≈ 1.5× faster than its 3-D one.)
  const vT = tf.reshape(tf.transpose(tf.reshape(v, [tk, batch, heads, dHead]), [3, 1, 2, 0]), [1, dHead, bh * tk]);
  const out = tf.reshape(tf.sum(tf.reshape(tf.mul(probs, vT), [tq * dHead * bh, tk]), -1), [tq, dHead, bh]);
  return tf.reshape(tf.transpose(out, [0, 2, 1]), [tq * batch, d]);
}

/** Token rows (embedding + position) of B items, position-major [L·B, D], from int32 tokens [L·B]. */
export function embedPositionMajor(tokens: tf.Tensor1D, w: MatWeights): tf.Tensor2D {
  const [vocab, d] = w.tokenEmbedding.shape as [number, number];
  const len = w.positionEmbedding.shape[0] as number;
  const b = tokens.shape[0] / len;
  // one-hot @ table, as the training path's embedTokens (its rows are the table's rows exactly; wasm's
  // OneHot writes zeros for a float32 dtype, hence the cast).
  const oneHot = tf.cast(tf.oneHot(tokens, vocab), 'float32') as tf.Tensor2D;
  const rows = tf.matMul(oneHot, w.tokenEmbedding as tf.Tensor2D);
  return tf.reshape(tf.add(tf.reshape(rows, [len, b, d]), tf.reshape(w.positionEmbedding, [len, 1, d])), [len * b, d]);
}

/** One pre-LN encoder block (self-attention, no memory) on position-major rows [L·B, D]. */
function encoderBlock(h: tf.Tensor2D, block: BlockWeights, batch: number, heads: number): tf.Tensor2D {
  const x = layerNorm(h, block.ln1) as tf.Tensor2D;
  const project = (wt: tf.Variable, bias: tf.Variable): tf.Tensor2D => linear(x, wt as tf.Tensor2D, bias as tf.Tensor1D) as tf.Tensor2D;
  const attended = attendPositionMajor(project(block.wQ, block.bQ), project(block.wK, block.bK), project(block.wV, block.bV), batch, heads);
  const h1 = tf.add(h, linear(attended, block.wOut as tf.Tensor2D, block.bOut as tf.Tensor1D)) as tf.Tensor2D;
  return tf.add(h1, mlp(layerNorm(h1, block.ln2), block)) as tf.Tensor2D;
}

/** The pooled item features [B, D] of position-major token rows [L·B, D] (see {@link embedPositionMajor}). */
export function encodeFeaturesPositionMajor(tokenRows: tf.Tensor2D, w: MatWeights, cfg: MatConfig): tf.Tensor2D {
  const len = cfg.itemLen;
  const b = tokenRows.shape[0] / len;
  let h = tokenRows;
  for (const block of w.encoderBlocks) h = encoderBlock(h, block, b, cfg.nHeads);
  // The mean over positions reduces each (item, feature) over its L values in position order, as the
  // training path's mean over axis 1 does.
  return tf.mean(tf.reshape(layerNorm(h, w.encoderNorm), [len, b, cfg.dModel]), 0) as tf.Tensor2D;
}

/** The read keys k_r [B, D] of pooled features [B, D]. */
export function readKeysOf(features: tf.Tensor2D, w: MatWeights): tf.Tensor2D {
  return linear(features, w.readKey.w as tf.Tensor2D, w.readKey.b as tf.Tensor1D) as tf.Tensor2D;
}

/** Only the read keys k_r [N, D] of N items (what answering a query needs of its encoding); tokens as in {@link encodeInference}. */
export function encodeReadKeysInference(tokens: tf.Tensor1D, w: MatWeights, cfg: MatConfig): tf.Tensor2D {
  return readKeysOf(encodeFeaturesPositionMajor(embedPositionMajor(tokens, w), w, cfg), w);
}

/** What {@link encodeInference} returns, each [N, D]. */
export interface InferenceEncoding {
  features: tf.Tensor2D;
  writeKeys: tf.Tensor2D;
  writeValues: tf.Tensor2D;
  readKeys: tf.Tensor2D;
}

/**
 * The encoder's outputs for N items (no gradients), the values of `encodeTensors`.
 * @param tokens int32 position-major [L·N] (see {@link positionMajor})
 */
export function encodeInference(tokens: tf.Tensor1D, w: MatWeights, cfg: MatConfig): InferenceEncoding {
  const features = encodeFeaturesPositionMajor(embedPositionMajor(tokens, w), w, cfg);
  return {
    features,
    writeKeys: linear(features, w.writeKey.w as tf.Tensor2D, w.writeKey.b as tf.Tensor1D) as tf.Tensor2D,
    writeValues: standardize(linear(features, w.writeValue.w as tf.Tensor2D, w.writeValue.b as tf.Tensor1D)) as tf.Tensor2D,
    readKeys: readKeysOf(features, w),
  };
}
