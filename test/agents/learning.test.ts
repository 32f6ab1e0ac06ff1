/**
 * SB3-style learning tests, one table for the three policy-gradient learners: each must solve tiny envs
 * with a known optimum (a bandit, an identity task, a delayed-reward chain) within a small budget. The
 * settings are each algorithm's own (PPO learns with fewer steps; REINFORCE needs whole-episode rollouts
 * on the chain); algorithm-specific tests stay in the algorithm's file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { A2cAgent } from '../../agents/a2c.js';
import { PpoAgent } from '../../agents/ppo.js';
import { ReinforceAgent } from '../../agents/reinforce.js';
import { trainThenEvaluate } from '../helpers/learners.js';
import { banditEnv, chainEnv, identityEnv, type TinyVecEnv } from '../helpers/rl-envs.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

type Learner = PpoAgent | A2cAgent | ReinforceAgent;
type Hyper = Record<string, number>;

interface Task {
  task: string;
  env: () => TinyVecEnv<Float32Array>;
  hyperparameters: Hyper;
  steps: number;
  /** The score to beat: 90% of the optimum. */
  threshold: number;
  /** Expect one epoch per update (A2C, REINFORCE). */
  oneEpoch?: boolean;
}

const bandit = (): TinyVecEnv<Float32Array> => banditEnv(undefined, { numEnvs: 8 });
const identity = (): TinyVecEnv<Float32Array> => identityEnv(4, 8, { numEnvs: 8 });
const chain = (): TinyVecEnv<Float32Array> => chainEnv(6, { numEnvs: 8 });

const ppoFast = { numSteps: 16, learningRate: 0.01, numMinibatches: 2 };
const fast = { numSteps: 16, learningRate: 0.01 };

const LEARNERS: { name: string; make: (h: Hyper) => Learner; tasks: Task[] }[] = [
  {
    name: 'PPO',
    make: (h) => new PpoAgent({ hyperparameters: h, network: { hidden: [32] } }),
    tasks: [
      { task: 'the bandit (optimum 1)', env: bandit, hyperparameters: ppoFast, steps: 1024, threshold: 0.9 },
      {
        task: 'the identity task (optimum 8)',
        env: identity,
        hyperparameters: { ...ppoFast, gamma: 0.9 },
        steps: 2048,
        threshold: 0.9 * 8,
      },
      {
        task: 'the delayed-reward chain (optimum 1, random 0.5)',
        env: chain,
        hyperparameters: { ...ppoFast, numSteps: 24 },
        steps: 3072,
        threshold: 0.9,
      },
    ],
  },
  {
    name: 'A2C',
    make: (h) => new A2cAgent({ hyperparameters: h, network: { hidden: [32] } }),
    tasks: [
      { task: 'the bandit (optimum 1)', env: bandit, hyperparameters: fast, steps: 2048, threshold: 0.9, oneEpoch: true },
      { task: 'the identity task (optimum 8)', env: identity, hyperparameters: { ...fast, gamma: 0.9 }, steps: 4096, threshold: 0.9 * 8 },
      {
        task: 'the delayed-reward chain (optimum 1, random 0.5)',
        env: chain,
        hyperparameters: { ...fast, numSteps: 12, gaeLambda: 0.95 },
        steps: 4096,
        threshold: 0.9,
      },
    ],
  },
  {
    name: 'REINFORCE',
    make: (h) => new ReinforceAgent({ hyperparameters: h, network: { hidden: [32] } }),
    tasks: [
      { task: 'the bandit (optimum 1)', env: bandit, hyperparameters: fast, steps: 2048, threshold: 0.9, oneEpoch: true },
      { task: 'the identity task (optimum 8)', env: identity, hyperparameters: { ...fast, gamma: 0.9 }, steps: 4096, threshold: 0.9 * 8 },
      {
        task: 'the delayed-reward chain with whole-episode rollouts (optimum 1)',
        env: chain,
        hyperparameters: { ...fast, numSteps: 24 },
        steps: 4096,
        threshold: 0.9,
      },
    ],
  },
];

describe.each(LEARNERS)('$name learns', ({ make, tasks }) => {
  it.each(tasks)('$task', async ({ env, hyperparameters, steps, threshold, oneEpoch }) => {
    const agent = make(hyperparameters);
    const { score, result } = await trainThenEvaluate(agent, env, steps);
    expect(score).toBeGreaterThan(threshold);
    if (oneEpoch) expect(result.updates.every((u) => u.epochsRun === 1)).toBe(true);
    agent.dispose();
  });
});
