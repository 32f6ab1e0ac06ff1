/**
 * The slot policy's forward for acting (no gradients): {@link SlotPolicyInference} computes what
 * {@link SlotPolicy.forwardReference} computes, bit for bit, in fewer kernels, from weights derived once
 * per weight update and cached until a variable is reassigned or S changes.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from '../../model/constants.js';
import * as op from '../../model/direct-ops.js';
import { type RelativeMasks, slotMasks } from './slot-masks.js';
import { FIRST_SLOT_STAT } from '../../memory/layout.js';
import type { Dense, Mlp } from './layers.js';
import type { PolicyOutput } from './network.js';

const FIRST_STAT = FIRST_SLOT_STAT;

/** What the inference forward reads of a {@link SlotPolicy}: its shape and its layers. */
export interface SlotPolicyParts {
  maxSlots: number;
  slotFeatures: number;
  hidden: number;
  itemDim: number;
  numActions: number;
  factored: boolean;
  relative: boolean;
  encCtx: tf.Variable;
  encSlot: tf.Variable;
  encBias: tf.Variable;
  enc2: Dense;
  enc2Set: tf.Variable | null;
  slotHead: Dense;
  actor: Mlp;
  critic: Mlp;
}

/** The acting forward of one slot policy and its cache of derived weights. */
export class SlotPolicyInference {
  private cached: InferenceWeights | null = null;

  /**
   * The forward for acting, without gradients: the same values as {@link forwardReference} bit for bit, in
   * fewer kernels (dispatch dominates at acting batch sizes), from weights derived once per weight update
   * ({@link SlotPolicyInference.weights}):
   *
   * - the item/global part of layer 1 and the actor/critic input read the features row as it is, through
   *   weights with zero rows at the slot columns (no slice/concat of item and global);
   * - the actor and critic layers run as one matMul per depth ([actor | critic] columns, then a
   *   block-diagonal matrix whose actor block is the output layer with the STORE / FORGET columns repeated
   *   per slot, so the operation logits come out in the flat action layout);
   * - the slot log-softmaxes of STORE and FORGET run together over the slot axis of [N, S, 2], and one
   *   0/1 matMul puts them into the flat layout;
   * - tanh is 2·sigmoid(2x) − 1 with the doubling folded into the preceding layer's weights;
   * - the relative slot features are built without slices or inner-axis concats ({@link relativeInference});
   * - the slot rows and masks (active, occupied, count, the relative features' masks, the factored heads'
   *   validity bias) come from the features' values in JavaScript (slot-masks.ts) instead of 15 small
   *   kernels: one read of `features` (a copy out of the wasm heap; on a GPU backend a download), which
   *   the callers have just uploaded from a Float32Array — passing that array along would spare the read,
   *   but `forward` takes a tensor, as every policy network does (network.ts).
   *
   * The zero rows and columns add exact zeros to each dot product, before or after its terms in the same
   * order (XNNPACK accumulates each output over k in order), and scaling by 2 is exact; the test
   * (test/rl/networks/slot-policy-inference.test.ts) checks equality with the reference.
   */
  forward(p: SlotPolicyParts, features: tf.Tensor2D, context: tf.Tensor2D | null): PolicyOutput {
    const w = this.weights(p);
    return tf.tidy(() => {
      const N = features.shape[0];
      const S = p.maxSlots;
      const K = p.slotFeatures;
      const H = p.hidden;
      const I = p.itemDim;
      const A = p.numActions;
      const m = slotMasks(
        features.dataSync() as Float32Array,
        { rows: N, slots: S, slotFeatures: K, itemDim: I },
        w.relative?.maskValues ?? null,
        p.factored,
      );
      const { slots2, active, count } = m;
      const slotIn = w.relative && m.relative ? relativeInference(slots2, m.relative, w.relative) : slots2;
      // Pre-activations doubled (weights ×2): tanh(x) = 2·sigmoid(2x) − 1 as in activations.ts.
      const perObs = op.reshape(op.add(op.matMul(features, w.encCtx), w.encBias), [N, 1, H]);
      const perSlot = op.reshape(op.matMul(slotIn, w.encSlot), [N, S, H]);
      const h1 = tanhOfDoubled(op.add(perSlot, perObs)); // [N, S, H]
      let pre2: tf.Tensor = op.add(op.matMul(op.reshape(h1, [N * S, H]) as tf.Tensor2D, w.enc2), w.enc2Bias);
      if (w.enc2Set) {
        const mean1 = op.div(op.sum(op.mul(h1, active), 1), count) as tf.Tensor2D;
        const setTerm = op.reshape(op.matMul(mean1, w.enc2Set), [N, 1, H]);
        pre2 = op.add(op.reshape(pre2, [N, S, H]), setTerm);
      }
      const emb = tanhOfDoubled(pre2); // [N, S, H] with the set context, else [N·S, H]
      const slotOut = op.reshape(p.slotHead.apply(op.reshape(emb, [N * S, H]) as tf.Tensor2D), [N, S, 2]);
      const pooled = op.div(op.sum(op.mul(op.reshape(emb, [N, S, H]), active), 1), count);
      const ctx = op.concat(context ? [features, pooled, context] : [features, pooled], 1) as tf.Tensor2D;
      const h = tanhOfDoubled(op.add(op.matMul(ctx, w.heads1), w.heads1Bias)) as tf.Tensor2D; // [N, H actor ‖ H critic]
      const y = op.add(op.matMul(h, w.heads2), w.heads2Bias) as tf.Tensor2D; // [N, A operation logits ‖ 2·H critic]
      // tanhOfDoubled(y) is the critic's second hidden layer on its columns (the actor's rows of valueOut are 0).
      const values = op.reshape(op.add(op.matMul(tanhOfDoubled(y), w.valueOut), (p.critic.layers[2] as Dense).bias), [N]) as tf.Tensor1D;
      let scores: tf.Tensor = slotOut; // [N, S, 2]: store, forget
      if (p.factored) {
        // log softmax over the slots (axis 1) where STORE_i / FORGET_i can be valid, as tf.logSoftmax computes it.
        const z = op.add(slotOut, m.slotBias as tf.Tensor3D);
        const shifted = op.sub(z, op.max(z, 1, true));
        scores = op.sub(shifted, op.log(op.sum(op.exp(shifted), 1, true)));
      }
      const slotLogits = op.matMul(op.reshape(scores, [N, 2 * S]) as tf.Tensor2D, w.slotLayout);
      const logits = op.add(op.slice(y, [0, 0], [N, A]), slotLogits) as tf.Tensor2D;
      return { logits, values };
    });
  }

  /** The weights of {@link SlotPolicyInference.forward}, derived from the current variables (cached until one changes). */
  weights(p: SlotPolicyParts): InferenceWeights {
    const vars = ownVariables(p);
    const cached = this.cached;
    if (cached && cached.slots === p.maxSlots && cached.key.length === vars.length && cached.key.every((d, i) => d === vars[i]?.dataId)) {
      return cached;
    }
    if (cached) disposeInferenceWeights(cached);
    const S = p.maxSlots;
    const K = p.slotFeatures;
    const H = p.hidden;
    const I = p.itemDim;
    const A = p.numActions;
    let made: Omit<InferenceWeights, 'key' | 'slots'> | undefined;
    tf.tidy(() => {
      const keep = <T extends tf.Tensor>(t: T): T => tf.keep(t);
      const twice = <T extends tf.Tensor>(t: T): T => tf.mul(t, constant(2)) as T;
      // Rows [item; global; rest] → rows of [features row; rest]: zero rows at the S·K slot columns.
      const withSlotRows = (wt: tf.Tensor2D): tf.Tensor2D => {
        const [rows, cols] = wt.shape;
        return tf.concat(
          [tf.slice(wt, [0, 0], [I, cols]), tf.zeros([S * K, cols]), tf.slice(wt, [I, 0], [rows - I, cols])],
          0,
        ) as tf.Tensor2D;
      };
      const [a0, a1] = p.actor.layers as [Dense, Dense];
      const [c0, c1, c2] = p.critic.layers as [Dense, Dense, Dense];
      // Output column of every flat action (−1: none, a slot action of the unfactored actor).
      const ops = p.factored ? [0, 1, 2, 3, 4, 5, 6] : [0, 1, 2, -1, -1, 3, 4];
      const column = new Int32Array(A);
      const slotLayout = new Float32Array(2 * S * A);
      for (let j = 0; j < A; j++) {
        const op = j < 3 ? j : j < 3 + S ? 3 : j < 3 + 2 * S ? 4 : j - 2 * S + 2;
        column[j] = ops[op] === -1 ? a1.outputSize : (ops[op] as number);
      }
      for (let s = 0; s < S; s++) {
        slotLayout[2 * s * A + 3 + s] = 1; // store score of slot s → STORE_s
        slotLayout[(2 * s + 1) * A + 3 + S + s] = 1; // forget score → FORGET_s
      }
      const colIdx = tf.tensor1d(column, 'int32');
      const actorOut = tf.gather(tf.concat([a1.kernel, tf.zeros([H, 1])], 1), colIdx, 1) as tf.Tensor2D; // [H, A]
      const actorOutBias = tf.gather(tf.concat([a1.bias, tf.zeros([1])]), colIdx) as tf.Tensor1D;
      const heads2 = tf.concat(
        [tf.concat([actorOut, tf.zeros([H, H])], 1), tf.concat([tf.zeros([H, A]), twice(c1.kernel as tf.Tensor2D)], 1)],
        0,
      ) as tf.Tensor2D;
      made = {
        encCtx: keep(twice(withSlotRows(p.encCtx as tf.Tensor2D))),
        encBias: keep(twice(p.encBias as tf.Tensor1D)),
        encSlot: keep(twice(p.encSlot as tf.Tensor2D)),
        enc2: keep(twice(p.enc2.kernel as tf.Tensor2D)),
        enc2Bias: keep(twice(p.enc2.bias as tf.Tensor1D)),
        enc2Set: p.enc2Set ? keep(twice(p.enc2Set as tf.Tensor2D)) : null,
        heads1: keep(twice(withSlotRows(tf.concat([a0.kernel, c0.kernel], 1) as tf.Tensor2D))),
        heads1Bias: keep(twice(tf.concat([a0.bias, c0.bias]) as tf.Tensor1D)),
        heads2: keep(heads2),
        heads2Bias: keep(tf.concat([actorOutBias, twice(c1.bias as tf.Tensor1D)]) as tf.Tensor1D),
        valueOut: keep(tf.concat([tf.zeros([A, 1]), c2.kernel], 0) as tf.Tensor2D),
        slotLayout: keep(tf.tensor2d(slotLayout, [2 * S, A])),
        relative: p.relative ? relativeWeights(K, keep) : null,
      };
    });
    if (made === undefined) throw new Error('unreachable: inference weights not built');
    const built: InferenceWeights = { key: vars.map((v) => v.dataId), slots: S, ...made };
    this.cached = built;
    return built;
  }

  /** Frees the cached weights. */
  dispose(): void {
    if (this.cached) disposeInferenceWeights(this.cached);
    this.cached = null;
  }
}

/**
 * {@link withRelative} without its slice and inner-axis concat (slow on wasm), as [slot; 0] + [0; relative]:
 * one 0/1 matMul spreads each slot row to [0; stats; −stats], one max over the slots gives max(stats)
 * and −min(stats) (the max of −stats − big), and the clip and the mask [0; occ; −occ] give the relative
 * columns (0 on the slot columns); a second 0/1 matMul gives [slot; 0]. Exact: (−s) − (−min) is
 * −(s − min), the clip is symmetric, and each sum adds a zero.
 */
function relativeInference(slots2: tf.Tensor2D, masks: RelativeMasks, r: RelativeWeights): tf.Tensor2D {
  const [NS, K] = slots2.shape;
  const [N, S] = masks.big.shape;
  const D = K + 2 * (K - FIRST_STAT);
  const spread = op.reshape(op.matMul(slots2, r.spread), [N, S, D]); // [0; stats; −stats]
  const extreme = op.max(op.sub(spread, masks.big), 1, true); // [·; max; −min]
  const rel = op.mul(tf.clipByValue(op.sub(spread, extreme), -10, 10), masks.occupiedMask); // [0; toMax; toMin]
  return op.add(op.matMul(slots2, r.copy), op.reshape(rel, [NS, D])) as tf.Tensor2D;
}

/** The variables the inference weights derive from (not a subclass's). */
function ownVariables(p: SlotPolicyParts): tf.Variable[] {
  return [
    p.encCtx,
    p.encSlot,
    p.encBias,
    p.enc2.kernel,
    p.enc2.bias,
    ...(p.enc2Set ? [p.enc2Set] : []),
    ...p.actor.layers.flatMap((l) => [l.kernel, l.bias]),
    ...p.critic.layers.flatMap((l) => [l.kernel, l.bias]),
  ];
}

/** Derived weights of {@link SlotPolicyInference.forward}; see there. */
interface InferenceWeights {
  /** dataIds of the variables they were derived from, and the slot count. */
  key: readonly object[];
  slots: number;
  encCtx: tf.Tensor2D;
  encBias: tf.Tensor1D;
  encSlot: tf.Tensor2D;
  enc2: tf.Tensor2D;
  enc2Bias: tf.Tensor1D;
  enc2Set: tf.Tensor2D | null;
  heads1: tf.Tensor2D;
  heads1Bias: tf.Tensor1D;
  heads2: tf.Tensor2D;
  heads2Bias: tf.Tensor1D;
  valueOut: tf.Tensor2D;
  slotLayout: tf.Tensor2D;
  relative: RelativeWeights | null;
}

/** Constants of {@link relativeInference} (over the D = K + 2(K − 2) columns of a slot's input). */
interface RelativeWeights {
  /** [K, D] 0/±1: slot row → [0; stats; −stats]. */
  spread: tf.Tensor2D;
  /** [K, D] 0/1: slot row → [slot; 0]. */
  copy: tf.Tensor2D;
  /** [D]: 0 on the slot columns, 1 on the max and −1 on the min differences (applied in slot-masks.ts). */
  maskValues: Float32Array;
}

function relativeWeights(K: number, keep: <T extends tf.Tensor>(t: T) => T): RelativeWeights {
  const M = K - FIRST_STAT;
  const D = K + 2 * M;
  const spread = new Float32Array(K * D);
  const copy = new Float32Array(K * D);
  const mask = new Float32Array(D);
  for (let k = 0; k < K; k++) copy[k * D + k] = 1;
  for (let m = 0; m < M; m++) {
    spread[(FIRST_STAT + m) * D + K + m] = 1;
    spread[(FIRST_STAT + m) * D + K + M + m] = -1;
    mask[K + m] = 1;
    mask[K + M + m] = -1;
  }
  return { spread: keep(tf.tensor2d(spread, [K, D])), copy: keep(tf.tensor2d(copy, [K, D])), maskValues: mask };
}

function disposeInferenceWeights(w: InferenceWeights): void {
  const { key: _key, slots: _slots, relative, ...tensors } = w;
  for (const t of Object.values(tensors)) t?.dispose();
  if (relative) tf.dispose([relative.spread, relative.copy]);
}

/** tanh(x) from 2x: 2·sigmoid(2x) − 1, the remaining kernels of activations.ts's tanh. */
function tanhOfDoubled<T extends tf.Tensor>(x2: T): T {
  return op.sub(op.mul(op.sigmoid(x2), constant(2)), constant(1));
}
