/**
 * The slot masks of the acting forward ({@link SlotPolicyInference.forward}) computed in JavaScript from
 * the features' values instead of by ~15 small kernels (slices of the `active` and `occupied` columns,
 * their product, count, the relative features' masks, the factored log-softmax's validity bias), each an
 * engine dispatch of a few µs at acting batch sizes. The values are the kernels' floats: every quantity
 * is a product or sum of float32 values rounded with `Math.fround` (a float32 product or sum is the
 * rounded exact result, which is what `fround` of the double result gives for these operands), of
 * 0/1 flags and small integers, and −0 where the kernels give −0.
 */
import * as tf from '@tensorflow/tfjs';
import { SLOT } from '../../memory/layout.js';

/** Where the slot rows sit in a features row. */
export interface SlotRowsLayout {
  /** N observations (rows). */
  rows: number;
  /** S slots. */
  slots: number;
  /** K features per slot. */
  slotFeatures: number;
  /** Columns before the first slot's features. */
  itemDim: number;
}

/** The masks of the relative slot features. */
export interface RelativeMasks {
  /** [N, S, 1]: (1 − occupied)·1e6, subtracted before the max over slots. */
  big: tf.Tensor3D;
  /** [N, S, D]: occupied × the relative columns' signs. */
  occupiedMask: tf.Tensor3D;
}

/** What {@link slotMasks} returns (tensors in the caller's tidy scope). */
export interface SlotMasks {
  /** [N·S, K]: the slot rows. */
  slots2: tf.Tensor2D;
  /** [N, S, 1]: the `active` feature. */
  active: tf.Tensor3D;
  /** [N, 1]: max(number of active slots, 1). */
  count: tf.Tensor2D;
  /** With relative features: their masks. */
  relative: RelativeMasks | null;
  /** Factored heads: [N, S, 2] 0 where STORE_i (active) / FORGET_i (occupied) can be valid, −1e9 elsewhere. */
  slotBias: tf.Tensor3D | null;
}

/**
 * The slot rows and masks of N feature rows `values` [N, F]. `relativeSigns` [D] (0, 1 or −1 per relative
 * input column) when the policy has relative features; `factored` for the factored heads' bias.
 */
export function slotMasks(values: Float32Array, layout: SlotRowsLayout, relativeSigns: Float32Array | null, factored: boolean): SlotMasks {
  const { rows: N, slots: S, slotFeatures: K, itemDim: I } = layout;
  const F = values.length / N;
  const slots = new Float32Array(N * S * K);
  const active = new Float32Array(N * S);
  const occupied = new Float32Array(N * S);
  const count = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let c = 0;
    for (let s = 0; s < S; s++) {
      const from = n * F + I + s * K;
      slots.set(values.subarray(from, from + K), (n * S + s) * K);
      const a = values[from + SLOT.active] as number;
      active[n * S + s] = a;
      occupied[n * S + s] = Math.fround(a * Math.min(values[from + SLOT.occupied] as number, 1));
      c = Math.fround(c + a);
    }
    count[n] = Math.max(c, 1);
  }
  let relative: RelativeMasks | null = null;
  if (relativeSigns) {
    const D = relativeSigns.length;
    const big = new Float32Array(N * S);
    const occupiedMask = new Float32Array(N * S * D);
    for (let i = 0; i < N * S; i++) {
      const o = occupied[i] as number;
      big[i] = Math.fround(Math.fround(1 - o) * 1e6);
      for (let d = 0; d < D; d++) occupiedMask[i * D + d] = o * (relativeSigns[d] as number);
    }
    relative = { big: tf.tensor3d(big, [N, S, 1]), occupiedMask: tf.tensor3d(occupiedMask, [N, S, D]) };
  }
  let slotBias: tf.Tensor3D | null = null;
  if (factored) {
    const bias = new Float32Array(N * S * 2);
    for (let i = 0; i < N * S; i++) {
      bias[2 * i] = Math.fround(Math.fround((active[i] as number) - 1) * 1e9);
      bias[2 * i + 1] = Math.fround(Math.fround((occupied[i] as number) - 1) * 1e9);
    }
    slotBias = tf.tensor3d(bias, [N, S, 2]);
  }
  return {
    slots2: tf.tensor2d(slots, [N * S, K]),
    active: tf.tensor3d(active, [N, S, 1]),
    count: tf.tensor2d(count, [N, 1]),
    relative,
    slotBias,
  };
}
