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
import { constant } from '../../model/constants.js';
import { tanh } from '../../model/activations.js';
import { mm, recording } from '../../model/linalg.js';
import { Rng } from '../../util/rng.js';
import { Dense, INIT_GAIN, Mlp, orthogonalMatrix, type NamedWeight } from './layers.js';
import { BasePolicyNetwork, type PolicyNetworkSpec, type PolicyOutput } from './network.js';
import { SlotPolicyInference, type SlotPolicyParts } from './slot-policy-inference.js';
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
  /** The acting forward and its derived weights, rebuilt when a variable is reassigned or S changes. */
  private readonly inference = new SlotPolicyInference();

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
      const occupied = tf.mul(active, tf.minimum(tf.slice(slots3, [0, 0, 1], [N, S, 1]), constant(1))); // [N, S, 1] in {0, 1}
      const count = tf.maximum(tf.sum(active, 1), constant(1)); // [N, 1]
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
        const storeLogp = tf.logSoftmax(tf.add(store, tf.mul(tf.sub(act2, constant(1)), constant(1e9))));
        const forgetLogp = tf.logSoftmax(tf.add(forget, tf.mul(tf.sub(occ2, constant(1)), constant(1e9))));
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
   * fewer kernels (slot-policy-inference.ts says how).
   */
  forwardInference(features: tf.Tensor2D, context: tf.Tensor2D | null = null): PolicyOutput {
    this.checkInput(features);
    return this.inference.forward(this.parts(), features, context);
  }

  /** The shape and layers the inference forward reads. */
  private parts(): SlotPolicyParts {
    return {
      maxSlots: this.maxSlots,
      slotFeatures: this.slotFeatures,
      hidden: this.hidden,
      itemDim: this.itemDim,
      numActions: this.numActions,
      factored: this.factored,
      relative: this.relative,
      encCtx: this.encCtx,
      encSlot: this.encSlot,
      encBias: this.encBias,
      enc2: this.enc2,
      enc2Set: this.enc2Set,
      slotHead: this.slotHead,
      actor: this.actor,
      critic: this.critic,
    };
  }

  override dispose(): void {
    this.inference.dispose();
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
    const big = tf.mul(tf.sub(constant(1), occ), constant(1e6)); // pushes free slots out of the max/min
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
