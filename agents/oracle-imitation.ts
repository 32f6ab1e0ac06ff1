/**
 * What BC and DAgger share: the expert is the Belady-style oracle (`agents/fixed/oracle.ts`), which reads
 * the privileged `info.oracle` of a `privileged: true` training env. The learned policy acts on the
 * observation only; evaluation envs need no privileged look-ahead.
 */
import type { Info } from '../src/core/env.js';
import { ImitationAgent, type ImitationHyperparameters } from '../src/rl/imitation-agent.js';
import type { MemoryObservation } from '../envs/common/observation.js';
import { decideOracle, readOracleInfo } from './fixed/oracle.js';

/** The oracle's action for a training state (needs `info.oracle`: a privileged env). */
export function oracleExpert(observation: unknown, info: Info, learner: string): number {
  return decideOracle(observation as MemoryObservation, readOracleInfo(info, learner));
}

/** An imitation learner whose expert is the oracle. */
export abstract class OracleImitationAgent<H extends ImitationHyperparameters> extends ImitationAgent<H> {
  readonly trainingEnvOptions = { privileged: true } as const;

  protected expert(observation: unknown, info: Info): number {
    return oracleExpert(observation, info, this.name);
  }
}
