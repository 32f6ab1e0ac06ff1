/**
 * The answerer's forward without gradients (what {@link Mat.answer} runs): the same function as
 * `answerLogits` (answerer.ts, the reference the training path keeps), without its redundant work, on
 * position-major rows (see position-major.ts: the stream of B queries is [(T + H)·B, D], row t·B + b):
 *
 * - masks arrive as JS arrays: masked context items and memory rows are zero already (written once into
 *   the batch by the caller), the additive key bias is built in JS, and when nothing is masked there is no
 *   bias at all (no mask multiplies, no bias adds);
 * - the soft read skips the mask multiply after its softmax (the memory rows it weights are zero already,
 *   so an all-masked row still reads c = 0);
 * - without given read keys the query's token rows are embedded once, for the encoder (read keys) and the
 *   answerer alike;
 * - each block layer-norms only the token rows (the read rows enter the queries raw), and the last block
 *   computes queries, the MLP and the final norm only for the rows the output head reads (the query tokens
 *   and the read rows): the context rows' outputs of the last block are never used.
 *
 * Value for value the arithmetic is the reference's; tests compare the two on random inputs and weights.
 * Callers run it inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';
import * as op from './direct-ops.js';
import type { MatConfig } from './config.js';
import { layerNorm, mlp } from './layers.js';
import { bmm, linear } from './linalg.js';
import { addressScale } from '../memory/math.js';
import { attendPositionMajor, embedPositionMajor, encodeFeaturesPositionMajor, headKeyBias, readKeysOf } from './position-major.js';
import type { MatWeights } from './weights.js';

/** Inputs of {@link answerLogitsInference} for a batch of B queries. */
export interface InferenceAnswerTensors {
  /** B */
  batch: number;
  /** int32 [B, L] row-major, each in [0, vocabSize) (the caller checks). */
  queryTokens: Int32Array;
  /** The queries' read keys k_r [B, D]; omitted: the encoder computes them from the query tokens. */
  readKeys?: tf.Tensor2D | undefined;
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
  const scores = op.reshape(bmm(memory, op.reshape(op.mul(keys, constant(addressScale(d))), [b, d, 1]) as tf.Tensor3D), [b, n]);
  return op.softmax(bias ? op.add(scores, bias) : scores) as tf.Tensor2D;
}

/** The chained soft reads c⁽¹⁾ … c⁽ᴴ⁾ (see `chainedReads`) as position-major rows [H·B, D]. */
function reads(keys: tf.Tensor2D, memory: tf.Tensor3D, bias: tf.Tensor2D | undefined, w: MatWeights): tf.Tensor2D {
  const [b, n, d] = memory.shape;
  const rows: tf.Tensor2D[] = [];
  let k = keys;
  for (let h = 0; h <= w.hops.length; h++) {
    const c = op.reshape(bmm(op.reshape(zeroedWeights(k, memory, bias), [b, 1, n]) as tf.Tensor3D, memory), [b, d]) as tf.Tensor2D;
    rows.push(c);
    const link = w.hops[h];
    if (link) k = op.add(k, linear(c, link.w as tf.Tensor2D, link.b as tf.Tensor1D)) as tf.Tensor2D;
  }
  return rows.length === 1 ? (rows[0] as tf.Tensor2D) : op.concat(rows, 0);
}

/** Rows [from, from + count) of position-major rows of B sequences. */
function positions(x: tf.Tensor2D, b: number, from: number, count: number): tf.Tensor2D {
  return op.slice(x, [from * b, 0], [count * b, x.shape[1]]);
}

/** Answer logits [B, A, V] (no gradients). */
export function answerLogitsInference(input: InferenceAnswerTensors, w: MatWeights, cfg: MatConfig): tf.Tensor3D {
  const { context, memory, batch: b } = input;
  const len = cfg.itemLen;
  const d = cfg.dModel;
  const hops = cfg.readHops;
  const rows: tf.Tensor2D[] = [];
  const wc = context ? context.shape[1] : 0;
  if (context && wc > 0) {
    const projected = linear(context, w.contextProjection.w as tf.Tensor2D, w.contextProjection.b as tf.Tensor1D);
    let ctx = op.transpose(projected, [1, 0, 2]); // [Wc, B, D]
    const position = w.contextPosition;
    if (position) ctx = op.add(ctx, op.reshape(wc === position.shape[0] ? position : op.slice(position, [0, 0], [wc, d]), [wc, 1, d]));
    rows.push(op.reshape(ctx, [wc * b, d]));
  }
  const tokens = embedPositionMajor(input.queryTokens, b, w);
  rows.push(tokens);
  const hasMemory = memory !== undefined && memory.shape[1] > 0;
  let mem: tf.Tensor2D | undefined;
  if (memory && hasMemory) {
    const keys = input.readKeys ?? readKeysOf(encodeFeaturesPositionMajor(tokens, w, cfg), w);
    rows.push(reads(keys, memory, input.memoryBias, w));
    mem = op.reshape(op.transpose(memory, [1, 0, 2]), [memory.shape[1] * b, d]); // position-major slots
  } else {
    rows.push(tf.zeros<tf.Rank.R2>([hops * b, d]));
  }
  const t = wc + len;
  const keyBias = input.keyBias ? headKeyBias(input.keyBias, b, cfg.nHeads) : undefined;

  // Stream: [context ; query tokens ; reads] rows; the last block keeps only the query tokens and reads.
  let stream = op.concat(rows, 0) as tf.Tensor2D;
  const blocks = w.answerBlocks;
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    const x = layerNorm(positions(stream, b, 0, t), block.ln1) as tf.Tensor2D;
    const project = (rowsIn: tf.Tensor2D, wt: tf.Variable, bias: tf.Variable): tf.Tensor2D =>
      linear(rowsIn, wt as tf.Tensor2D, bias as tf.Tensor1D) as tf.Tensor2D;
    const q = project(last && wc > 0 ? positions(x, b, wc, len) : x, block.wQ, block.bQ);
    const k = project(x, block.wK, block.bK);
    const v = project(x, block.wV, block.bV);
    const queries = op.concat([q, positions(stream, b, t, hops)], 0) as tf.Tensor2D;
    const keys = mem ? (op.concat([k, mem], 0) as tf.Tensor2D) : k;
    const values = mem ? (op.concat([v, mem], 0) as tf.Tensor2D) : v;
    const attended = attendPositionMajor(queries, keys, values, b, cfg.nHeads, keyBias);
    const kept = last && wc > 0 ? positions(stream, b, wc, len + hops) : stream;
    stream = op.add(kept, linear(attended, block.wOut as tf.Tensor2D, block.bOut as tf.Tensor1D)) as tf.Tensor2D;
    stream = op.add(stream, mlp(layerNorm(stream, block.ln2), block)) as tf.Tensor2D;
  });
  // After the last block the stream holds [query rows ; read rows] (or all rows without blocks).
  const start = blocks.length > 0 ? 0 : wc;
  const final = layerNorm(stream, w.answerNorm) as tf.Tensor2D;
  const queryFinal = op.mean(op.reshape(positions(final, b, start, len), [len, b, d]), 0); // [B, D]
  // Pooled [B, (H + 1)·D]: each query's read rows, then its mean query row.
  const pooledRows = op.concat([positions(final, b, start + len, hops), queryFinal], 0);
  const pooled = op.reshape(op.transpose(op.reshape(pooledRows, [hops + 1, b, d]), [1, 0, 2]), [b, (hops + 1) * d]);
  const logits = linear(pooled, w.output.w as tf.Tensor2D, w.output.b as tf.Tensor1D);
  return op.reshape(logits, [b, cfg.answerLen, cfg.vocabSize]);
}
