/**
 * PPO with the clipped surrogate objective (Schulman et al. 2017), as in CleanRL's ppo.py: GAE,
 * per-minibatch advantage normalisation, optionally clipped value loss, entropy bonus, several epochs of
 * minibatch updates, optional target-KL early stop. Training runs through the shared on-policy loop.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from '../src/model/constants.js';
import type { LossBatch, LossTerms } from '../src/rl/on-policy.js';
import { PolicyGradientAgent, type AgentHyperparameters, type PolicyGradientAgentOptions } from '../src/rl/policy-agent.js';

/** PPO hyperparameters (CleanRL names). */
export interface PpoHyperparameters extends AgentHyperparameters {
  gaeLambda: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Surrogate clipping ε (also the value clipping range when `clipVloss`). */
  clipCoef: number;
  clipVloss: boolean;
  /** Stop an update's epochs once the approx KL exceeds this; null = never. */
  targetKl: number | null;
}

/**
 * CleanRL's defaults, except a larger learning rate and shorter rollouts, tuned on the recall presets
 * with the slot policy (with 32 envs: 1024 steps per update; sparse query rewards need many updates),
 * and `normReward: true` (rewards divided by the running std of discounted returns, as SB3's
 * VecNormalize): returns here are 10–40 per episode, and with raw rewards the value term's gradient
 * scales with them inside a shared network's one clipped gradient. The measured gain is small (README,
 * "Reward normalisation": explained variance 0.07 → 0.17 on Recall-Medium, accuracy within the CIs).
 */
export const PPO_DEFAULTS: Readonly<PpoHyperparameters> = {
  learningRate: 2e-3,
  numSteps: 32,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  normAdv: true,
  normReward: true,
  freezeActorUpdates: 0,
  clipCoef: 0.2,
  clipVloss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
  annealLr: true,
  seed: 1,
};

/**
 * L = −E[min(r·Â, clip(r, 1−ε, 1+ε)·Â)] + vfCoef·½E[max((V−R)², (V_old + clip(V−V_old, −ε, ε) − R)²)]
 *     − entCoef·E[H], with r = π(a|s)/π_old(a|s).
 */
export function ppoLoss(batch: LossBatch, hp: PpoHyperparameters): LossTerms {
  const ratio = tf.exp(tf.sub(batch.logProbs, batch.oldLogProbs));
  const negAdv = tf.neg(batch.advantages);
  const pg1 = tf.mul(negAdv, ratio);
  const pg2 = tf.mul(negAdv, tf.clipByValue(ratio, 1 - hp.clipCoef, 1 + hp.clipCoef));
  const policyLoss = tf.mean(tf.maximum(pg1, pg2)) as tf.Scalar;
  const unclipped = tf.square(tf.sub(batch.values, batch.returns));
  let valueLoss: tf.Scalar;
  if (hp.clipVloss) {
    const vClipped = tf.add(batch.oldValues, tf.clipByValue(tf.sub(batch.values, batch.oldValues), -hp.clipCoef, hp.clipCoef));
    const clipped = tf.square(tf.sub(vClipped, batch.returns));
    valueLoss = tf.mul(constant(0.5), tf.mean(tf.maximum(unclipped, clipped)));
  } else {
    valueLoss = tf.mul(constant(0.5), tf.mean(unclipped));
  }
  const entropy = tf.mean(batch.entropy) as tf.Scalar;
  const loss = tf.add(tf.sub(policyLoss, tf.mul(constant(hp.entCoef), entropy)), tf.mul(constant(hp.vfCoef), valueLoss)) as tf.Scalar;
  const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, constant(1))), constant(hp.clipCoef)), 'float32')) as tf.Scalar;
  return { loss, policyLoss, valueLoss, entropy, clipFraction };
}

/** Proximal Policy Optimization agent. */
export class PpoAgent extends PolicyGradientAgent<PpoHyperparameters> {
  readonly name = 'ppo';

  constructor(opts: PolicyGradientAgentOptions<PpoHyperparameters> = {}) {
    super(PPO_DEFAULTS, opts);
  }

  protected loss(batch: LossBatch): LossTerms {
    return ppoLoss(batch, this.hyperparameters);
  }

  /** PPO takes `rolloutOverlap`: its ratio is against the behaviour log-probs (see src/rl/rollout-overlap.ts). */
  protected override policyLagRefusal(): undefined {
    return undefined;
  }
}

export default PpoAgent;
