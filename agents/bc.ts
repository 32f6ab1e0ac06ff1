/**
 * Behaviour cloning of the oracle: roll out the Belady-style oracle (`agents/fixed/oracle.ts`, which
 * reads the privileged `info.oracle` of a `privileged: true` training env), record every state with the
 * oracle's action, and fit the policy network (the default slot policy) to those actions by the masked
 * cross-entropy. The learned policy acts on the observation only — it never sees the future.
 * Training runs through the shared imitation loop with β ≡ 1 (always the oracle's state distribution).
 */
import type { Info } from '../src/core/env.js';
import type { PolicyAgentOptions } from '../src/rl/network-agent.js';
import { ImitationAgent, type ImitationHyperparameters } from '../src/rl/imitation-agent.js';
import type { MemoryObservation } from '../envs/common/observation.js';
import { decideOracle, readOracleInfo } from './fixed/oracle.js';

/** Behaviour-cloning hyperparameters. */
export type BcHyperparameters = ImitationHyperparameters;

/** Defaults: the budget in 4 rounds of oracle rollouts, 4 passes over the data after each. */
export const BC_DEFAULTS: Readonly<BcHyperparameters> = {
  learningRate: 2e-3,
  iterations: 4,
  epochs: 4,
  batchSize: 256,
  maxGradNorm: 1,
  maxDatasetSize: 200_000,
  seed: 1,
};

/** The oracle's action for a training state (needs `info.oracle`: a privileged env). */
export function oracleExpert(observation: unknown, info: Info, learner: string): number {
  return decideOracle(observation as MemoryObservation, readOracleInfo(info, learner));
}

/** Behaviour cloning of the oracle. */
export class BcAgent extends ImitationAgent<BcHyperparameters> {
  readonly name = 'bc';
  readonly trainingEnvOptions = { privileged: true } as const;

  constructor(opts: PolicyAgentOptions<BcHyperparameters> = {}) {
    super(BC_DEFAULTS, opts);
  }

  protected expert(observation: unknown, info: Info): number {
    return oracleExpert(observation, info, this.name);
  }

  protected beta(): number {
    return 1;
  }
}

export default BcAgent;
