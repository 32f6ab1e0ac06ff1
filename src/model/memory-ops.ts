/**
 * The memory module's differentiable read and write (seed 001, section 3) on batched tensors.
 *
 * Addressing temperature: the scores are k·M_i/√D, on the scale attention uses (q·k/√d_k). The seed writes
 * softmax(k·M_i); with unscaled scores Adam grows |k| and |M_i| within the first hundred steps until the
 * softmax is one-hot on an arbitrary slot, and the addressing never receives a gradient (measured: the score
 * spread over occupied slots reached ≈ 70 after 100 steps and ≈ 2 100 after 12 000). The fixed 1/√D keeps
 * the seed's equations in form; a learned sharpness remains possible through |k|. Callers run these inside
 * `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';
import { MASKED } from './attention.js';
import { addressScale } from '../memory/math.js';
import { bmm, linear } from './linalg.js';
import type { HeadWeights } from './weights.js';

function maskedSoftmax(scores: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  const biased = tf.add(scores, tf.mul(tf.sub(mask, constant(1)), constant(-MASKED)));
  // An all-masked row softmaxes to uniform; multiplying by the mask then gives all zeros.
  return tf.mul(tf.softmax(biased), mask) as tf.Tensor2D;
}

/**
 * The soft read's weights softmax_i(k_r·M_i/√D) over the unmasked slots [B, N]; all masked ⇒ all 0.
 * @param readKeys [B, D]
 * @param memory [B, N, D]
 * @param mask [B, N] with 1 = occupied, 0 = empty
 */
export function readWeights(readKeys: tf.Tensor2D, memory: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const [b, n, d] = memory.shape;
  const scores = tf.reshape(bmm(memory, tf.reshape(tf.mul(readKeys, constant(addressScale(d))), [b, d, 1]) as tf.Tensor3D), [
    b,
    n,
  ]) as tf.Tensor2D;
  return maskedSoftmax(scores, mask);
}

/**
 * Soft read: c = Σ_i softmax_i(k_r·M_i/√D) M_i over the unmasked slots; all slots masked ⇒ c = 0.
 * @param readKeys [B, D]
 * @param memory [B, N, D] (masked slots should already be zero)
 * @param mask [B, N] with 1 = occupied, 0 = empty
 * @returns c as [B, 1, D]
 */
export function softRead(readKeys: tf.Tensor2D, memory: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
  const [b, n] = memory.shape;
  const weights = readWeights(readKeys, memory, mask);
  return bmm(tf.reshape(weights, [b, 1, n]) as tf.Tensor3D, memory);
}

/** What {@link chainedReads} returns. */
export interface ChainedReads {
  /** The reads c⁽¹⁾ … c⁽ᴴ⁾ as rows [B, H, D]. */
  reads: tf.Tensor3D;
  /** Each read's addressing weights [B, N], read 1 first. */
  weights: tf.Tensor2D[];
}

/**
 * H = hops.length + 1 chained soft reads (see `MatConfig.readHops`): k⁽¹⁾ = k_r, c⁽ʰ⁾ = w⁽ʰ⁾M with
 * w⁽ʰ⁾ = `addressing`(k⁽ʰ⁾), k⁽ʰ⁺¹⁾ = k⁽ʰ⁾ + c⁽ʰ⁾W_h + b_h. With no hops it is the single {@link softRead}.
 * @param readKeys k_r [B, D]
 * @param memory [B, N, D], empty slots zero
 * @param addressing the addressing weights [B, N] of a key batch (masking is the caller's)
 */
export function chainedReads(
  readKeys: tf.Tensor2D,
  memory: tf.Tensor3D,
  addressing: (keys: tf.Tensor2D) => tf.Tensor2D,
  hops: readonly HeadWeights[],
): ChainedReads {
  const [b, n, d] = memory.shape;
  const reads: tf.Tensor3D[] = [];
  const weights: tf.Tensor2D[] = [];
  let keys = readKeys;
  for (let h = 0; h <= hops.length; h++) {
    const w = addressing(keys);
    const c = bmm(tf.reshape(w, [b, 1, n]) as tf.Tensor3D, memory);
    weights.push(w);
    reads.push(c);
    const link = hops[h];
    if (link) keys = tf.add(keys, linear(tf.reshape(c, [b, d]), link.w as tf.Tensor2D, link.b as tf.Tensor1D)) as tf.Tensor2D;
  }
  return { reads: reads.length === 1 ? (reads[0] as tf.Tensor3D) : (tf.concat(reads, 1) as tf.Tensor3D), weights };
}

/** Inputs of {@link softWrite}. */
export interface SoftWriteInput {
  /** The initial memory [B, N, D]. */
  initial: tf.Tensor3D;
  /** Write keys k_w of the items, in write order [B, T, D]. */
  writeKeys: tf.Tensor3D;
  /** Write values v_w [B, T, D]. */
  writeValues: tf.Tensor3D;
  /** 1 where item t is written, 0 to skip it (padding) [B, T]. */
  writeMask: tf.Tensor2D;
  /** Slots that exist [B, N]; absent slots are never addressed. */
  slotMask: tf.Tensor2D;
  /** λ ∈ [0, 1]: M_i ← λ·M_i + w_i·v_w. */
  decay: number;
}

/**
 * The seed's differentiable write, applied item by item: w = softmax(k_w·M/√D) over the existing slots,
 * M_i ← λ·M_i + w_i·v_w. A skipped item (writeMask 0) leaves M unchanged.
 * @returns the final memory [B, N, D]
 */
export function softWrite(input: SoftWriteInput): tf.Tensor3D {
  const { initial, writeKeys, writeValues, writeMask, slotMask, decay } = input;
  const [b, n, d] = initial.shape;
  const steps = writeKeys.shape[1];
  if (steps === 0) return initial;
  const keys = tf.unstack(tf.mul(writeKeys, constant(addressScale(d))), 1) as tf.Tensor2D[];
  const values = tf.unstack(writeValues, 1) as tf.Tensor2D[];
  const gates = tf.unstack(writeMask, 1) as tf.Tensor1D[];
  let memory = initial;
  for (let t = 0; t < steps; t++) {
    const key = tf.reshape(keys[t] as tf.Tensor2D, [b, d, 1]) as tf.Tensor3D;
    const scores = tf.reshape(bmm(memory, key), [b, n]) as tf.Tensor2D;
    const w = tf.reshape(maskedSoftmax(scores, slotMask), [b, n, 1]);
    const v = tf.reshape(values[t] as tf.Tensor2D, [b, 1, d]);
    const updated = tf.add(tf.mul(memory, decay), tf.mul(w, v));
    const gate = tf.reshape(gates[t] as tf.Tensor1D, [b, 1, 1]);
    memory = tf.add(memory, tf.mul(gate, tf.sub(updated, memory))) as tf.Tensor3D;
  }
  return memory;
}
