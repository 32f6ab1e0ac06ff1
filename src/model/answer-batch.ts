/**
 * The typed-array inputs of an answer batch turned into the tensors of `answerLogitsInference`: masked
 * context items and memory rows are zeroed while the rows are written into the batch (no mask-multiply
 * kernels), and the additive key bias is built in JS, only when some key is masked.
 */
import * as tf from '@tensorflow/tfjs';
import type { InferenceAnswerTensors } from './answer-inference.js';
import { MASKED } from './attention.js';
import { type MaskLike, maskToFloat } from './inputs.js';

/** Rows [B, rows, D] with absent rows zeroed, and whether any row is absent. */
interface Rows {
  values: Float32Array;
  mask: Float32Array;
  anyAbsent: boolean;
}

function zeroAbsent(what: string, vectors: Float32Array, mask: MaskLike | undefined, count: number, d: number): Rows {
  const m = maskToFloat(`${what}Mask`, mask, count, '');
  const anyAbsent = m.includes(0);
  // Copy only when an absent row holds non-zeros (callers such as MatReader write absent rows as zeros).
  let dirty = false;
  for (let r = 0; r < count && !dirty; r++) {
    if (m[r] === 0) for (let j = r * d; j < (r + 1) * d; j++) if (vectors[j] !== 0) dirty = true;
  }
  if (!dirty) return { values: vectors, mask: m, anyAbsent };
  const values = vectors.slice();
  for (let r = 0; r < count; r++) if (m[r] === 0) values.fill(0, r * d, (r + 1) * d);
  return { values, mask: m, anyAbsent };
}

/** Shapes of an answer batch. */
export interface AnswerBatchShape {
  batch: number;
  queryLen: number;
  contextItems: number;
  slots: number;
  dim: number;
}

/** The context, memory and bias tensors of an answer batch (call inside `tf.tidy`). */
export function answerBatchTensors(
  s: AnswerBatchShape,
  input: {
    context?: Float32Array | undefined;
    contextMask?: MaskLike | undefined;
    memory?: Float32Array | undefined;
    memoryMask?: MaskLike | undefined;
  },
): Omit<InferenceAnswerTensors, 'batch' | 'queryTokens' | 'readKeys'> {
  const { batch: b, queryLen: len, contextItems: wc, slots: n, dim: d } = s;
  const ctx = wc > 0 ? zeroAbsent('context', input.context as Float32Array, input.contextMask, b * wc, d) : undefined;
  const mem = n > 0 ? zeroAbsent('memory', input.memory as Float32Array, input.memoryMask, b * n, d) : undefined;
  const out: Omit<InferenceAnswerTensors, 'batch' | 'queryTokens' | 'readKeys'> = {
    context: ctx ? tf.tensor3d(ctx.values, [b, wc, d]) : undefined,
    memory: mem ? tf.tensor3d(mem.values, [b, n, d]) : undefined,
  };
  if (!ctx?.anyAbsent && !mem?.anyAbsent) return out;
  const keys = wc + len + n;
  const bias = new Float32Array(b * keys);
  const memoryBias = new Float32Array(b * n);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < wc; j++) if (ctx?.mask[i * wc + j] === 0) bias[i * keys + j] = MASKED;
    for (let j = 0; j < n; j++) {
      if (mem?.mask[i * n + j] !== 0) continue;
      bias[i * keys + wc + len + j] = MASKED;
      memoryBias[i * n + j] = MASKED;
    }
  }
  out.keyBias = tf.tensor4d(bias, [b, 1, 1, keys]);
  if (mem?.anyAbsent) out.memoryBias = tf.tensor2d(memoryBias, [b, n]);
  return out;
}
