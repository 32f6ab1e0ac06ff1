/**
 * DAgger (Ross, Gordon & Bagnell 2011) on the oracle, as in learned cache eviction (Parrot, Liu et al.
 * 2020): in round r, roll out a mix that executes the oracle's action with probability
 * β_r = betaStart · betaDecay^r and the current policy's greedy action otherwise; label every visited
 * state with the oracle's action (from the privileged `info.oracle` of the training env), add it to the
 * aggregated dataset and retrain on all of it (masked cross-entropy). Unlike behaviour cloning, the
 * policy learns what the oracle would do in the states its own mistakes lead to. The learned policy acts
 * on the observation only. With `expert: "parrot"` the labels are the Parrot-style relabelling of the
 * oracle (`agents/parrot-expert.ts`), which an observation-only policy can imitate far better.
 */
import type { PolicyAgentOptions } from '../src/rl/network-agent.js';
import { OracleImitationAgent, type OracleImitationHyperparameters } from './oracle-imitation.js';

/** DAgger hyperparameters. */
export interface DaggerHyperparameters extends OracleImitationHyperparameters {
  /** β of the first round (1: the first round is behaviour cloning). */
  betaStart: number;
  /** Factor of β per round: β_r = betaStart · betaDecay^r. */
  betaDecay: number;
}

/** Defaults: 8 rounds, β = 1, ½, ¼, …; 2 passes over the aggregated data after each round. */
export const DAGGER_DEFAULTS: Readonly<DaggerHyperparameters> = {
  learningRate: 2e-3,
  iterations: 8,
  epochs: 2,
  batchSize: 256,
  maxGradNorm: 1,
  maxDatasetSize: 200_000,
  betaStart: 1,
  betaDecay: 0.5,
  expert: 'oracle',
  seed: 1,
};

/** DAgger on the oracle. */
export class DaggerAgent extends OracleImitationAgent<DaggerHyperparameters> {
  readonly name = 'dagger';

  constructor(opts: PolicyAgentOptions<DaggerHyperparameters> = {}) {
    super(DAGGER_DEFAULTS, opts);
  }

  protected beta(round: number): number {
    return this.hyperparameters.betaStart * this.hyperparameters.betaDecay ** round;
  }
}

export default DaggerAgent;
