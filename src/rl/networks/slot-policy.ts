/**
 * The default policy network of the memory envs. Its weights do not depend on the slot count S, so one
 * trained network runs at any S (adaptive N):
 *
 * - a shared slot encoder maps (item, slot features, global) of every slot to an embedding e_i
 *   (two tanh layers; the first is split as W_ctx·[item; global] + W_slot·slot, so the item/global part
 *   is computed once per observation). With `relative` (default), each slot's input also has, for every
 *   statistic (features 2…K−1: age, since-access, access count, relevance, similarity), its difference to
 *   the maximum and to the minimum over the occupied slots — so "the oldest", "the most similar" are
 *   plain features rather than something the scorer must work out from absolute values. With `setContext`
 *   (default), the second layer also sees the mean of the first layer over the active slots (DeepSets);
 * - a shared slot head maps e_i to a store score and a forget score;
 * - the context [item; global; mean of e_i over active slots] feeds an actor MLP → one logit per
 *   operation (NOOP, RETRIEVE, STORE_AUTO, STORE, FORGET, GROW, SHRINK) and a critic MLP → the value.
 *   With `factored` (default) logit(STORE_i) = logit(STORE) + log softmax_i(store score) over the active
 *   slots (FORGET_i likewise over the occupied ones): the operation is chosen from the context, the slot
 *   by the slot scorer, and the chance of each operation does not depend on S. Without it the slot
 *   scores are the STORE_i / FORGET_i logits themselves and the actor has no STORE / FORGET logit.
 *
 * Input: the `memory` encoder's layout item ‖ slots (S × slotFeatures, feature 0 = active) ‖ global.
 * Output logits follow the flat action layout 0 NOOP, 1 RETRIEVE, 2 STORE_AUTO, 3.. STORE_i,
 * 3+S.. FORGET_i, 3+2S GROW, 3+2S+1 SHRINK.
 */
import * as tf from '@tensorflow/tfjs';
import { tanh } from '../../model/activations.js';
import { mm, recording } from '../../model/linalg.js';
import { Rng } from '../../util/rng.js';
import { Dense, INIT_GAIN, Mlp, orthogonalMatrix, type NamedWeight } from './layers.js';
import { BasePolicyNetwork, type PolicyNetworkSpec, type PolicyOutput } from './network.js';
import { FIRST_SLOT_STAT, MEMORY_OPS, SLOT_FEATURE_DIM, actionOpIndices, numActions } from '../../memory/layout.js';

/** Shape of a {@link SlotPolicy}; only `maxSlots` may differ between networks sharing weights. */
export interface SlotPolicyConfig {
  itemDim: number;
  globalDim: number;
  maxSlots: number;
  /** Per-slot features (default 7). */
  slotFeatures?: number;
  /** Width of the slot embeddings and hidden layers (default 64). */
  hidden?: number;
  /** Add each statistic's difference to its max and min over the occupied slots (default true). */
  relative?: boolean;
  /** Feed the mean first-layer slot embedding into the second layer (default true). */
  setContext?: boolean;
  /**
   * Factored slot actions (default true): the actor scores the operations STORE and FORGET once, and
   * the slot head picks the slot, logit(STORE_i) = logit(STORE) + log softmax_i(store score) over the
   * slots where STORE_i / FORGET_i can be valid. The chance to store at all then does not grow with S.
   * Without it each STORE_i / FORGET_i logit is the slot head's score itself.
   */
  factored?: boolean;
  /**
   * Initial bias of the destructive operations' logits, FORGET (factored only) and SHRINK (default −2).
   * From a uniform start an agent would forget or shrink on 2 of 7 steps, so little stays in memory
   * long enough for a later query to reward storing it; a negative prior makes memory persist early on.
   */
  destructiveBias?: number;
  /**
   * Width of an extra context vector that joins [item; global; pooled slots] as input of the actor and
   * critic (default 0): the GRU state of `RecurrentSlotPolicy`. Not part of the spec (the subclass sets it).
   */
  contextSize?: number;
}

/** Operation groups of the flat action layout (see {@link SlotPolicy.actionGroups}): the memory layout's operations. */
export const SLOT_ACTION_GROUPS = MEMORY_OPS;

/** Index of the first per-slot statistic (after `active` and `occupied`). */
const FIRST_STAT = FIRST_SLOT_STAT;

/** Number of actions of the flat memory layout for S slots (the memory layout's `numActions`). */
export const memoryActionCount = numActions;

/** Slot-scoring actor-critic; see the module comment. */
export class SlotPolicy extends BasePolicyNetwork {
  readonly itemDim: number;
  readonly globalDim: number;
  readonly slotFeatures: number;
  readonly hidden: number;
  readonly relative: boolean;
  readonly setContext: boolean;
  readonly factored: boolean;
  readonly destructiveBias: number;
  /** Width of the extra context input of the actor and critic (see {@link SlotPolicyConfig.contextSize}). */
  readonly contextSize: number;
  private slotCount: number;
  private readonly encCtx: tf.Variable;
  private readonly encSlot: tf.Variable;
  private readonly encBias: tf.Variable;
  private readonly enc2: Dense;
  private readonly enc2Set: tf.Variable | null;
  private readonly slotHead: Dense;
  private readonly actor: Mlp;
  private readonly critic: Mlp;
  /** Weights of {@link forwardInference} derived from the variables, rebuilt when one is reassigned or S changes. */
  private inference: InferenceWeights | null = null;

  constructor(config: SlotPolicyConfig, opts: { seed?: number | string } = {}) {
    super();
    this.itemDim = config.itemDim;
    this.globalDim = config.globalDim;
    this.slotCount = config.maxSlots;
    this.slotFeatures = config.slotFeatures ?? SLOT_FEATURE_DIM;
    this.hidden = config.hidden ?? 64;
    this.relative = config.relative ?? true;
    this.setContext = config.setContext ?? true;
    this.factored = config.factored ?? true;
    this.destructiveBias = config.destructiveBias ?? -2;
    this.contextSize = config.contextSize ?? 0;
    if (!Number.isFinite(this.destructiveBias)) throw new RangeError(`expected destructiveBias to be finite, got ${this.destructiveBias}`);
    for (const [name, v, min] of [
      ['itemDim', this.itemDim, 0],
      ['globalDim', this.globalDim, 0],
      ['maxSlots', this.slotCount, 1],
      ['slotFeatures', this.slotFeatures, 1],
      ['hidden', this.hidden, 1],
      ['contextSize', this.contextSize, 0],
    ] as const) {
      if (!Number.isInteger(v) || v < min) throw new RangeError(`expected ${name} to be an integer ≥ ${min}, got ${v}`);
    }
    const rng = new Rng(opts.seed ?? 0);
    const H = this.hidden;
    const ctxDim = this.itemDim + this.globalDim;
    if (this.relative && this.slotFeatures <= FIRST_STAT) {
      throw new RangeError(`expected slotFeatures > ${FIRST_STAT} with relative features, got ${this.slotFeatures}`);
    }
    const slotIn = this.slotInputSize;
    // One orthogonal matrix over the full first-layer input [item; global; slot], split by rows.
    const w1 = orthogonalMatrix(ctxDim + slotIn, H, INIT_GAIN.hidden, rng);
    this.encCtx = tf.variable(tf.tensor2d(w1.subarray(0, ctxDim * H), [ctxDim, H]));
    this.encSlot = tf.variable(tf.tensor2d(w1.subarray(ctxDim * H), [slotIn, H]));
    this.encBias = tf.variable(tf.zeros([H]));
    this.enc2 = new Dense(H, H, INIT_GAIN.hidden, rng);
    this.enc2Set = this.setContext ? tf.variable(tf.tensor2d(orthogonalMatrix(H, H, INIT_GAIN.hidden, rng), [H, H])) : null;
    this.slotHead = new Dense(H, 2, INIT_GAIN.policy, rng);
    this.actor = new Mlp(ctxDim + H + this.contextSize, [H], this.factored ? 7 : 5, INIT_GAIN.policy, rng);
    // Output order: factored NOOP, RETRIEVE, STORE_AUTO, STORE, FORGET, GROW, SHRINK; else without STORE/FORGET.
    const bias = this.factored ? [0, 0, 0, 0, this.destructiveBias, 0, this.destructiveBias] : [0, 0, 0, 0, this.destructiveBias];
    const out = this.actor.layers[this.actor.layers.length - 1] as Dense;
    tf.tidy(() => out.bias.assign(tf.tensor1d(bias)));
    this.critic = new Mlp(ctxDim + H + this.contextSize, [H, H], 1, INIT_GAIN.value, rng);
  }

  /** Width of one slot's encoder input: its features, plus 2 relative values per statistic with `relative`. */
  get slotInputSize(): number {
    return this.slotFeatures + (this.relative ? 2 * (this.slotFeatures - FIRST_STAT) : 0);
  }

  /** Slot count S the input and output layouts are built for. */
  get maxSlots(): number {
    return this.slotCount;
  }

  get inputSize(): number {
    return this.itemDim + this.slotCount * this.slotFeatures + this.globalDim;
  }

  get numActions(): number {
    return memoryActionCount(this.slotCount);
  }

  /**
   * Switches the layouts to another slot count, keeping the same weight variables (so an optimiser over
   * `trainableVariables` stays valid): one trained network serves any S.
   */
  setMaxSlots(maxSlots: number): void {
    if (!Number.isInteger(maxSlots) || maxSlots < 1) throw new RangeError(`expected maxSlots to be an integer ≥ 1, got ${maxSlots}`);
    this.slotCount = maxSlots;
  }

  get spec(): PolicyNetworkSpec {
    return {
      kind: 'slot',
      config: {
        itemDim: this.itemDim,
        globalDim: this.globalDim,
        maxSlots: this.maxSlots,
        slotFeatures: this.slotFeatures,
        hidden: this.hidden,
        relative: this.relative,
        setContext: this.setContext,
        factored: this.factored,
        destructiveBias: this.destructiveBias,
      },
    };
  }

  forward(features: tf.Tensor2D): PolicyOutput {
    return this.forwardWithContext(features, null);
  }

  /**
   * {@link forward} with the extra context (N × contextSize) of the actor and critic, or none. Outside
   * gradient recording (acting, rollouts) it takes {@link forwardInference}, with the same values.
   */
  protected forwardWithContext(features: tf.Tensor2D, context: tf.Tensor2D | null): PolicyOutput {
    return recording() ? this.forwardReference(features, context) : this.forwardInference(features, context);
  }

  /** The forward as written in the module doc, op by op: the one gradients are recorded through. */
  forwardReference(features: tf.Tensor2D, context: tf.Tensor2D | null = null): PolicyOutput {
    this.checkInput(features);
    return tf.tidy(() => {
      const N = features.shape[0];
      const S = this.maxSlots;
      const K = this.slotFeatures;
      const H = this.hidden;
      const I = this.itemDim;
      const G = this.globalDim;
      const item = tf.slice(features, [0, 0], [N, I]);
      const slots = tf.reshape(tf.slice(features, [0, I], [N, S * K]), [N * S, K]) as tf.Tensor2D;
      const glob = tf.slice(features, [0, I + S * K], [N, G]);
      const ctxIn = tf.concat([item, glob], 1) as tf.Tensor2D;
      const slots3 = tf.reshape(slots, [N, S, K]);
      // Feature 0 is `active`; a slot counts as occupied when active and occupied (feature 1).
      const active = tf.slice(slots3, [0, 0, 0], [N, S, 1]);
      const occupied = tf.mul(active, tf.minimum(tf.slice(slots3, [0, 0, 1], [N, S, 1]), 1)); // [N, S, 1] in {0, 1}
      const count = tf.maximum(tf.sum(active, 1), 1); // [N, 1]
      const slotIn = this.relative ? tf.reshape(this.withRelative(slots3, occupied), [N * S, this.slotInputSize]) : slots;
      // Slot encoder, layer 1: tanh(W_slot·slot + W_ctx·[item; global] + b), broadcast over slots.
      const perObs = tf.reshape(tf.add(mm(ctxIn, this.encCtx as tf.Tensor2D), this.encBias), [N, 1, H]);
      const perSlot = tf.reshape(mm(slotIn as tf.Tensor2D, this.encSlot as tf.Tensor2D), [N, S, H]);
      const h1 = tanh(tf.add(perSlot, perObs)); // [N, S, H]
      let pre2 = this.enc2.apply(tf.reshape(h1, [N * S, H]) as tf.Tensor2D);
      if (this.enc2Set) {
        // Layer 2 also sees the mean of layer 1 over the active slots (one term per observation).
        const mean1 = tf.div(tf.sum(tf.mul(h1, active), 1), count) as tf.Tensor2D; // [N, H]
        const setTerm = tf.reshape(mm(mean1, this.enc2Set as tf.Tensor2D), [N, 1, H]);
        pre2 = tf.reshape(tf.add(tf.reshape(pre2, [N, S, H]), setTerm), [N * S, H]);
      }
      const emb = tanh(pre2); // [N·S, H]
      const slotOut = tf.reshape(this.slotHead.apply(emb), [N, S, 2]);
      const store = tf.reshape(tf.slice(slotOut, [0, 0, 0], [N, S, 1]), [N, S]);
      const forget = tf.reshape(tf.slice(slotOut, [0, 0, 1], [N, S, 1]), [N, S]);
      // Mean of the embeddings over active slots.
      const pooledSum = tf.sum(tf.mul(tf.reshape(emb, [N, S, H]), active), 1);
      const pooled = tf.div(pooledSum, count);
      const ctx = tf.concat(context ? [ctxIn, pooled, context] : [ctxIn, pooled], 1) as tf.Tensor2D;
      const free = this.actor.apply(ctx); // [N, 7] factored (SLOT_ACTION_GROUPS), else [N, 5]
      let logits: tf.Tensor2D;
      if (this.factored) {
        const act2 = tf.reshape(active, [N, S]);
        const occ2 = tf.reshape(occupied, [N, S]);
        // log P(slot | op) over the slots where the op can be valid; the others get ≈ −1e9.
        const storeLogp = tf.logSoftmax(tf.add(store, tf.mul(tf.sub(act2, 1), 1e9)));
        const forgetLogp = tf.logSoftmax(tf.add(forget, tf.mul(tf.sub(occ2, 1), 1e9)));
        logits = tf.concat(
          [
            tf.slice(free, [0, 0], [N, 3]),
            tf.add(tf.slice(free, [0, 3], [N, 1]), storeLogp),
            tf.add(tf.slice(free, [0, 4], [N, 1]), forgetLogp),
            tf.slice(free, [0, 5], [N, 2]),
          ],
          1,
        ) as tf.Tensor2D;
      } else {
        logits = tf.concat([tf.slice(free, [0, 0], [N, 3]), store, forget, tf.slice(free, [0, 3], [N, 2])], 1) as tf.Tensor2D;
      }
      const values = tf.reshape(this.critic.apply(ctx), [-1]) as tf.Tensor1D;
      return { logits, values };
    });
  }

  /**
   * The forward for acting, without gradients: the same values as {@link forwardReference} bit for bit, in
   * fewer kernels (dispatch dominates at acting batch sizes), from weights derived once per weight update
   * ({@link inferenceWeights}):
   *
   * - the item/global part of layer 1 and the actor/critic input read the features row as it is, through
   *   weights with zero rows at the slot columns (no slice/concat of item and global);
   * - the actor and critic layers run as one matMul per depth ([actor | critic] columns, then a
   *   block-diagonal matrix whose actor block is the output layer with the STORE / FORGET columns repeated
   *   per slot, so the operation logits come out in the flat action layout);
   * - the slot log-softmaxes of STORE and FORGET run together over the slot axis of [N, S, 2], and one
   *   0/1 matMul puts them into the flat layout;
   * - tanh is 2·sigmoid(2x) − 1 with the doubling folded into the preceding layer's weights;
   * - the relative slot features are built without slices or inner-axis concats ({@link relativeInference}).
   *
   * The zero rows and columns add exact zeros to each dot product, before or after its terms in the same
   * order (XNNPACK accumulates each output over k in order), and scaling by 2 is exact; the test
   * (test/rl/networks/slot-policy-inference.test.ts) checks equality with the reference.
   */
  forwardInference(features: tf.Tensor2D, context: tf.Tensor2D | null = null): PolicyOutput {
    this.checkInput(features);
    const w = this.inferenceWeights();
    return tf.tidy(() => {
      const N = features.shape[0];
      const S = this.maxSlots;
      const K = this.slotFeatures;
      const H = this.hidden;
      const I = this.itemDim;
      const A = this.numActions;
      const slots2 = tf.reshape(tf.slice(features, [0, I], [N, S * K]), [N * S, K]) as tf.Tensor2D;
      const slots3 = tf.reshape(slots2, [N, S, K]);
      const active = tf.slice(slots3, [0, 0, 0], [N, S, 1]);
      const occupied = tf.mul(active, tf.minimum(tf.slice(slots3, [0, 0, 1], [N, S, 1]), 1));
      const count = tf.maximum(tf.sum(active, 1), 1);
      const slotIn = w.relative ? this.relativeInference(slots2, occupied, w.relative) : slots2;
      // Pre-activations doubled (weights ×2): tanh(x) = 2·sigmoid(2x) − 1 as in activations.ts.
      const perObs = tf.reshape(tf.add(tf.matMul(features, w.encCtx), w.encBias), [N, 1, H]);
      const perSlot = tf.reshape(tf.matMul(slotIn, w.encSlot), [N, S, H]);
      const h1 = tanhOfDoubled(tf.add(perSlot, perObs)); // [N, S, H]
      let pre2: tf.Tensor = tf.add(tf.matMul(tf.reshape(h1, [N * S, H]) as tf.Tensor2D, w.enc2), w.enc2Bias);
      if (w.enc2Set) {
        const mean1 = tf.div(tf.sum(tf.mul(h1, active), 1), count) as tf.Tensor2D;
        const setTerm = tf.reshape(tf.matMul(mean1, w.enc2Set), [N, 1, H]);
        pre2 = tf.add(tf.reshape(pre2, [N, S, H]), setTerm);
      }
      const emb = tanhOfDoubled(pre2); // [N, S, H] with the set context, else [N·S, H]
      const slotOut = tf.reshape(this.slotHead.apply(tf.reshape(emb, [N * S, H]) as tf.Tensor2D), [N, S, 2]);
      const pooled = tf.div(tf.sum(tf.mul(tf.reshape(emb, [N, S, H]), active), 1), count);
      const ctx = tf.concat(context ? [features, pooled, context] : [features, pooled], 1) as tf.Tensor2D;
      const h = tanhOfDoubled(tf.add(tf.matMul(ctx, w.heads1), w.heads1Bias)) as tf.Tensor2D; // [N, H actor ‖ H critic]
      const y = tf.add(tf.matMul(h, w.heads2), w.heads2Bias) as tf.Tensor2D; // [N, A operation logits ‖ 2·H critic]
      // tanhOfDoubled(y) is the critic's second hidden layer on its columns (the actor's rows of valueOut are 0).
      const values = tf.reshape(
        tf.add(tf.matMul(tanhOfDoubled(y), w.valueOut), (this.critic.layers[2] as Dense).bias),
        [-1],
      ) as tf.Tensor1D;
      let scores: tf.Tensor = slotOut; // [N, S, 2]: store, forget
      if (this.factored) {
        // log softmax over the slots (axis 1) where STORE_i / FORGET_i can be valid, as tf.logSoftmax computes it.
        const z = tf.add(slotOut, tf.mul(tf.sub(tf.concat([active, occupied], 2), 1), 1e9));
        const shifted = tf.sub(z, tf.max(z, 1, true));
        scores = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
      }
      const slotLogits = tf.matMul(tf.reshape(scores, [N, 2 * S]) as tf.Tensor2D, w.slotLayout);
      const logits = tf.add(tf.slice(y, [0, 0], [N, A]), slotLogits) as tf.Tensor2D;
      return { logits, values };
    });
  }

  /**
   * {@link withRelative} without its slice and inner-axis concat (slow on wasm), as [slot; 0] + [0; relative]:
   * one 0/1 matMul spreads each slot row to [0; stats; −stats], one max over the slots gives max(stats)
   * and −min(stats) (the max of −stats − big), and the clip and the mask [0; occ; −occ] give the relative
   * columns (0 on the slot columns); a second 0/1 matMul gives [slot; 0]. Exact: (−s) − (−min) is
   * −(s − min), the clip is symmetric, and each sum adds a zero.
   */
  private relativeInference(slots2: tf.Tensor2D, occ: tf.Tensor, r: RelativeWeights): tf.Tensor2D {
    const [NS, K] = slots2.shape;
    const [N, S] = occ.shape as [number, number];
    const D = K + 2 * (K - FIRST_STAT);
    const spread = tf.reshape(tf.matMul(slots2, r.spread), [N, S, D]); // [0; stats; −stats]
    const big = tf.mul(tf.sub(1, occ), 1e6);
    const extreme = tf.max(tf.sub(spread, big), 1, true); // [·; max; −min]
    const rel = tf.mul(tf.clipByValue(tf.sub(spread, extreme), -10, 10), tf.mul(occ, r.mask)); // [0; toMax; toMin]
    return tf.add(tf.matMul(slots2, r.copy), tf.reshape(rel, [NS, D])) as tf.Tensor2D;
  }

  /** The weights of {@link forwardInference}, derived from the current variables (cached until one changes). */
  private inferenceWeights(): InferenceWeights {
    const vars = this.ownVariables();
    const cached = this.inference;
    if (
      cached &&
      cached.slots === this.maxSlots &&
      cached.key.length === vars.length &&
      cached.key.every((d, i) => d === vars[i]?.dataId)
    ) {
      return cached;
    }
    if (cached) disposeInferenceWeights(cached);
    const S = this.maxSlots;
    const K = this.slotFeatures;
    const H = this.hidden;
    const I = this.itemDim;
    const A = this.numActions;
    let made: Omit<InferenceWeights, 'key' | 'slots'> | undefined;
    tf.tidy(() => {
      const keep = <T extends tf.Tensor>(t: T): T => tf.keep(t);
      const twice = <T extends tf.Tensor>(t: T): T => tf.mul(t, 2) as T;
      // Rows [item; global; rest] → rows of [features row; rest]: zero rows at the S·K slot columns.
      const withSlotRows = (wt: tf.Tensor2D): tf.Tensor2D => {
        const [rows, cols] = wt.shape;
        return tf.concat(
          [tf.slice(wt, [0, 0], [I, cols]), tf.zeros([S * K, cols]), tf.slice(wt, [I, 0], [rows - I, cols])],
          0,
        ) as tf.Tensor2D;
      };
      const [a0, a1] = this.actor.layers as [Dense, Dense];
      const [c0, c1, c2] = this.critic.layers as [Dense, Dense, Dense];
      // Output column of every flat action (−1: none, a slot action of the unfactored actor).
      const ops = this.factored ? [0, 1, 2, 3, 4, 5, 6] : [0, 1, 2, -1, -1, 3, 4];
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
        encCtx: keep(twice(withSlotRows(this.encCtx as tf.Tensor2D))),
        encBias: keep(twice(this.encBias as tf.Tensor1D)),
        encSlot: keep(twice(this.encSlot as tf.Tensor2D)),
        enc2: keep(twice(this.enc2.kernel as tf.Tensor2D)),
        enc2Bias: keep(twice(this.enc2.bias as tf.Tensor1D)),
        enc2Set: this.enc2Set ? keep(twice(this.enc2Set as tf.Tensor2D)) : null,
        heads1: keep(twice(withSlotRows(tf.concat([a0.kernel, c0.kernel], 1) as tf.Tensor2D))),
        heads1Bias: keep(twice(tf.concat([a0.bias, c0.bias]) as tf.Tensor1D)),
        heads2: keep(heads2),
        heads2Bias: keep(tf.concat([actorOutBias, twice(c1.bias as tf.Tensor1D)]) as tf.Tensor1D),
        valueOut: keep(tf.concat([tf.zeros([A, 1]), c2.kernel], 0) as tf.Tensor2D),
        slotLayout: keep(tf.tensor2d(slotLayout, [2 * S, A])),
        relative: this.relative ? relativeWeights(K, keep) : null,
      };
    });
    if (made === undefined) throw new Error('unreachable: inference weights not built');
    const built: InferenceWeights = { key: vars.map((v) => v.dataId), slots: S, ...made };
    this.inference = built;
    return built;
  }

  /** The variables {@link forwardInference} reads (not a subclass's). */
  private ownVariables(): tf.Variable[] {
    return [
      this.encCtx,
      this.encSlot,
      this.encBias,
      this.enc2.kernel,
      this.enc2.bias,
      ...(this.enc2Set ? [this.enc2Set] : []),
      ...this.actor.layers.flatMap((l) => [l.kernel, l.bias]),
      ...this.critic.layers.flatMap((l) => [l.kernel, l.bias]),
    ];
  }

  override dispose(): void {
    if (this.inference) disposeInferenceWeights(this.inference);
    this.inference = null;
    super.dispose();
  }

  /**
   * The operation group of every action of the flat layout, as an index into
   * {@link SLOT_ACTION_GROUPS} (STORE_i all map to STORE, FORGET_i to FORGET): for greedy acting by
   * operation first, then slot.
   */
  actionGroups(): Int32Array {
    return actionOpIndices(this.slotCount);
  }

  /**
   * [N, S, K] slot features → [N, S, K + 2(K − 2)]: each statistic's difference to its max and to its min
   * over the occupied slots (0 for free or inactive slots, and when no slot is occupied); `occ` [N, S, 1]
   * is 1 on occupied active slots.
   */
  private withRelative(slots3: tf.Tensor, occ: tf.Tensor): tf.Tensor {
    const [N, S, K] = slots3.shape as [number, number, number];
    const stats = tf.slice(slots3, [0, 0, FIRST_STAT], [N, S, K - FIRST_STAT]);
    const big = tf.mul(tf.sub(1, occ), 1e6); // pushes free slots out of the max/min
    const max = tf.max(tf.sub(stats, big), 1, true); // [N, 1, K−2]
    const min = tf.min(tf.add(stats, big), 1, true);
    // Clamp so an all-free row (max = −1e6, min = 1e6) gives finite values before the occupancy mask.
    const toMax = tf.mul(tf.clipByValue(tf.sub(stats, max), -10, 10), occ);
    const toMin = tf.mul(tf.clipByValue(tf.sub(stats, min), -10, 10), occ);
    return tf.concat([slots3, toMax, toMin], 2);
  }

  namedWeights(): NamedWeight[] {
    return [
      { name: 'slotEncoder.ctx.kernel', variable: this.encCtx },
      { name: 'slotEncoder.slot.kernel', variable: this.encSlot },
      { name: 'slotEncoder.bias', variable: this.encBias },
      ...this.enc2.weights('slotEncoder.1'),
      ...(this.enc2Set ? [{ name: 'slotEncoder.1.set.kernel', variable: this.enc2Set }] : []),
      ...this.slotHead.weights('slotHead'),
      ...this.actor.weights('actor'),
      ...this.critic.weights('critic'),
    ];
  }
}

/** Derived weights of {@link SlotPolicy.forwardInference}; see there. */
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

/** Constants of {@link SlotPolicy.relativeInference} (over the D = K + 2(K − 2) columns of a slot's input). */
interface RelativeWeights {
  /** [K, D] 0/±1: slot row → [0; stats; −stats]. */
  spread: tf.Tensor2D;
  /** [K, D] 0/1: slot row → [slot; 0]. */
  copy: tf.Tensor2D;
  /** [D]: 0 on the slot columns, 1 on the max and −1 on the min differences. */
  mask: tf.Tensor1D;
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
  return { spread: keep(tf.tensor2d(spread, [K, D])), copy: keep(tf.tensor2d(copy, [K, D])), mask: keep(tf.tensor1d(mask)) };
}

function disposeInferenceWeights(w: InferenceWeights): void {
  const { key: _key, slots: _slots, relative, ...tensors } = w;
  for (const t of Object.values(tensors)) t?.dispose();
  if (relative) for (const t of Object.values(relative)) t.dispose();
}

/** tanh(x) from 2x: 2·sigmoid(2x) − 1, the remaining kernels of activations.ts's tanh. */
function tanhOfDoubled<T extends tf.Tensor>(x2: T): T {
  return tf.sub(tf.mul(tf.sigmoid(x2), 2), 1) as T;
}
