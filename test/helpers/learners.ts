/** Shared checks for the policy-gradient agents' tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VectorEnv } from '../../src/core/vector.js';
import type { Agent } from '../../src/rl/agent.js';
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

/** The training curve without the wall-clock field, for determinism checks. */
export function curve(result: TrainingResult): Record<string, unknown>[] {
  return result.updates.map(({ stepsPerSecond: _sps, ...rest }) => rest);
}
