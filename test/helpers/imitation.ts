/** Shared setup of the imitation learners' tests: the tiny recall task (IdealReader) and its measures. */
import { makeFixedPolicy } from '../../agents/fixed/index.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import type { VectorEnv } from '../../src/core/vector.js';
import type { Agent } from '../../src/rl/agent.js';
import type { NetworkAgent, NetworkHyperparameters } from '../../src/rl/network-agent.js';
import { episodeAccuracy } from './learners.js';
import { tinyRecallTask } from './tiny-recall.js';

/** Held-out evaluation episodes (training uses seed 1 and its streams). */
export const EVAL_SEED = 10_000;
export const EVAL_EPISODES = 32;

/** The training env: privileged (the oracle's look-ahead in `info.oracle`), 8 sub-envs. */
export function privilegedTinyEnv(numEnvs = 8): VectorEnv<unknown, number> {
  return new MemoryVectorEnv(tinyRecallTask({ privileged: true }), numEnvs) as unknown as VectorEnv<unknown, number>;
}

/** Greedy accuracy on held-out episodes of the plain (not privileged) env: no look-ahead at acting time. */
export function heldOutAccuracy(agent: Agent<MemoryObservation> | NetworkAgent<NetworkHyperparameters>): number {
  const learned = agent as NetworkAgent<NetworkHyperparameters>;
  const greedy = learned.deterministic;
  if (typeof greedy === 'boolean') learned.deterministic = true;
  const env = new MemoryVectorEnv(tinyRecallTask(), EVAL_EPISODES);
  const acc = episodeAccuracy(agent as Agent<MemoryObservation>, env, EVAL_SEED).accuracy;
  if (typeof greedy === 'boolean') learned.deterministic = greedy;
  return acc;
}

/** The oracle's and never-store's accuracy on the same held-out episodes (1 and 1/4 on the default script). */
export function baselines(): { oracle: number; neverStore: number } {
  const oracle = episodeAccuracy(
    makeFixedPolicy('oracle'),
    new MemoryVectorEnv(tinyRecallTask({ privileged: true }), EVAL_EPISODES),
    EVAL_SEED,
  );
  const never = episodeAccuracy(makeFixedPolicy('never-store'), new MemoryVectorEnv(tinyRecallTask(), EVAL_EPISODES), EVAL_SEED);
  return { oracle: oracle.accuracy, neverStore: never.accuracy };
}
