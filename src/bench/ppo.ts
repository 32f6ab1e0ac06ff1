/**
 * End-to-end PPO training benchmark: env steps/s of `PpoAgent.learn` on a {@link MemoryVectorEnv} with the
 * MAT in the loop — rollouts (policy forward, masked sampling, env steps with batched MAT calls), GAE and
 * the minibatch updates, exactly as `memgym train` runs them. The first update (network construction,
 * kernel compilation) is a warm-up; the clock runs over the following updates until the budget is spent.
 */
import { PpoAgent } from '../../agents/ppo.js';
import type { MemoryTask } from '../../envs/common/memory-task.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { NetworkOptions } from '../rl/networks/factory.js';

/** Options of {@link benchPpo}. */
export interface PpoBenchOptions<P = unknown> {
  task: MemoryTask<P>;
  /** Sub-envs B. */
  numEnvs: number;
  /** Rollout length T per update (T·B env steps per update). */
  numSteps: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Timed wall-clock budget in seconds, after the warm-up update. */
  seconds: number;
  /** Timed updates at least (default 1). */
  minUpdates?: number;
  /** Seed of the agent and the episodes (default 0). */
  seed?: number;
  /** Policy network options (default: the agent's default, the slot policy). */
  network?: NetworkOptions;
}

/** What {@link benchPpo} measured. */
export interface PpoBenchResult {
  numEnvs: number;
  numSteps: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Timed updates. */
  updates: number;
  /** Env steps of the timed updates. */
  steps: number;
  seconds: number;
  /** Training throughput: env steps of the timed updates per wall-clock second. */
  stepsPerSecond: number;
  /** Wall time of the warm-up (reset, network construction, first update). */
  warmupSeconds: number;
}

/** Times PPO training; see the module doc. */
export async function benchPpo<P>(opts: PpoBenchOptions<P>): Promise<PpoBenchResult> {
  const minUpdates = opts.minUpdates ?? 1;
  const B = opts.numEnvs;
  const T = opts.numSteps;
  const env = new MemoryVectorEnv(opts.task, B, 'next-step');
  const agent = new PpoAgent({
    hyperparameters: {
      numSteps: T,
      numMinibatches: opts.numMinibatches,
      updateEpochs: opts.updateEpochs,
      annealLr: false,
      seed: opts.seed ?? 0,
    },
    ...(opts.network ? { network: opts.network } : {}),
  });
  const start = performance.now();
  let warmEnd = start;
  let warmSteps = 0;
  let lastEnd = start;
  let lastStep = 0;
  let timedUpdates = 0;
  try {
    await agent.learn(env, {
      // Far more than the budget allows: onUpdate stops the loop.
      totalTimesteps: T * B * 1_000_000,
      onUpdate: (s) => {
        const now = performance.now();
        if (s.update === 1) {
          warmEnd = now;
          warmSteps = s.globalStep;
          lastEnd = now;
          lastStep = s.globalStep;
          return true;
        }
        timedUpdates++;
        lastEnd = now;
        lastStep = s.globalStep;
        return !(timedUpdates >= minUpdates && (now - warmEnd) / 1000 >= opts.seconds);
      },
    });
  } finally {
    agent.dispose();
    env.close();
  }
  const seconds = (lastEnd - warmEnd) / 1000;
  const steps = lastStep - warmSteps;
  return {
    numEnvs: B,
    numSteps: T,
    numMinibatches: opts.numMinibatches,
    updateEpochs: opts.updateEpochs,
    updates: timedUpdates,
    steps,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : 0,
    warmupSeconds: (warmEnd - start) / 1000,
  };
}
