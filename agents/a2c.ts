/**
 * A2C: synchronous n-step advantage actor-critic (Mnih et al. 2016), one gradient step per rollout of
 * numSteps × numEnvs transitions; advantages from GAE (gaeLambda = 1 gives plain n-step returns).
 * Training runs through the shared on-policy loop.
 */
import type { LossBatch, LossTerms } from '../src/rl/on-policy.js';
import { reinforceLoss } from './reinforce.js';
import { PolicyGradientAgent, type AgentHyperparameters, type PolicyGradientAgentOptions } from '../src/rl/policy-agent.js';

/** A2C hyperparameters (CleanRL/SB3 names). */
export interface A2cHyperparameters extends AgentHyperparameters {
  gaeLambda: number;
}

/** SB3's A2C defaults (Adam instead of RMSprop; a small entropy bonus). */
export const A2C_DEFAULTS: Readonly<A2cHyperparameters> = {
  learningRate: 7e-4,
  numSteps: 5,
  gamma: 0.99,
  gaeLambda: 1,
  normAdv: false,
  normReward: false,
  freezeActorUpdates: 0,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  annealLr: false,
  seed: 1,
};

/**
 * L = −E[log π(a|s)·Â] + vfCoef·½E[(V − R)²] − entCoef·E[H]: the same loss as REINFORCE with a baseline.
 * A2C differs in its data, not its loss: Â and R are bootstrapped n-step (GAE) estimates from short rollouts.
 */
export function a2cLoss(batch: LossBatch, hp: A2cHyperparameters): LossTerms {
  return reinforceLoss(batch, hp);
}

/** Advantage actor-critic agent. */
export class A2cAgent extends PolicyGradientAgent<A2cHyperparameters> {
  readonly name = 'a2c';

  constructor(opts: PolicyGradientAgentOptions<A2cHyperparameters> = {}) {
    super(A2C_DEFAULTS, opts);
  }

  protected loss(batch: LossBatch): LossTerms {
    return a2cLoss(batch, this.hyperparameters);
  }
}

export default A2cAgent;
