/**
 * The recurrent policies (the "MaskableRecurrentPPO" of SB3-contrib's wish list), generic variant: a GRU
 * over the encoded observations whose state h_t is an extra input of separate actor and critic MLPs,
 * logits = actor([x_t; h_t]), value = critic([x_t; h_t]). The memory envs' variant is
 * `RecurrentSlotPolicy` (recurrent-slot-policy.ts). Choices, shared by both:
 *
 * - **GRU, not LSTM.** One state vector instead of two (h and c), three gates instead of four: less to
 *   carry, store and replay, and about ¾ of the per-step cost; on short-memory tasks the two do alike.
 * - **State at segment starts.** The training loop (on-policy.ts with recurrent-rollout.ts) carries each
 *   env's state through its rollouts, zeroes it at episode starts, and stores the state at the start of
 *   every rollout segment plus a per-step episode-start flag.
 * - **Sequence minibatches, truncated BPTT.** The update splits the *envs* across minibatches (CleanRL's
 *   ppo_atari_lstm.py) and re-runs each env's whole segment from its stored initial state with the same
 *   resets, so the log-probs before the first gradient step equal the rollout's. Gradients flow through
 *   the T steps of a segment and not into the stored initial state: BPTT is truncated at segment
 *   boundaries (at most `numSteps` steps back).
 * - **Masking** is untouched: the loop masks the logits and samples exactly as for a feed-forward net.
 *
 * `forward` answers from the zero state (an episode's first step); acting and training use `unroll`.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.js';
import { forwardFromZeroState, Gru } from './gru.js';
import { INIT_GAIN, Mlp, assertPositiveIntegers, type NamedWeight } from './layers.js';
import {
  BasePolicyNetwork,
  type PolicyNetworkSpec,
  type PolicyOutput,
  type RecurrentInput,
  type RecurrentOutput,
  type RecurrentPolicy,
} from './network.js';

/** Default GRU width of the recurrent policies. */
export const DEFAULT_RECURRENT_HIDDEN = 32;

/** Shape of a {@link RecurrentMlpPolicy}. */
export interface RecurrentMlpPolicyConfig {
  inputSize: number;
  numActions: number;
  /** Hidden widths of the actor and critic MLPs (default [64, 64]). */
  hidden?: number[];
  /** GRU units (default {@link DEFAULT_RECURRENT_HIDDEN}). */
  recurrentHidden?: number;
}

/** GRU over the observation, actor and critic MLPs over [observation; GRU state]. */
export class RecurrentMlpPolicy extends BasePolicyNetwork implements RecurrentPolicy {
  readonly inputSize: number;
  readonly numActions: number;
  readonly hidden: number[];
  readonly stateSize: number;
  readonly gru: Gru;
  readonly actor: Mlp;
  readonly critic: Mlp;

  constructor(config: RecurrentMlpPolicyConfig, opts: { seed?: number | string } = {}) {
    super();
    assertPositiveIntegers({
      inputSize: config.inputSize,
      numActions: config.numActions,
      recurrentHidden: config.recurrentHidden ?? DEFAULT_RECURRENT_HIDDEN,
    });
    this.inputSize = config.inputSize;
    this.numActions = config.numActions;
    this.hidden = [...(config.hidden ?? [64, 64])];
    this.stateSize = config.recurrentHidden ?? DEFAULT_RECURRENT_HIDDEN;
    const rng = new Rng(opts.seed ?? 0);
    this.gru = new Gru(this.inputSize, this.stateSize, rng);
    this.actor = new Mlp(this.inputSize + this.stateSize, this.hidden, this.numActions, INIT_GAIN.policy, rng);
    this.critic = new Mlp(this.inputSize + this.stateSize, this.hidden, 1, INIT_GAIN.value, rng);
  }

  get recurrent(): RecurrentPolicy {
    return this;
  }

  get spec(): PolicyNetworkSpec {
    return {
      kind: 'recurrent-mlp',
      config: { inputSize: this.inputSize, numActions: this.numActions, hidden: [...this.hidden], recurrentHidden: this.stateSize },
    };
  }

  forward(features: tf.Tensor2D): PolicyOutput {
    return forwardFromZeroState(this, features);
  }

  unroll(input: RecurrentInput): RecurrentOutput {
    this.checkInput(input.features);
    return tf.tidy(() => {
      const { hidden, state } = this.gru.unroll(input.features, input.initialState, input.episodeStarts);
      const z = tf.concat([input.features, hidden], 1) as tf.Tensor2D;
      const logits = this.actor.apply(z);
      const values = tf.reshape(this.critic.apply(z), [-1]) as tf.Tensor1D;
      return { logits, values, state };
    });
  }

  namedWeights(): NamedWeight[] {
    return [...this.gru.weights('gru'), ...this.actor.weights('actor'), ...this.critic.weights('critic')];
  }
}
