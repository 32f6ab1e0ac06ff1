/**
 * The default policy network of the memory envs. Its weights do not depend on the slot count S, so one
 * trained network runs at any S (adaptive N):
 *
 * - a shared slot encoder maps (item, slot features, global) of every slot to an embedding e_i
 *   (two tanh layers; the first is split as W_ctx·[item; global] + W_slot·slot, so the item/global part
 *   is computed once per observation);
 * - a shared slot head maps e_i to the logits of STORE_i and FORGET_i;
 * - the context [item; global; mean of e_i over active slots] feeds an actor MLP → logits of NOOP,
 *   RETRIEVE, STORE_AUTO, GROW, SHRINK, and a critic MLP → the value.
 *
 * Input: the `memory` encoder's layout item ‖ slots (S × slotFeatures, feature 0 = active) ‖ global.
 * Output logits follow the flat action layout 0 NOOP, 1 RETRIEVE, 2 STORE_AUTO, 3.. STORE_i,
 * 3+S.. FORGET_i, 3+2S GROW, 3+2S+1 SHRINK.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.js';
import { Dense, INIT_GAIN, Mlp, orthogonalMatrix, type NamedWeight } from './layers.js';
import { BasePolicyNetwork, type PolicyNetworkSpec, type PolicyOutput } from './network.js';
import { SLOT_FEATURES } from './encoders.js';

/** Shape of a {@link SlotPolicy}; only `maxSlots` may differ between networks sharing weights. */
export interface SlotPolicyConfig {
  itemDim: number;
  globalDim: number;
  maxSlots: number;
  /** Per-slot features (default 7). */
  slotFeatures?: number;
  /** Width of the slot embeddings and hidden layers (default 64). */
  hidden?: number;
}

/** Number of actions of the flat memory layout for S slots. */
export function memoryActionCount(maxSlots: number): number {
  return 3 + 2 * maxSlots + 2;
}

/** Slot-scoring actor-critic; see the module comment. */
export class SlotPolicy extends BasePolicyNetwork {
  readonly itemDim: number;
  readonly globalDim: number;
  readonly slotFeatures: number;
  readonly hidden: number;
  private slotCount: number;
  private readonly encCtx: tf.Variable;
  private readonly encSlot: tf.Variable;
  private readonly encBias: tf.Variable;
  private readonly enc2: Dense;
  private readonly slotHead: Dense;
  private readonly actor: Mlp;
  private readonly critic: Mlp;

  constructor(config: SlotPolicyConfig, opts: { seed?: number | string } = {}) {
    super();
    this.itemDim = config.itemDim;
    this.globalDim = config.globalDim;
    this.slotCount = config.maxSlots;
    this.slotFeatures = config.slotFeatures ?? SLOT_FEATURES;
    this.hidden = config.hidden ?? 64;
    for (const [name, v, min] of [
      ['itemDim', this.itemDim, 0],
      ['globalDim', this.globalDim, 0],
      ['maxSlots', this.slotCount, 1],
      ['slotFeatures', this.slotFeatures, 1],
      ['hidden', this.hidden, 1],
    ] as const) {
      if (!Number.isInteger(v) || v < min) throw new RangeError(`expected ${name} to be an integer ≥ ${min}, got ${v}`);
    }
    const rng = new Rng(opts.seed ?? 0);
    const H = this.hidden;
    const ctxDim = this.itemDim + this.globalDim;
    // One orthogonal matrix over the full first-layer input [item; global; slot], split by rows.
    const w1 = orthogonalMatrix(ctxDim + this.slotFeatures, H, INIT_GAIN.hidden, rng);
    this.encCtx = tf.variable(tf.tensor2d(w1.subarray(0, ctxDim * H), [ctxDim, H]));
    this.encSlot = tf.variable(tf.tensor2d(w1.subarray(ctxDim * H), [this.slotFeatures, H]));
    this.encBias = tf.variable(tf.zeros([H]));
    this.enc2 = new Dense(H, H, INIT_GAIN.hidden, rng);
    this.slotHead = new Dense(H, 2, INIT_GAIN.policy, rng);
    this.actor = new Mlp(ctxDim + H, [H], 5, INIT_GAIN.policy, rng);
    this.critic = new Mlp(ctxDim + H, [H, H], 1, INIT_GAIN.value, rng);
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
      },
    };
  }

  forward(features: tf.Tensor2D): PolicyOutput {
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
      // Slot encoder, layer 1: tanh(W_slot·slot + W_ctx·[item; global] + b), broadcast over slots.
      const perObs = tf.reshape(tf.add(tf.matMul(ctxIn, this.encCtx), this.encBias), [N, 1, H]);
      const perSlot = tf.reshape(tf.matMul(slots, this.encSlot), [N, S, H]);
      const h1 = tf.reshape(tf.tanh(tf.add(perSlot, perObs)), [N * S, H]) as tf.Tensor2D;
      const emb = tf.tanh(this.enc2.apply(h1)); // [N·S, H]
      const slotOut = tf.reshape(this.slotHead.apply(emb), [N, S, 2]);
      const store = tf.reshape(tf.slice(slotOut, [0, 0, 0], [N, S, 1]), [N, S]);
      const forget = tf.reshape(tf.slice(slotOut, [0, 0, 1], [N, S, 1]), [N, S]);
      // Mean of the embeddings over active slots (feature 0).
      const active = tf.slice(tf.reshape(slots, [N, S, K]), [0, 0, 0], [N, S, 1]);
      const pooledSum = tf.sum(tf.mul(tf.reshape(emb, [N, S, H]), active), 1);
      const count = tf.maximum(tf.sum(active, 1), 1);
      const pooled = tf.div(pooledSum, count);
      const ctx = tf.concat([ctxIn, pooled], 1) as tf.Tensor2D;
      const free = this.actor.apply(ctx); // [N, 5]
      const logits = tf.concat(
        [tf.slice(free, [0, 0], [N, 3]), store, forget, tf.slice(free, [0, 3], [N, 2])],
        1,
      ) as tf.Tensor2D;
      const values = tf.reshape(this.critic.apply(ctx), [-1]) as tf.Tensor1D;
      return { logits, values };
    });
  }

  namedWeights(): NamedWeight[] {
    return [
      { name: 'slotEncoder.ctx.kernel', variable: this.encCtx },
      { name: 'slotEncoder.slot.kernel', variable: this.encSlot },
      { name: 'slotEncoder.bias', variable: this.encBias },
      ...this.enc2.weights('slotEncoder.1'),
      ...this.slotHead.weights('slotHead'),
      ...this.actor.weights('actor'),
      ...this.critic.weights('critic'),
    ];
  }
}
