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
import { constant } from './constants.js';
import * as op from './direct-ops.js';
import type { MatConfig } from './config.js';
import { type BlockWeights, layerNorm, mlp, standardize } from './layers.js';
import { linear } from './linalg.js';
import type { MatWeights } from './weights.js';

/**
 * Multi-head attention of position-major rows: softmax(Q Kᵀ/√d_k + bias) V per sequence and head.
 * @param q queries [Tq·B, D] (projected, or raw extra rows: the caller stacks them)
 * @param k keys [Tk·B, D]
 * @param v values [Tk·B, D]
 * @param keyBias additive key bias [1, B·H, Tk] (0 or MASKED; see {@link headKeyBias}), or none
 * @returns [Tq·B, D], the heads side by side as the training path's merge leaves them
 */
export function attendPositionMajor(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  batch: number,
  heads: number,
  keyBias?: tf.Tensor3D,
): tf.Tensor2D {
  const d = q.shape[1];
  const tq = q.shape[0] / batch;
  const tk = k.shape[0] / batch;
  const dHead = d / heads;
  const bh = batch * heads;
  // scores[i, (b, h), j] = Σ_e q[i, b, h, e] k[j, b, h, e] / √d_k, the products summed in e order.
  const products = op.mul(op.reshape(op.mul(q, constant(1 / Math.sqrt(dHead))), [tq, 1, batch * d]), op.reshape(k, [1, tk, batch * d]));
  let scores = op.transpose(op.sum(op.reshape(products, [tq, tk, bh, dHead]), 3), [0, 2, 1]); // [Tq, B·H, Tk]
  if (keyBias) scores = op.add(scores, keyBias);
  const probs = op.reshape(op.softmax(scores), [tq, 1, bh, tk]);
  // out[i, (b, h), e] = Σ_j p[i, b, h, j] v[j, b, h, e], the products summed in j order.
  // (wasm's 4-D transpose loop runs this reversal ≈ 1.5× faster than its 3-D one.)
  const vT = op.reshape(op.transpose(op.reshape(v, [tk, batch, heads, dHead]), [3, 1, 2, 0]), [1, dHead, bh, tk]);
  const out = op.transpose(op.sum(op.mul(probs, vT), 3), [0, 2, 1]); // [Tq, B·H, d_k]
  return op.reshape(out, [tq * batch, d]);
}

/** A key bias [B, Tk] (any shape of B·Tk values) repeated for each head as {@link attendPositionMajor} adds it: [1, B·H, Tk]. */
export function headKeyBias(bias: tf.Tensor, batch: number, heads: number): tf.Tensor3D {
  const tk = bias.size / batch;
  return op.reshape(tf.tile(op.reshape(bias, [batch, 1, tk]), [1, heads, 1]), [1, batch * heads, tk]);
}

/** JS copies of embedding variables, re-read when a variable is assigned (assign gives it a new dataId). */
const tableValues = new WeakMap<tf.Variable, { dataId: object; values: Float32Array }>();

function valuesOf(v: tf.Variable): Float32Array {
  const hit = tableValues.get(v);
  if (hit !== undefined && hit.dataId === v.dataId) return hit.values;
  const values = v.dataSync() as Float32Array;
  tableValues.set(v, { dataId: v.dataId, values });
  return values;
}

/**
 * Token rows (embedding + position) of B items, position-major [L·B, D], from int32 tokens [B, L]
 * (row-major, each in [0, vocabSize): the caller checks). The rows are looked up and added in JS: the
 * training path's one-hot @ table gives exactly the table's rows, and a float32 sum rounded from doubles
 * (Math.fround) is the float32 sum wasm's add computes.
 */
export function embedPositionMajor(tokens: Int32Array, batch: number, w: MatWeights): tf.Tensor2D {
  const table = valuesOf(w.tokenEmbedding);
  const position = valuesOf(w.positionEmbedding);
  const [len, d] = w.positionEmbedding.shape as [number, number];
  const rows = new Float32Array(len * batch * d);
  for (let t = 0; t < len; t++) {
    for (let b = 0; b < batch; b++) {
      const from = (tokens[b * len + t] as number) * d;
      const to = (t * batch + b) * d;
      for (let j = 0; j < d; j++) rows[to + j] = Math.fround((table[from + j] as number) + (position[t * d + j] as number));
    }
  }
  return tf.tensor2d(rows, [len * batch, d]);
}

/** One pre-LN encoder block (self-attention, no memory) on position-major rows [L·B, D]. */
function encoderBlock(h: tf.Tensor2D, block: BlockWeights, batch: number, heads: number): tf.Tensor2D {
  const x = layerNorm(h, block.ln1) as tf.Tensor2D;
  const project = (wt: tf.Variable, bias: tf.Variable): tf.Tensor2D => linear(x, wt as tf.Tensor2D, bias as tf.Tensor1D) as tf.Tensor2D;
  const attended = attendPositionMajor(project(block.wQ, block.bQ), project(block.wK, block.bK), project(block.wV, block.bV), batch, heads);
  const h1 = op.add(h, linear(attended, block.wOut as tf.Tensor2D, block.bOut as tf.Tensor1D)) as tf.Tensor2D;
  return op.add(h1, mlp(layerNorm(h1, block.ln2), block)) as tf.Tensor2D;
}

/** The pooled item features [B, D] of position-major token rows [L·B, D] (see {@link embedPositionMajor}). */
export function encodeFeaturesPositionMajor(tokenRows: tf.Tensor2D, w: MatWeights, cfg: MatConfig): tf.Tensor2D {
  const len = cfg.itemLen;
  const b = tokenRows.shape[0] / len;
  let h = tokenRows;
  for (const block of w.encoderBlocks) h = encoderBlock(h, block, b, cfg.nHeads);
  // The mean over positions reduces each (item, feature) over its L values in position order, as the
  // training path's mean over axis 1 does.
  return op.mean(op.reshape(layerNorm(h, w.encoderNorm), [len, b, cfg.dModel]), 0) as tf.Tensor2D;
}

/** The read keys k_r [B, D] of pooled features [B, D]. */
export function readKeysOf(features: tf.Tensor2D, w: MatWeights): tf.Tensor2D {
  return linear(features, w.readKey.w as tf.Tensor2D, w.readKey.b as tf.Tensor1D) as tf.Tensor2D;
}

/** Only the read keys k_r [N, D] of N items (what answering a query needs of its encoding); tokens as in {@link encodeInference}. */
export function encodeReadKeysInference(tokens: Int32Array, count: number, w: MatWeights, cfg: MatConfig): tf.Tensor2D {
  return readKeysOf(encodeFeaturesPositionMajor(embedPositionMajor(tokens, count, w), w, cfg), w);
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
 * @param tokens int32 [N, L] row-major, each in [0, vocabSize)
 */
export function encodeInference(tokens: Int32Array, count: number, w: MatWeights, cfg: MatConfig): InferenceEncoding {
  const features = encodeFeaturesPositionMajor(embedPositionMajor(tokens, count, w), w, cfg);
  return {
    features,
    writeKeys: linear(features, w.writeKey.w as tf.Tensor2D, w.writeKey.b as tf.Tensor1D) as tf.Tensor2D,
    writeValues: standardize(linear(features, w.writeValue.w as tf.Tensor2D, w.writeValue.b as tf.Tensor1D)) as tf.Tensor2D,
    readKeys: readKeysOf(features, w),
  };
}
