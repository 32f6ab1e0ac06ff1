/**
 * Multi-head attention extended with memory (seed 001, "integration with the transformer"):
 *
 *   Q' = [Q; cᵀ],  K' = [K; M],  V' = [V; M],  Attn = softmax(Q' K'ᵀ / √d_k) V'
 *
 * Q, K, V are projections of the (layer-normed) token rows; `c` rows are appended to the queries raw, the
 * memory slots M are appended raw to the keys and values. Every D-vector (c, M_i) is split across heads
 * like Q/K/V, so d_k = D / heads. Masked keys (absent context items, empty slots) get −1e9 before the
 * softmax: their weight is exactly 0.
 *
 * All tensors are at most rank 4 ([B, heads, T, d_head]); transposes are explicit.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';
import type { BlockWeights } from './layers.js';
import { bmm, linear } from './linalg.js';

/** The additive value of a masked key. */
export const MASKED = -1e9;

/** Inputs of {@link memoryAttention}. */
export interface MemoryAttentionInput {
  /** Layer-normed token rows [B, T, D]; their projections give Q, K, V. */
  x: tf.Tensor3D;
  /** Layer-normed rows whose projections give the queries instead of `x` [B, Tq, D] (keys and values still come from `x`). */
  queryRows?: tf.Tensor3D | undefined;
  /** Rows appended to the queries only, unprojected (the seed's cᵀ) [B, R, D]. */
  extraQueries?: tf.Tensor3D | undefined;
  /** Memory slot vectors appended to keys and values, unprojected [B, N, D]. */
  memory?: tf.Tensor3D | undefined;
  /** Additive key mask [B, 1, 1, T + N]: 0 to attend, {@link MASKED} to ignore. */
  keyBias?: tf.Tensor4D | undefined;
}

function splitHeads(x: tf.Tensor3D, heads: number, perm: number[]): tf.Tensor4D {
  const [b, t, d] = x.shape;
  return tf.transpose(tf.reshape(x, [b, t, heads, d / heads]), perm) as tf.Tensor4D;
}

/**
 * One attention sub-layer with the seed's memory extension, including the output projection.
 * @returns [B, Tq + R, D]: the Tq query rows (`queryRows`, else the T token rows), then the R extra query rows.
 */
export function memoryAttention(input: MemoryAttentionInput, w: BlockWeights, heads: number): tf.Tensor3D {
  const { x, queryRows, extraQueries, memory, keyBias } = input;
  const [b, , d] = x.shape;
  const dHead = d / heads;
  const flat = tf.reshape(x, [-1, d]);
  const project = (wt: tf.Variable, bias: tf.Variable): tf.Tensor3D =>
    tf.reshape(linear(flat, wt as tf.Tensor2D, bias as tf.Tensor1D), x.shape);
  const q = queryRows ? (linear(queryRows, w.wQ as tf.Tensor2D, w.bQ as tf.Tensor1D) as tf.Tensor3D) : project(w.wQ, w.bQ);
  const k = project(w.wK, w.bK);
  const v = project(w.wV, w.bV);
  const qAll = extraQueries ? tf.concat([q, extraQueries], 1) : q;
  const kAll = memory ? tf.concat([k, memory], 1) : k;
  const vAll = memory ? tf.concat([v, memory], 1) : v;
  const q4 = tf.mul(splitHeads(qAll, heads, [0, 2, 1, 3]), constant(1 / Math.sqrt(dHead))) as tf.Tensor4D; // [B,H,Tq,dh]
  const kT4 = splitHeads(kAll, heads, [0, 2, 3, 1]); // [B,H,dh,Tk]
  const v4 = splitHeads(vAll, heads, [0, 2, 1, 3]); // [B,H,Tk,dh]
  let scores = bmm(q4, kT4); // [B,H,Tq,Tk]
  if (keyBias) scores = tf.add(scores, keyBias);
  const probs = tf.softmax(scores) as tf.Tensor4D;
  const out = bmm(probs, v4); // [B,H,Tq,dh]
  const tq = qAll.shape[1];
  const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [b, tq, d]);
  return linear(merged, w.wOut as tf.Tensor2D, w.bOut as tf.Tensor1D) as tf.Tensor3D;
}

/** Turns a 0/1 key mask [B, T] into the additive bias [B, 1, 1, T] of {@link memoryAttention}. */
export function keyBiasFromMask(mask: tf.Tensor2D): tf.Tensor4D {
  const [b, t] = mask.shape;
  return tf.reshape(tf.mul(tf.sub(mask, constant(1)), constant(-MASKED)), [b, 1, 1, t]);
}
