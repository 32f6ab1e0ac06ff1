/**
 * The alternative policy network: separate actor and critic MLPs (tanh) on the flattened observation,
 * as in CleanRL's PPO. Its size depends on the observation width and the action count.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.js';
import { INIT_GAIN, Mlp, assertPositiveIntegers, type NamedWeight } from './layers.js';
import { BasePolicyNetwork, type PolicyNetworkSpec, type PolicyOutput } from './network.js';

/** Shape of an {@link MlpPolicy}. */
export interface MlpPolicyConfig {
  inputSize: number;
  numActions: number;
  /** Hidden layer widths of both the actor and the critic (default [64, 64]). */
  hidden?: number[];
}

/** Actor MLP → logits, critic MLP → value, orthogonally initialised from `seed`. */
export class MlpPolicy extends BasePolicyNetwork {
  readonly inputSize: number;
  readonly numActions: number;
  readonly hidden: number[];
  readonly actor: Mlp;
  readonly critic: Mlp;

  constructor(config: MlpPolicyConfig, opts: { seed?: number | string } = {}) {
    super();
    assertPositiveIntegers({ inputSize: config.inputSize, numActions: config.numActions });
    this.inputSize = config.inputSize;
    this.numActions = config.numActions;
    this.hidden = [...(config.hidden ?? [64, 64])];
    const rng = new Rng(opts.seed ?? 0);
    this.actor = new Mlp(this.inputSize, this.hidden, this.numActions, INIT_GAIN.policy, rng);
    this.critic = new Mlp(this.inputSize, this.hidden, 1, INIT_GAIN.value, rng);
  }

  get spec(): PolicyNetworkSpec {
    return { kind: 'mlp', config: { inputSize: this.inputSize, numActions: this.numActions, hidden: [...this.hidden] } };
  }

  forward(features: tf.Tensor2D): PolicyOutput {
    this.checkInput(features);
    return tf.tidy(() => {
      const logits = this.actor.apply(features);
      const values = tf.reshape(this.critic.apply(features), [-1]) as tf.Tensor1D;
      return { logits, values };
    });
  }

  namedWeights(): NamedWeight[] {
    return [...this.actor.weights('actor'), ...this.critic.weights('critic')];
  }
}
