/**
 * The common body of the policy-gradient agents (REINFORCE, A2C, PPO): a {@link NetworkAgent} (network,
 * acting, checkpoints) trained through the shared on-policy loop. A concrete agent supplies its name, its
 * defaults and its loss.
 */
import type { VectorEnv } from '../core/vector.js';
import type { LearnOptions } from './agent.js';
import { NetworkAgent, type PolicyAgentOptions } from './network-agent.js';
import type { LossBatch, LossTerms, OnPolicyHyperparameters, TrainingResult } from './on-policy.js';
import { trainOnPolicy } from './on-policy.js';
import type { AgentHyperparameters } from './hyperparameters.js';
import { ConfigError, describeValue } from '../util/errors.js';

export { resolveHyperparameters, type AgentHyperparameters } from './hyperparameters.js';
export {
  AGENT_MANIFEST,
  NetworkAgent,
  discreteActionCount,
  type NetworkHyperparameters,
  type PolicyAgentOptions,
} from './network-agent.js';
export type { RolloutEnvRecipe, RolloutEnvFactory } from './rollout-messages.js';

/** Constructor options of REINFORCE, A2C and PPO. */
export interface PolicyGradientAgentOptions<H> extends PolicyAgentOptions<H> {
  /**
   * Rollout worker processes (default 1: rollouts in the learner's process, as always). With W > 1 the
   * envs are split into W contiguous shares, each stepped by a worker process with its own envs, MAT and
   * policy copy; `learn` then needs `rolloutEnv`. Same seed and same W ⇒ same training curve; W > 1
   * samples each env's actions from its own rng stream, so its curve differs from W = 1 (see
   * src/rl/parallel-rollout.ts). The update overlaps the next rollout only with `rolloutOverlap`.
   */
  rolloutWorkers?: number;
  /**
   * Collect the rollout for update k + 1 in the worker processes (`rolloutWorkers` of them, 1 allowed)
   * while the learner runs update k, with the weights after update k − 1: one update of policy lag
   * (default false; `learn` then needs `rolloutEnv`). PPO only: its clipped ratio is taken against the
   * behaviour log-probs stored with the transitions, which corrects for the lag; REINFORCE and A2C have
   * no ratio (a ConfigError). Same seed and same W ⇒ same curve; see src/rl/rollout-overlap.ts.
   */
  rolloutOverlap?: boolean;
}

/** Base class of REINFORCE, A2C and PPO. */
export abstract class PolicyGradientAgent<H extends AgentHyperparameters> extends NetworkAgent<H> {
  /** Rollout worker processes (see {@link PolicyGradientAgentOptions.rolloutWorkers}). */
  readonly rolloutWorkers: number;
  /** Whether rollouts overlap the update (see {@link PolicyGradientAgentOptions.rolloutOverlap}). */
  readonly rolloutOverlap: boolean;

  protected constructor(defaults: H, opts: PolicyGradientAgentOptions<H> = {}) {
    super(defaults, opts);
    const w = opts.rolloutWorkers ?? 1;
    if (!Number.isInteger(w) || w < 1) throw new ConfigError('rolloutWorkers', `expected a positive integer, got ${describeValue(w)}`);
    this.rolloutWorkers = w;
    const overlap = opts.rolloutOverlap ?? false;
    if (typeof overlap !== 'boolean') throw new ConfigError('rolloutOverlap', `expected true or false, got ${describeValue(overlap)}`);
    const refusal = overlap ? this.policyLagRefusal() : undefined;
    if (refusal !== undefined) throw new ConfigError('rolloutOverlap', refusal);
    this.rolloutOverlap = overlap;
  }

  /** The agent's loss over one minibatch. */
  protected abstract loss(batch: LossBatch): LossTerms;

  /**
   * Why the loss cannot train on rollouts one update behind the policy (`rolloutOverlap`), or undefined
   * when it can. Called from the constructor (no subclass fields yet). By default it cannot: a plain
   * policy gradient has no importance ratio; PPO overrides this.
   */
  protected policyLagRefusal(): string | undefined {
    return (
      'expected it only on ppo (its clipped ratio against the behaviour log-probs corrects for one update of policy lag), ' +
      'got a loss without an importance ratio (REINFORCE, A2C: lagged rollouts would bias its gradient)'
    );
  }

  /**
   * The loop's settings: the agent's own values where it has them; otherwise gaeLambda 1, one epoch of
   * one minibatch, no target KL.
   */
  protected loopHyperparameters(): OnPolicyHyperparameters {
    const h = this.hyperparameters as H & Partial<OnPolicyHyperparameters>;
    return {
      learningRate: h.learningRate,
      numSteps: h.numSteps,
      gamma: h.gamma,
      gaeLambda: h.gaeLambda ?? 1,
      numMinibatches: h.numMinibatches ?? 1,
      updateEpochs: h.updateEpochs ?? 1,
      normAdv: h.normAdv,
      normReward: h.normReward,
      freezeActorUpdates: h.freezeActorUpdates,
      maxGradNorm: h.maxGradNorm,
      targetKl: h.targetKl ?? null,
      annealLr: h.annealLr,
      seed: h.seed,
    };
  }

  /** Trains through the shared on-policy loop; the env is reset with the agent's seed. */
  async learn(env: VectorEnv<unknown, number>, options: LearnOptions): Promise<TrainingResult> {
    const hp = this.loopHyperparameters();
    const { initial, network, encoder, optimizer } = this.prepareLearn(env);
    return trainOnPolicy({
      env,
      network,
      encoder,
      loss: (batch) => this.loss(batch),
      hyperparameters: hp,
      totalTimesteps: options.totalTimesteps,
      optimizer,
      initial,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      rolloutWorkers: this.rolloutWorkers,
      rolloutOverlap: this.rolloutOverlap,
      ...(options.rolloutEnv ? { rolloutEnv: options.rolloutEnv } : {}),
    });
  }
}
