/**
 * REINFORCE with a learned baseline (Williams 1992): Monte-Carlo discounted returns (GAE with λ = 1;
 * a rollout cut mid-episode is bootstrapped from the baseline), advantage = return − V(s), one gradient
 * step per rollout. Training runs through the shared on-policy loop.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossBatch, LossTerms } from '../src/rl/on-policy.js';
import { PolicyGradientAgent, type AgentHyperparameters, type PolicyGradientAgentOptions } from '../src/rl/policy-agent.js';

/** REINFORCE hyperparameters (CleanRL names; gaeLambda is fixed at 1, one epoch of one minibatch). */
export type ReinforceHyperparameters = AgentHyperparameters;

export const REINFORCE_DEFAULTS: Readonly<ReinforceHyperparameters> = {
  learningRate: 1e-3,
  numSteps: 256,
  gamma: 0.99,
  normAdv: true,
  normReward: false,
  freezeActorUpdates: 0,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  annealLr: false,
  seed: 1,
};

/** L = −E[log π(a|s)·(G − V(s))] + vfCoef·½E[(V(s) − G)²] − entCoef·E[H]. */
export function reinforceLoss(batch: LossBatch, hp: ReinforceHyperparameters): LossTerms {
  const policyLoss = tf.neg(tf.mean(tf.mul(batch.logProbs, batch.advantages))) as tf.Scalar;
  const valueLoss = tf.mul(0.5, tf.mean(tf.square(tf.sub(batch.values, batch.returns)))) as tf.Scalar;
  const entropy = tf.mean(batch.entropy) as tf.Scalar;
  const loss = tf.add(tf.sub(policyLoss, tf.mul(hp.entCoef, entropy)), tf.mul(hp.vfCoef, valueLoss)) as tf.Scalar;
  return { loss, policyLoss, valueLoss, entropy };
}

/** REINFORCE-with-baseline agent. */
export class ReinforceAgent extends PolicyGradientAgent<ReinforceHyperparameters> {
  readonly name = 'reinforce';

  constructor(opts: PolicyGradientAgentOptions<ReinforceHyperparameters> = {}) {
    super(REINFORCE_DEFAULTS, opts);
  }

  protected loss(batch: LossBatch): LossTerms {
    return reinforceLoss(batch, this.hyperparameters);
  }
}

export default ReinforceAgent;
