/**
 * The common body of the imitation learners (behaviour cloning, DAgger): a {@link NetworkAgent} (the same
 * policy networks, acting and checkpoints as the policy-gradient agents) trained by the imitation loop
 * on an expert's actions. A concrete learner supplies its name, its defaults, the expert, the β schedule
 * and the env kwargs its training env needs (e.g. the oracle's privileged look-ahead).
 */
import type { Info } from '../core/env.js';
import type { VectorEnv } from '../core/vector.js';
import { ConfigError } from '../util/errors.js';
import type { LearnOptions } from './agent.js';
import { trainImitation, type ImitationLoopHyperparameters } from './imitation.js';
import { NetworkAgent, type PolicyAgentOptions } from './network-agent.js';
import type { TrainingResult } from './training-types.js';

/** Hyperparameters every imitation learner has. */
export type ImitationHyperparameters = ImitationLoopHyperparameters;

/** Base class of BC and DAgger. */
export abstract class ImitationAgent<H extends ImitationHyperparameters> extends NetworkAgent<H> {
  /** Env kwargs the training env must have (the expert reads them); evaluation envs need none. */
  abstract readonly trainingEnvOptions: Readonly<Record<string, unknown>>;

  protected constructor(defaults: H, opts: PolicyAgentOptions<H> = {}) {
    super(defaults, opts);
    // The imitation loop trains on single states; a recurrent policy needs sequences (on-policy loop only).
    if (this.networkOptions.recurrent === true) {
      throw new ConfigError(
        'network.recurrent',
        'expected a feed-forward network for an imitation learner (bc, dagger), got recurrent: true',
      );
    }
  }

  /** The expert's action for a training state (it may read privileged `info`; the policy never does). */
  protected abstract expert(observation: unknown, info: Info): number;

  /** β of round r (0-based): the probability of executing the expert's action in that round's rollout. */
  protected abstract beta(round: number): number;

  /** Trains through the imitation loop; the env is reset with the agent's seed. */
  async learn(env: VectorEnv<unknown, number>, options: LearnOptions): Promise<TrainingResult> {
    const { initial, network, encoder, optimizer } = this.prepareLearn(env);
    return trainImitation({
      env,
      network,
      encoder,
      expert: (observation, info) => this.expert(observation, info),
      beta: (round) => this.beta(round),
      hyperparameters: this.hyperparameters,
      totalTimesteps: options.totalTimesteps,
      optimizer,
      initial,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
    });
  }
}
