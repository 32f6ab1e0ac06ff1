/** Shared checks for the policy-gradient agents' tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorEnv } from '../../src/core/vector.js';
import { actBatch, type Agent } from '../../src/rl/agent.js';
import type { AgentHyperparameters, PolicyGradientAgent } from '../../src/rl/policy-agent.js';
import type { TrainingResult } from '../../src/rl/on-policy.js';
import { evaluate, type TinyVecEnv } from './rl-envs.js';

/** Trains `agent` on `env`, then returns its greedy mean return on `evalEnv` (default: a fresh `env`). */
export async function trainThenEvaluate<Obs>(
  agent: PolicyGradientAgent<AgentHyperparameters>,
  makeEnv: () => TinyVecEnv<Obs>,
  totalTimesteps: number,
  episodes = 64,
): Promise<{ score: number; result: TrainingResult }> {
  const result = await agent.learn(makeEnv() as unknown as VectorEnv<unknown, number>, { totalTimesteps });
  const deterministic = agent.deterministic;
  agent.deterministic = true;
  const score = evaluate(agent as unknown as Agent<Obs>, makeEnv(), episodes);
  agent.deterministic = deterministic;
  return { score, result };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'memgym-agent-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The training curve without the wall-clock fields, for determinism checks. */
export function curve(result: TrainingResult): Record<string, unknown>[] {
  return result.updates.map(({ stepsPerSecond: _sps, rolloutSeconds: _rs, updateSeconds: _us, ...rest }) => rest);
}

/** Mean episode accuracy (`info.accuracy` at termination) and the number of episodes it averages. */
export interface AccuracyResult {
  accuracy: number;
  episodes: number;
}

/**
 * Runs `agent` for exactly one episode in every sub-env of `env` (reset with `seed`, sub-env i gets
 * seed + i) and averages `info.accuracy` over the episodes. The memory envs end every episode with it.
 */
export function episodeAccuracy<Obs>(agent: Agent<Obs>, env: VectorEnv<Obs, number>, seed: number): AccuracyResult {
  let { observations, infos } = env.reset({ seed });
  const done = new Uint8Array(env.numEnvs);
  let sum = 0;
  let episodes = 0;
  while (episodes < env.numEnvs) {
    const res = env.step(Array.from(actBatch(agent, observations, infos)));
    for (let b = 0; b < env.numEnvs; b++) {
      if (done[b] === 1 || (res.terminated[b] !== 1 && res.truncated[b] !== 1)) continue;
      done[b] = 1;
      const acc = res.infos[b]?.accuracy;
      if (typeof acc !== 'number') throw new TypeError(`expected a numeric info.accuracy at the end of an episode, got ${String(acc)}`);
      sum += acc;
      episodes++;
    }
    observations = res.observations;
    infos = res.infos;
  }
  return { accuracy: sum / episodes, episodes };
}
