/**
 * The memory-augmented transformer (MAT): an item encoder and a memory-extended answerer, with typed-array
 * entry points for environments and a differentiable token path for training.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import { answerBatchTensors } from './answer-batch.js';
import { answerLogitsInference } from './answer-inference.js';
import { answerForward } from './answerer.js';
import { type MatConfig, resolveMatConfig } from './config.js';
import { encodeTensors } from './encoder.js';
import { checkCount, checkFinite, checkLength, checkTokens, type MaskLike, maskToFloat } from './inputs.js';
import { mm } from './linalg.js';
import { readWeights, softWrite } from './memory-ops.js';
import { type NamedVariable, ParamStore } from './params.js';
import { encodeInference, encodeReadKeysInference } from './position-major.js';
import type { AnswerTrainingBatch, TrainingTensors } from './training-batch.js';
import { disposeTrainingTensors, toTrainingTensors } from './training-batch.js';
import { createMatWeights, type MatWeights } from './weights.js';

/** The encoder's outputs for `count` items, each row-major count×D. */
export interface ItemEncoding {
  /** Write keys k_w. */
  writeKeys: Float32Array;
  /** Write values v_w: what a slot stores when the item is stored. */
  writeValues: Float32Array;
  /** Read keys k_r: address memory when the item is a query. */
  readKeys: Float32Array;
  /** The pooled item representation: the agent's view of the item, and what the working context holds. */
  features: Float32Array;
}

/** Inputs of {@link Mat.answer}; Wc and N are read from the masks (or the vectors when a mask is omitted). */
export interface AnswerInput {
  /** B */
  batch: number;
  /** int32 [B, L] */
  queryTokens: Int32Array;
  /** Features (from {@link Mat.encodeItems}) of the recent items [B, Wc, D], Wc ≤ W. */
  context?: Float32Array;
  /** [B, Wc], 1 = present. */
  contextMask?: MaskLike;
  /** Slot vectors (stored write values) [B, N, D]. */
  memory?: Float32Array;
  /** [B, N], 1 = occupied, 0 = empty. */
  memoryMask?: MaskLike;
  /** The queries' read keys [B, D] when already computed by encodeItems (skips one encoder pass). */
  readKeys?: Float32Array;
}

/** What {@link Mat.answer} returns. */
export interface AnswerOutput {
  /** [B, A, V] */
  logits: Float32Array;
  /** argmax of the logits [B, A] */
  predictions: Int32Array;
}

/** Summed loss and accuracy tensors of a training batch (scalars). */
export interface LossTensors {
  /** Mean weighted cross-entropy over answer tokens. */
  loss: tf.Scalar;
  /** Weighted count of correct answer tokens. */
  correct: tf.Scalar;
  /** Sum of answer weights. */
  total: tf.Scalar;
}

/** Loss, accuracy and predictions of a batch evaluated without gradients. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  predictions: Int32Array;
}

/** The MAT. Create with {@link Mat.create}; free with {@link Mat.dispose}. */
export class Mat {
  readonly config: Readonly<MatConfig>;
  private readonly store: ParamStore;
  private readonly w: MatWeights;

  private constructor(config: MatConfig) {
    this.config = Object.freeze({ ...config });
    this.store = new ParamStore(config.seed);
    this.w = createMatWeights(this.store, config);
  }

  /** A new MAT with seeded weights on the active tfjs backend (see `selectBackend`). */
  static create(config: Partial<MatConfig> = {}): Mat {
    return new Mat(resolveMatConfig(config));
  }

  /** The named trainable weights, in a fixed order. */
  namedWeights(): NamedVariable[] {
    this.alive();
    return this.store.list();
  }

  /** The trainable variables, in the same order as {@link namedWeights}. */
  trainableVariables(): tf.Variable[] {
    this.alive();
    return this.store.variables();
  }

  /** Number of scalar parameters. */
  parameterCount(): number {
    return this.store.count();
  }

  /**
   * Encodes `count` items in one batched forward.
   * @param tokens int32 [count, L]
   */
  encodeItems(tokens: Int32Array, count: number): ItemEncoding {
    this.alive();
    const { itemLen: l, dModel: d, vocabSize } = this.config;
    checkCount('count', count);
    checkTokens('tokens', tokens, count * l, `count×L = ${count}×${l}`, vocabSize);
    if (count === 0) {
      const empty = new Float32Array(0);
      return { writeKeys: empty, writeValues: empty.slice(), readKeys: empty.slice(), features: empty.slice() };
    }
    const packed = tf.tidy(() => {
      const e = encodeInference(tokens, count, this.w, this.config);
      return tf.concat([e.features, e.writeKeys, e.writeValues, e.readKeys], 0); // four row blocks of count×D
    });
    const data = packed.dataSync() as Float32Array;
    packed.dispose();
    const part = (p: number): Float32Array => data.slice(p * count * d, (p + 1) * count * d);
    const out = { features: part(0), writeKeys: part(1), writeValues: part(2), readKeys: part(3) };
    return out;
  }

  /**
   * The learned initial memory of the soft write, rows 0..n−1 (n×D): what a soft-writing bank should start
   * from to match pre-training (identical all-zero slots would all receive the same uniform write).
   */
  initialMemory(n: number = this.config.maxSlots): Float32Array {
    this.alive();
    checkCount('n', n);
    if (n > this.config.maxSlots) throw new ModelError(`n: expected at most maxSlots = ${this.config.maxSlots}, got ${n}`);
    return (this.w.memoryInit.dataSync() as Float32Array).slice(0, n * this.config.dModel);
  }

  /** Answers B queries from their context vectors and memory slot vectors (no gradients). */
  answer(input: AnswerInput): AnswerOutput {
    this.alive();
    const { itemLen: l, dModel: d, vocabSize: v, answerLen: a } = this.config;
    const b = input.batch;
    checkCount('batch', b, 1);
    checkTokens('queryTokens', input.queryTokens, b * l, `B×L = ${b}×${l}`, v);
    const wc = this.rowsPerExample('context', input.context, input.contextMask, b);
    if (wc > this.config.contextLen) {
      throw new ModelError(`context: expected at most contextLen = ${this.config.contextLen} items per query, got ${wc}`);
    }
    const n = this.rowsPerExample('memory', input.memory, input.memoryMask, b);
    if (input.readKeys !== undefined) {
      checkLength('readKeys', input.readKeys, b * d, `B×D = ${b}×${d}`);
      checkFinite('readKeys', input.readKeys);
    }
    const logitsT = tf.tidy(() => {
      // Without given read keys the answerer encodes the query tokens (only when there is memory to address).
      const readKeys = input.readKeys ? tf.tensor2d(input.readKeys, [b, d]) : undefined;
      const batch = answerBatchTensors({ batch: b, queryLen: l, contextItems: wc, slots: n, dim: d }, input);
      return answerLogitsInference({ batch: b, queryTokens: input.queryTokens, readKeys, ...batch }, this.w, this.config);
    });
    const logits = logitsT.dataSync() as Float32Array;
    logitsT.dispose();
    return { logits, predictions: argmaxRows(logits, b * a, v) };
  }

  /**
   * The soft read's addressing weights softmax_i(k_r·M_i/√D) over the occupied slots [B, N] (no gradients):
   * how much of the read row c comes from each slot (with `readHops` > 1: of the first read c⁽¹⁾). Read keys come from `readKeys` or the query tokens.
   */
  readWeights(
    input: Pick<AnswerInput, 'batch' | 'queryTokens' | 'readKeys'> & { memory: Float32Array; memoryMask?: MaskLike },
  ): Float32Array {
    this.alive();
    const { itemLen: l, dModel: d, vocabSize: v } = this.config;
    const b = input.batch;
    checkCount('batch', b, 1);
    checkTokens('queryTokens', input.queryTokens, b * l, `B×L = ${b}×${l}`, v);
    const n = this.rowsPerExample('memory', input.memory, input.memoryMask, b);
    const out = tf.tidy(() => {
      const keys = input.readKeys
        ? tf.tensor2d(input.readKeys, [b, d])
        : encodeReadKeysInference(input.queryTokens, b, this.w, this.config);
      const mask = tf.tensor2d(maskToFloat('memoryMask', input.memoryMask, b * n, ''), [b, n]);
      const memory = tf.mul(tf.tensor3d(input.memory, [b, n, d]), tf.reshape(mask, [b, n, 1])) as tf.Tensor3D;
      return readWeights(keys, memory, mask);
    });
    const weights = out.dataSync() as Float32Array;
    out.dispose();
    return weights;
  }

  /** The differentiable forward of a token batch: logits [B, A, V]. Call inside `tf.tidy`/gradients. */
  trainingLogits(t: TrainingTensors): tf.Tensor3D {
    return this.trainingForward(t).logits;
  }

  /**
   * The forward of a token batch: logits and, when the batch names target slots, the auxiliary addressing
   * loss (mean over examples with a target of −log Σ_{i∈target} w_i, w the soft read's weights).
   */
  private trainingForward(t: TrainingTensors, addressingCap = 1): { logits: tf.Tensor3D; addressing?: tf.Scalar } {
    this.alive();
    const cfg = this.config;
    const { batch: b } = t;
    const d = cfg.dModel;
    const parts: tf.Tensor2D[] = [];
    const memRows = t.memory ? (t.memory.kind === 'slots' ? t.memory.slots : t.memory.writes) : 0;
    const ctxRows = t.context ? t.context.count : 0;
    // Encoded memory rows: the occupied ones for slot memory, every written item for the soft write.
    const encRows = t.memory ? (t.memory.kind === 'slots' ? t.memory.occupied : b * memRows) : 0;
    if (t.memory && encRows > 0) parts.push(t.memory.tokens);
    if (t.context && ctxRows > 0) parts.push(t.context.tokens);
    parts.push(t.queryTokens);
    const all = parts.length === 1 ? t.queryTokens : (tf.concat(parts, 0) as tf.Tensor2D);
    const enc = encodeTensors(all, this.w, cfg);
    const rows = (x: tf.Tensor2D, start: number, count: number): tf.Tensor2D => tf.slice(x, [start, 0], [count, d]);
    const memEnd = encRows;
    const ctxEnd = memEnd + b * ctxRows;
    let memory: tf.Tensor3D | undefined;
    let memoryMask: tf.Tensor2D | undefined;
    if (t.memory?.kind === 'slots' && memRows > 0) {
      const values = encRows > 0 ? mm(t.memory.scatter, rows(enc.writeValues, 0, encRows)) : tf.zeros<tf.Rank.R2>([b * memRows, d]);
      memory = tf.reshape(values, [b, memRows, d]);
      memoryMask = t.memory.mask;
    } else if (t.memory?.kind === 'softWrite') {
      const n = t.memory.slots;
      const init = tf.slice(this.w.memoryInit, [0, 0], [n, d]);
      memory = softWrite({
        initial: tf.tile(tf.reshape(init, [1, n, d]), [b, 1, 1]) as tf.Tensor3D,
        writeKeys: tf.reshape(rows(enc.writeKeys, 0, memEnd), [b, memRows, d]),
        writeValues: tf.reshape(rows(enc.writeValues, 0, memEnd), [b, memRows, d]),
        writeMask: t.memory.writeMask,
        slotMask: t.memory.slotMask,
        decay: t.memory.decay,
      });
      memoryMask = t.memory.slotMask;
    }
    const context =
      t.context && ctxRows > 0 ? (tf.reshape(rows(enc.features, memEnd, b * ctxRows), [b, ctxRows, d]) as tf.Tensor3D) : undefined;
    const readKeys = rows(enc.readKeys, ctxEnd, b);
    const forward = answerForward(
      { queryTokens: t.queryTokens, readKeys, context, contextMask: context ? t.context?.mask : undefined, memory, memoryMask },
      this.w,
      cfg,
    );
    const logits = forward.logits;
    const target = t.memory?.kind === 'slots' ? t.memory.target : undefined;
    if (!target || !memory || !memoryMask) return { logits };
    const has = tf.cast(tf.greater(tf.sum(target, 1), 0), 'float32');
    // −log of what the reads put on the support, capped (cap < 1: −log min(x, cap) + log cap, no pull above it).
    const nllOf = (x: tf.Tensor): tf.Tensor =>
      addressingCap < 1
        ? tf.sub(tf.neg(tf.log(tf.add(tf.minimum(x, addressingCap), 1e-6))), -Math.log(addressingCap + 1e-6))
        : tf.neg(tf.log(tf.add(x, 1e-6)));
    let nll: tf.Tensor;
    if (cfg.readHops === 1) {
      // One read: −log Σ_{support} w_i (the read may settle on any supporting slot). The weights are
      // recomputed rather than taken from `forward.readWeights`: the same values, but one-read training
      // keeps its gradient graph, and so the committed checkpoints regenerate byte for byte.
      const weights = readWeights(readKeys, tf.mul(memory, tf.reshape(memoryMask, [b, memRows, 1])) as tf.Tensor3D, memoryMask);
      nll = nllOf(tf.sum(tf.mul(weights, target), 1));
    } else {
      // Chained reads: every supporting slot must be covered by some read, cover_i = min(1, Σ_h w⁽ʰ⁾_i);
      // the loss is the mean over supporting slots of −log cover_i (one read per supporting fact).
      const cover = tf.minimum(tf.addN(forward.readWeights), 1);
      const perSlot = tf.mul(nllOf(cover), target);
      nll = tf.div(tf.sum(perSlot, 1), tf.maximum(tf.sum(target, 1), 1));
    }
    const addressing = tf.div(tf.sum(tf.mul(nll, has)), tf.maximum(tf.sum(has), 1)) as tf.Scalar;
    return { logits, addressing };
  }

  /**
   * Weighted cross-entropy and accuracy of a token batch (differentiable loss), plus `addressingWeight` ×
   * the auxiliary addressing loss when the batch names target slots. With `addressingCap` < 1 the
   * addressing loss of an example is −log min(Σ_{support} w_i, cap) + log cap: zero, and without gradient,
   * once the read puts `cap` of its weight on the support (see `PretrainOptions.addressingCap`). Call
   * inside `tf.tidy`.
   */
  trainingLoss(t: TrainingTensors, addressingWeight = 0, addressingCap = 1): LossTensors {
    const { logits, addressing } = this.trainingForward(t, addressingCap);
    const out = this.lossFromLogits(logits, t);
    if (addressing === undefined || addressingWeight === 0) return out;
    return { ...out, loss: tf.add(out.loss, tf.mul(addressing, addressingWeight)) as tf.Scalar };
  }

  private lossFromLogits(logits: tf.Tensor3D, t: TrainingTensors): LossTensors {
    const v = this.config.vocabSize;
    const logProbs = tf.logSoftmax(logits);
    const target = tf.cast(tf.oneHot(t.answers, v), 'float32');
    const nll = tf.neg(tf.sum(tf.mul(logProbs, target), -1)); // [B, A]
    const total = tf.sum(t.answerWeights) as tf.Scalar;
    const safeTotal = tf.maximum(total, 1e-8);
    const loss = tf.div(tf.sum(tf.mul(nll, t.answerWeights)), safeTotal) as tf.Scalar;
    const hit = tf.cast(tf.equal(tf.argMax(logits, -1), t.answers), 'float32');
    const correct = tf.sum(tf.mul(hit, t.answerWeights)) as tf.Scalar;
    return { loss, correct, total };
  }

  /** Loss, accuracy and predictions of a token batch, without gradients. */
  evaluate(batch: AnswerTrainingBatch): Evaluation {
    this.alive();
    const t = toTrainingTensors(batch, this.config);
    try {
      const packed = tf.tidy(() => {
        const logits = this.trainingLogits(t);
        const { loss, correct, total } = this.lossFromLogits(logits, t);
        return { stats: tf.stack([loss, correct, total]), predictions: tf.argMax(logits, -1) };
      });
      const [loss, correct, total] = Array.from(packed.stats.dataSync()) as [number, number, number];
      const predictions = Int32Array.from(packed.predictions.dataSync());
      tf.dispose([packed.stats, packed.predictions]);
      return { loss, accuracy: total > 0 ? correct / total : 0, predictions };
    } finally {
      disposeTrainingTensors(t);
    }
  }

  /** True after {@link dispose}. */
  get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  /** Frees every weight; the model is unusable afterwards. Calling twice is fine. */
  dispose(): void {
    this.store.dispose();
  }

  private alive(): void {
    if (this.store.isDisposed) throw new ModelError('expected a live model, got one that was disposed');
  }

  private rowsPerExample(what: string, vectors: Float32Array | undefined, mask: MaskLike | undefined, b: number): number {
    const d = this.config.dModel;
    if (vectors === undefined) {
      if (mask !== undefined && mask.length > 0) throw new ModelError(`${what}Mask: given without ${what} vectors`);
      return 0;
    }
    if (!(vectors instanceof Float32Array)) throw new ModelError(`${what}: expected a Float32Array [B, rows, D]`);
    if (mask !== undefined && mask.length % b !== 0) {
      throw new ModelError(`${what}Mask: expected a length that is a multiple of B = ${b}, got ${mask.length}`);
    }
    if (mask === undefined && vectors.length % (b * d) !== 0) {
      throw new ModelError(`${what}: expected a length that is a multiple of B×D = ${b * d}, got ${vectors.length}`);
    }
    const rows = mask !== undefined ? mask.length / b : vectors.length / (b * d);
    checkLength(what, vectors, b * rows * d, `B×rows×D = ${b}×${rows}×${d}`);
    checkFinite(what, vectors);
    return rows;
  }
}

function argmaxRows(values: Float32Array, rows: number, width: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < width; j++) {
      const x = values[r * width + j] as number;
      if (x > bestValue) {
        bestValue = x;
        best = j;
      }
    }
    out[r] = best;
  }
  return out;
}
