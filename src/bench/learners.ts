/**
 * Training throughput of the learners beyond feed-forward PPO: DAgger (its rounds of policy/oracle
 * rollouts on the privileged env plus the supervised passes over the aggregated data) and recurrent PPO
 * (the GRU slot policy: state carried through rollouts, sequence minibatches replayed from stored
 * segment-start states). Env steps per wall-clock second of `learn`, reader in the loop.
 *
 * DAgger's budget is split over its rounds, so it cannot stop on a clock: it trains `timesteps` env
 * steps (warm-up included) and reports their rate. Recurrent PPO runs through {@link benchPpo}.
 */
import { DaggerAgent } from '../../agents/dagger.js';
import type { MemoryTask } from '../../envs/common/memory-task.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';

/** Options of {@link benchDagger}. */
export interface DaggerBenchOptions<P = unknown> {
  /** A privileged task (its infos carry `oracle`). */
  task: MemoryTask<P>;
  numEnvs: number;
  /** Env steps to train (split over the rounds). */
  timesteps: number;
  /** DAgger rounds (default 4). */
  iterations?: number;
  seed?: number;
}

/** What {@link benchDagger} measured. */
export interface DaggerBenchResult {
  numEnvs: number;
  iterations: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

/** Times DAgger training; see the module doc. */
export async function benchDagger<P>(opts: DaggerBenchOptions<P>): Promise<DaggerBenchResult> {
  const iterations = opts.iterations ?? 4;
  const env = new MemoryVectorEnv(opts.task, opts.numEnvs, 'next-step');
  const agent = new DaggerAgent({ hyperparameters: { iterations, seed: opts.seed ?? 0 } });
  const start = performance.now();
  try {
    const trained = await agent.learn(env, { totalTimesteps: opts.timesteps });
    const seconds = (performance.now() - start) / 1000;
    return {
      numEnvs: opts.numEnvs,
      iterations,
      steps: trained.globalStep,
      seconds,
      stepsPerSecond: seconds > 0 ? trained.globalStep / seconds : 0,
    };
  } finally {
    agent.dispose();
    env.close();
  }
}
