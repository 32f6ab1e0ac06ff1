/**
 * The answerer: X = [context item vectors (projected) ; query tokens], a memory-read row c, and pre-LN
 * blocks whose attention is extended with memory (Q' = [Q; cᵀ], K' = [K; M], V' = [V; M]).
 *
 * The stream holds T = Wc + L token rows plus H read rows (H = `readHops`, 1 by default). In each block the
 * token rows are layer-normed and projected to Q, K, V; the read rows enter the queries raw (at the first
 * block they are exactly the soft reads c⁽¹⁾ … c⁽ᴴ⁾ of memory, chained from the query's read key k_r, see
 * `chainedReads`); the memory slots enter the keys and values raw. The output head reads the final read
 * rows and the mean of the final query-token rows.
 * Callers run it inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { keyBiasFromMask, memoryAttention } from './attention.js';
import type { MatConfig } from './config.js';
import { embedTokens, layerNorm, mlp } from './layers.js';
import { linear } from './linalg.js';
import { chainedReads, readWeights } from './memory-ops.js';
import type { MatWeights } from './weights.js';

/** The answerer's tensor inputs for a batch of B queries. */
export interface AnswerTensors {
  /** int32 [B, L] */
  queryTokens: tf.Tensor2D;
  /** The queries' read keys k_r [B, D]. */
  readKeys: tf.Tensor2D;
  /** Context item features [B, Wc, D] (Wc ≤ W); omit for no context. */
  context?: tf.Tensor3D | undefined;
  /** 1 = present, 0 = absent [B, Wc]. */
  contextMask?: tf.Tensor2D | undefined;
  /** Memory slot vectors [B, N, D]; omit for no memory. */
  memory?: tf.Tensor3D | undefined;
  /** 1 = occupied, 0 = empty [B, N]. */
  memoryMask?: tf.Tensor2D | undefined;
}

/** What {@link answerForward} returns. */
export interface AnswerForward {
  /** [B, A, V] */
  logits: tf.Tensor3D;
  /** Each read's addressing weights [B, N] (read 1 first); empty without memory. */
  readWeights: tf.Tensor2D[];
}

/** Answer logits [B, A, V]. */
export function answerLogits(input: AnswerTensors, w: MatWeights, cfg: MatConfig): tf.Tensor3D {
  return answerForward(input, w, cfg).logits;
}

/** Answer logits and the reads' addressing weights. */
export function answerForward(input: AnswerTensors, w: MatWeights, cfg: MatConfig): AnswerForward {
  const { queryTokens, readKeys } = input;
  const [b, len] = queryTokens.shape;
  const d = cfg.dModel;
  const queryRows = tf.add(embedTokens(queryTokens, w.tokenEmbedding), w.positionEmbedding) as tf.Tensor3D;

  const rows: tf.Tensor3D[] = [];
  const maskParts: tf.Tensor2D[] = [];
  const wc = input.context ? input.context.shape[1] : 0;
  if (input.context && wc > 0) {
    const mask = input.contextMask ?? tf.ones([b, wc]);
    const present = tf.mul(input.context, tf.reshape(mask, [b, wc, 1])) as tf.Tensor3D;
    let ctx = linear(present, w.contextProjection.w as tf.Tensor2D, w.contextProjection.b as tf.Tensor1D);
    if (w.contextPosition) ctx = tf.add(ctx, tf.slice(w.contextPosition, [0, 0], [wc, d]));
    rows.push(ctx as tf.Tensor3D);
    maskParts.push(mask as tf.Tensor2D);
  }
  rows.push(queryRows);
  maskParts.push(tf.ones([b, len]));
  const t = wc + len;

  let memory: tf.Tensor3D | undefined;
  let read: tf.Tensor3D;
  let weights: tf.Tensor2D[] = [];
  const hops = cfg.readHops;
  const n = input.memory ? input.memory.shape[1] : 0;
  if (input.memory && n > 0) {
    const mask = (input.memoryMask ?? tf.ones([b, n])) as tf.Tensor2D;
    const zeroed = tf.mul(input.memory, tf.reshape(mask, [b, n, 1])) as tf.Tensor3D;
    memory = zeroed;
    const chained = chainedReads(readKeys, zeroed, (keys) => readWeights(keys, zeroed, mask), w.hops);
    read = chained.reads;
    weights = chained.weights;
    maskParts.push(mask);
  } else {
    read = tf.zeros([b, hops, d]);
  }
  const needsBias = maskParts.length > 1;
  const keyBias = needsBias ? keyBiasFromMask(tf.concat(maskParts, 1) as tf.Tensor2D) : undefined;

  // Stream: [token rows ; read rows] as [B, T + H, D].
  let stream = tf.concat([...rows, read], 1) as tf.Tensor3D;
  for (const block of w.answerBlocks) {
    const normed = layerNorm(stream, block.ln1) as tf.Tensor3D;
    const x = tf.slice(normed, [0, 0, 0], [b, t, d]);
    const readRows = tf.slice(stream, [0, t, 0], [b, hops, d]);
    const attended = memoryAttention({ x, extraQueries: readRows, memory, keyBias }, block, cfg.nHeads);
    stream = tf.add(stream, attended);
    stream = tf.add(stream, mlp(layerNorm(stream, block.ln2), block));
  }
  const final = layerNorm(stream, w.answerNorm) as tf.Tensor3D;
  const readFinal = tf.reshape(tf.slice(final, [0, t, 0], [b, hops, d]), [b, hops * d]);
  const queryFinal = tf.mean(tf.slice(final, [0, wc, 0], [b, len, d]), 1);
  const pooled = tf.concat([readFinal, queryFinal], 1);
  const logits = linear(pooled, w.output.w as tf.Tensor2D, w.output.b as tf.Tensor1D);
  return { logits: tf.reshape(logits, [b, cfg.answerLen, cfg.vocabSize]), readWeights: weights };
}
