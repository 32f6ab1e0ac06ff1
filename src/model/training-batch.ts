/**
 * A supervised batch for the MAT given as item TOKENS (so gradients reach the encoder), its validation and
 * its conversion to tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue, ModelError } from '../util/errors.js';
import type { MatConfig } from './config.js';
import { checkCount, checkFinite, checkLength, checkTokens, type MaskLike, maskToFloat } from './inputs.js';

/** The working context: `count` recent items per example. */
export interface ContextTokens {
  /** Wc ≤ W items per example (0 allowed). */
  count: number;
  /** int32 [B, Wc, L] */
  tokens: Int32Array;
  /** [B, Wc], 1 = present (default all present). */
  mask?: MaskLike;
}

/** Memory filled by a manager: slot i holds the write value v_w of the item in `tokens[b, i]`. */
export interface SlotMemoryTokens {
  kind: 'slots';
  /** N slots per example. */
  slots: number;
  /** int32 [B, N, L] */
  tokens: Int32Array;
  /** [B, N], 1 = occupied (default all occupied). */
  mask?: MaskLike;
  /**
   * [B, N], 1 where the slot holds a supporting item of the query: the target of the auxiliary addressing
   * loss −log Σ_{i∈target} w_i of the soft read (examples without a target row do not count). Optional.
   */
  target?: MaskLike;
}

/** Memory built by the seed's differentiable soft write from a sequence of items. */
export interface SoftWriteMemoryTokens {
  kind: 'softWrite';
  /** T items written per example, in order. */
  writes: number;
  /** int32 [B, T, L] */
  tokens: Int32Array;
  /** [B, T], 0 = skip the item (default all written). */
  writeMask?: MaskLike;
  /** N ≤ maxSlots slots; the initial memory is the model's learned `memory.init` rows 0..N−1. */
  slots: number;
  /** [B, N], 1 = slot exists (default all). */
  slotMask?: MaskLike;
  /** λ ∈ [0, 1] in M_i ← λ·M_i + w_i·v_w. */
  decay: number;
}

/** A supervised batch of B queries with their answers. */
export interface AnswerTrainingBatch {
  /** B, the number of examples. */
  batch: number;
  /** int32 [B, L] */
  queryTokens: Int32Array;
  /** int32 [B, A], the target tokens. */
  answers: Int32Array;
  /** [B, A] loss weights (default 1); 0 excludes an answer token from loss and accuracy. */
  answerWeights?: ArrayLike<number>;
  context?: ContextTokens;
  memory?: SlotMemoryTokens | SoftWriteMemoryTokens;
}

/** The tensors of a validated batch; free them with {@link disposeTrainingTensors}. */
export interface TrainingTensors {
  batch: number;
  queryTokens: tf.Tensor2D;
  answers: tf.Tensor2D;
  answerWeights: tf.Tensor2D;
  context?: { count: number; tokens: tf.Tensor2D; mask: tf.Tensor2D } | undefined;
  memory?:
    | {
        kind: 'slots';
        slots: number;
        /** Tokens of the occupied rows only [K, L] (empty rows are not encoded). */
        tokens: tf.Tensor2D;
        /** K, the occupied rows of the batch. */
        occupied: number;
        /** One-hot [B·N, K]: row r of the memory is occupied row `scatter[r]` (all zero for an empty row). */
        scatter: tf.Tensor2D;
        mask: tf.Tensor2D;
        target?: tf.Tensor2D | undefined;
      }
    | {
        kind: 'softWrite';
        writes: number;
        tokens: tf.Tensor2D;
        writeMask: tf.Tensor2D;
        slots: number;
        slotMask: tf.Tensor2D;
        decay: number;
      }
    | undefined;
}

/**
 * Validates a batch against the config and uploads it.
 * @throws ModelError naming the offending field, the expected and the actual value.
 */
export function toTrainingTensors(batch: AnswerTrainingBatch, cfg: MatConfig): TrainingTensors {
  const b = batch.batch;
  checkCount('batch', b, 1);
  const l = cfg.itemLen;
  const a = cfg.answerLen;
  checkTokens('queryTokens', batch.queryTokens, b * l, `B×L = ${b}×${l}`, cfg.vocabSize);
  checkTokens('answers', batch.answers, b * a, `B×A = ${b}×${a}`, cfg.vocabSize);
  const weights = maskToFloat('answerWeights', undefined, b * a, '');
  if (batch.answerWeights !== undefined) {
    checkLength('answerWeights', batch.answerWeights, b * a, `B×A = ${b}×${a}`);
    checkFinite('answerWeights', batch.answerWeights);
    weights.set(batch.answerWeights);
  }
  const out: TrainingTensors = {
    batch: b,
    queryTokens: tf.tensor2d(batch.queryTokens, [b, l], 'int32'),
    answers: tf.tensor2d(batch.answers, [b, a], 'int32'),
    answerWeights: tf.tensor2d(weights, [b, a]),
  };
  try {
    const ctx = batch.context;
    if (ctx) checkCount('context.count', ctx.count);
    if (ctx && ctx.count > 0) {
      if (ctx.count > cfg.contextLen) {
        throw new ModelError(`context.count: expected at most contextLen = ${cfg.contextLen}, got ${ctx.count}`);
      }
      const n = b * ctx.count;
      checkTokens('context.tokens', ctx.tokens, n * l, `B×Wc×L = ${b}×${ctx.count}×${l}`, cfg.vocabSize);
      const mask = maskToFloat('context.mask', ctx.mask, n, `B×Wc = ${b}×${ctx.count}`);
      out.context = {
        count: ctx.count,
        tokens: tf.tensor2d(ctx.tokens, [n, l], 'int32'),
        mask: tf.tensor2d(mask, [b, ctx.count]),
      };
    }
    const mem = batch.memory;
    if (mem?.kind === 'slots') {
      checkCount('memory.slots', mem.slots);
      const n = b * mem.slots;
      checkTokens('memory.tokens', mem.tokens, n * l, `B×N×L = ${b}×${mem.slots}×${l}`, cfg.vocabSize);
      const mask = maskToFloat('memory.mask', mem.mask, n, `B×N = ${b}×${mem.slots}`);
      // Only occupied rows go through the encoder (about half the rows of a pre-training batch are empty).
      let k = 0;
      for (let r = 0; r < n; r++) if ((mask[r] as number) !== 0) k += 1;
      const tokens = new Int32Array(k * l);
      const scatter = new Float32Array(n * k);
      for (let r = 0, j = 0; r < n; r++) {
        if ((mask[r] as number) === 0) continue;
        tokens.set((mem.tokens as Int32Array).subarray(r * l, (r + 1) * l), j * l);
        scatter[r * k + j] = 1;
        j += 1;
      }
      out.memory = {
        kind: 'slots',
        slots: mem.slots,
        tokens: tf.tensor2d(tokens, [k, l], 'int32'),
        occupied: k,
        scatter: tf.tensor2d(scatter, [n, k]),
        mask: tf.tensor2d(mask, [b, mem.slots]),
      };
      if (mem.target !== undefined) {
        out.memory.target = tf.tensor2d(maskToFloat('memory.target', mem.target, n, `B×N = ${b}×${mem.slots}`), [b, mem.slots]);
      }
    } else if (mem?.kind === 'softWrite') {
      checkCount('memory.writes', mem.writes);
      checkCount('memory.slots', mem.slots, 1);
      if (mem.slots > cfg.maxSlots) {
        throw new ModelError(`memory.slots: expected at most maxSlots = ${cfg.maxSlots}, got ${mem.slots}`);
      }
      if (typeof mem.decay !== 'number' || !(mem.decay >= 0 && mem.decay <= 1)) {
        throw new ModelError(`memory.decay: expected a number in [0, 1], got ${describeValue(mem.decay)}`);
      }
      const n = b * mem.writes;
      checkTokens('memory.tokens', mem.tokens, n * l, `B×T×L = ${b}×${mem.writes}×${l}`, cfg.vocabSize);
      const writeMask = maskToFloat('memory.writeMask', mem.writeMask, n, `B×T = ${b}×${mem.writes}`);
      const slotMask = maskToFloat('memory.slotMask', mem.slotMask, b * mem.slots, `B×N = ${b}×${mem.slots}`);
      out.memory = {
        kind: 'softWrite',
        writes: mem.writes,
        tokens: tf.tensor2d(mem.tokens, [n, l], 'int32'),
        writeMask: tf.tensor2d(writeMask, [b, mem.writes]),
        slots: mem.slots,
        slotMask: tf.tensor2d(slotMask, [b, mem.slots]),
        decay: mem.decay,
      };
    } else if (mem !== undefined) {
      throw new ModelError(`memory.kind: expected "slots" or "softWrite", got ${describeValue((mem as { kind: unknown }).kind)}`);
    }
  } catch (err) {
    disposeTrainingTensors(out);
    throw err;
  }
  return out;
}

/** Frees the tensors of {@link toTrainingTensors}. */
export function disposeTrainingTensors(t: TrainingTensors): void {
  const list: tf.Tensor[] = [t.queryTokens, t.answers, t.answerWeights];
  if (t.context) list.push(t.context.tokens, t.context.mask);
  if (t.memory?.kind === 'slots')
    list.push(t.memory.tokens, t.memory.scatter, t.memory.mask, ...(t.memory.target ? [t.memory.target] : []));
  if (t.memory?.kind === 'softWrite') list.push(t.memory.tokens, t.memory.writeMask, t.memory.slotMask);
  tf.dispose(list);
}
