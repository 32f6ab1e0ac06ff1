/**
 * What BC and DAgger share: the expert reads the privileged `info.oracle` of a `privileged: true`
 * training env — the Belady-style oracle itself (`agents/fixed/oracle.ts`, hyperparameter
 * `expert: "oracle"`, the default) or its Parrot-style relabelling (`agents/parrot-expert.ts`,
 * `expert: "parrot"`: admit-all, ties broken by observable features) — or, with `expert: "key-count"`,
 * the key-count fixed policy (`agents/fixed/key-count.ts`), which reads only the observation: an expert
 * the policy can match exactly, the start for PPO to improve a good fixed rule (`initHyperparameters`).
 * The learned policy acts on the observation only; evaluation envs need no privileged look-ahead.
 */
import type { Info } from '../src/core/env.js';
import { ImitationAgent, type ImitationHyperparameters } from '../src/rl/imitation-agent.js';
import type { PolicyAgentOptions } from '../src/rl/network-agent.js';
import { ConfigError, describeValue } from '../src/util/errors.js';
import type { MemoryObservation } from '../envs/common/observation.js';
import { decideKeyCount } from './fixed/key-count.js';
import { decideOracle, readOracleInfo } from './fixed/oracle.js';
import { decideParrot } from './parrot-expert.js';

/** The experts an oracle imitation learner can imitate. */
export const ORACLE_EXPERTS = ['oracle', 'parrot', 'key-count'] as const;
export type OracleExpertName = (typeof ORACLE_EXPERTS)[number];

/** Hyperparameters of an oracle imitation learner. */
export interface OracleImitationHyperparameters extends ImitationHyperparameters {
  /** Whose labels: the oracle's own actions, or their Parrot-style relabelling (see the module comment). */
  expert: OracleExpertName;
}

/** The expert's action for a training state (needs `info.oracle`: a privileged env). */
export function oracleExpert(observation: unknown, info: Info, learner: string, expert: OracleExpertName = 'oracle'): number {
  const obs = observation as MemoryObservation;
  if (expert === 'key-count') return decideKeyCount(obs);
  const look = readOracleInfo(info, learner);
  return expert === 'parrot' ? decideParrot(obs, look) : decideOracle(obs, look);
}

/** An imitation learner whose expert reads the oracle's look-ahead. */
export abstract class OracleImitationAgent<H extends OracleImitationHyperparameters> extends ImitationAgent<H> {
  readonly trainingEnvOptions = { privileged: true } as const;

  protected constructor(defaults: H, opts: PolicyAgentOptions<H> = {}) {
    super(defaults, opts);
    const { expert } = this.hyperparameters;
    if (!(ORACLE_EXPERTS as readonly string[]).includes(expert)) {
      const allowed = ORACLE_EXPERTS.map((e) => JSON.stringify(e)).join(', ');
      throw new ConfigError('hyperparameters.expert', `expected one of ${allowed}, got ${describeValue(expert)}`);
    }
  }

  protected expert(observation: unknown, info: Info): number {
    return oracleExpert(observation, info, this.name, this.hyperparameters.expert);
  }
}
