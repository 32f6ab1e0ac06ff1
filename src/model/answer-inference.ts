/**
 * The answerer's forward without gradients (what {@link Mat.answer} runs): the same function as
 * `answerLogits` (answerer.ts, the reference the training path keeps), without its redundant work:
 *
 * - masks arrive as JS arrays: masked context items and memory rows are zero already (written once into
 *   the batch by the caller), the additive key bias is built in JS, and when nothing is masked there is no
 *   bias at all (no mask multiplies, no bias adds);
 * - the soft read skips the mask multiply after its softmax (the memory rows it weights are zero already,
 *   so an all-masked row still reads c = 0);
 * - the last block computes queries, the MLP and the final norm only for the rows the output head reads
 *   (the query tokens and the read row): the context rows' outputs of the last block are never used.
 *
 * Row-wise the arithmetic is the reference's; tests compare the two on random inputs. Callers run it
 * inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { memoryAttention } from './attention.js';
import type { MatConfig } from './config.js';
import { embedTokens, layerNorm, mlp } from './layers.js';
import { bmm, linear } from './linalg.js';
import { chainedReads } from './memory-ops.js';
import { addressScale } from '../memory/math.js';
import type { MatWeights } from './weights.js';

/** Inputs of {@link answerLogitsInference} for a batch of B queries. */
export interface InferenceAnswerTensors {
  /** int32 [B, L] */
  queryTokens: tf.Tensor2D;
  /** The queries' read keys k_r [B, D]. */
  readKeys: tf.Tensor2D;
  /** Context item features [B, Wc, D], absent items already zero; omit for no context. */
  context?: tf.Tensor3D | undefined;
  /** Memory slot vectors [B, N, D], empty slots already zero; omit for no memory. */
  memory?: tf.Tensor3D | undefined;
  /** Additive key bias [B, 1, 1, Wc + L + N] (0 present, MASKED absent); omit when every key is present. */
  keyBias?: tf.Tensor4D | undefined;
  /** The memory part of the key bias [B, N]; omit when every slot is occupied. */
  memoryBias?: tf.Tensor2D | undefined;
}

/** Addressing weights [B, N] over memory rows that are zero where empty; `bias` [B, N] masks empty slots. */
function zeroedWeights(keys: tf.Tensor2D, memory: tf.Tensor3D, bias: tf.Tensor2D | undefined): tf.Tensor2D {
  const [b, n, d] = memory.shape;
  const scores = tf.reshape(bmm(memory, tf.reshape(tf.mul(keys, addressScale(d)), [b, d, 1]) as tf.Tensor3D), [b, n]);
  return tf.softmax(bias ? tf.add(scores, bias) : scores) as tf.Tensor2D;
}

/** Answer logits [B, A, V] (no gradients). */
export function answerLogitsInference(input: InferenceAnswerTensors, w: MatWeights, cfg: MatConfig): tf.Tensor3D {
  const { queryTokens, readKeys, context, memory, keyBias } = input;
  const [b, len] = queryTokens.shape;
  const d = cfg.dModel;
  const rows: tf.Tensor3D[] = [];
  const wc = context ? context.shape[1] : 0;
  if (context && wc > 0) {
    let ctx = linear(context, w.contextProjection.w as tf.Tensor2D, w.contextProjection.b as tf.Tensor1D);
    if (w.contextPosition) ctx = tf.add(ctx, tf.slice(w.contextPosition, [0, 0], [wc, d]));
    rows.push(ctx as tf.Tensor3D);
  }
  rows.push(tf.add(embedTokens(queryTokens, w.tokenEmbedding), w.positionEmbedding) as tf.Tensor3D);
  const hasMemory = memory !== undefined && memory.shape[1] > 0;
  const hops = cfg.readHops;
  const read = hasMemory
    ? chainedReads(readKeys, memory, (keys) => zeroedWeights(keys, memory, input.memoryBias), w.hops).reads
    : tf.zeros<tf.Rank.R3>([b, hops, d]);
  const t = wc + len;
  const mem = hasMemory ? memory : undefined;

  // Stream: [token rows ; read rows] as [B, T + H, D]; the last block keeps only rows wc..T + H − 1.
  let stream = tf.concat([...rows, read], 1) as tf.Tensor3D;
  const blocks = w.answerBlocks;
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    const normed = layerNorm(stream, block.ln1) as tf.Tensor3D;
    const x = tf.slice(normed, [0, 0, 0], [b, t, d]) as tf.Tensor3D;
    const readRows = tf.slice(stream, [0, t, 0], [b, hops, d]) as tf.Tensor3D;
    const queryRows = last && wc > 0 ? (tf.slice(x, [0, wc, 0], [b, len, d]) as tf.Tensor3D) : undefined;
    const attended = memoryAttention({ x, queryRows, extraQueries: readRows, memory: mem, keyBias }, block, cfg.nHeads);
    const kept = last && wc > 0 ? (tf.slice(stream, [0, wc, 0], [b, len + hops, d]) as tf.Tensor3D) : stream;
    stream = tf.add(kept, attended);
    stream = tf.add(stream, mlp(layerNorm(stream, block.ln2), block));
  });
  // After the last block the stream holds [query rows ; read rows] (or all rows without blocks).
  const start = blocks.length > 0 ? 0 : wc;
  const final = layerNorm(stream, w.answerNorm) as tf.Tensor3D;
  const readFinal = tf.reshape(tf.slice(final, [0, start + len, 0], [b, hops, d]), [b, hops * d]);
  const queryFinal = tf.mean(tf.slice(final, [0, start, 0], [b, len, d]), 1);
  const logits = linear(tf.concat([readFinal, queryFinal], 1), w.output.w as tf.Tensor2D, w.output.b as tf.Tensor1D);
  return tf.reshape(logits, [b, cfg.answerLen, cfg.vocabSize]);
}
