/**
 * Behaviour cloning of the oracle: roll out the Belady-style oracle (`agents/fixed/oracle.ts`, which
 * reads the privileged `info.oracle` of a `privileged: true` training env), record every state with the
 * oracle's action, and fit the policy network (the default slot policy) to those actions by the masked
 * cross-entropy. The learned policy acts on the observation only — it never sees the future.
 * Training runs through the shared imitation loop with β ≡ 1 (always the oracle's state distribution).
 */
import type { PolicyAgentOptions } from '../src/rl/network-agent.js';
import { OracleImitationAgent, type OracleImitationHyperparameters } from './oracle-imitation.js';

export { oracleExpert } from './oracle-imitation.js';

/** Behaviour-cloning hyperparameters. */
export type BcHyperparameters = OracleImitationHyperparameters;

/** Defaults: the budget in 4 rounds of oracle rollouts, 4 passes over the data after each. */
export const BC_DEFAULTS: Readonly<BcHyperparameters> = {
  learningRate: 2e-3,
  iterations: 4,
  epochs: 4,
  batchSize: 256,
  maxGradNorm: 1,
  maxDatasetSize: 200_000,
  expert: 'oracle',
  seed: 1,
};

/** Behaviour cloning of the oracle. */
export class BcAgent extends OracleImitationAgent<BcHyperparameters> {
  readonly name = 'bc';

  constructor(opts: PolicyAgentOptions<BcHyperparameters> = {}) {
    super(BC_DEFAULTS, opts);
  }

  protected beta(): number {
    return 1;
  }
}

export default BcAgent;
