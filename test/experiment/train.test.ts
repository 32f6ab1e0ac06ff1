/**
 * trainLearner with the imitation learners: they train on the privileged env (the oracle's labels), and a
 * PPO spec with `init: "dagger"` trains DAgger first and starts from its network, its updates reported
 * with `phase: "dagger"`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainLearner } from '../../src/experiment/train.js';
import type { UpdateStats } from '../../src/rl/training-types.js';
import { curve } from '../helpers/learners.js';
import { useWasm } from '../helpers/tf.js';

const ENV = 'memgym/Recall-Easy-v0';
const KWARGS = { reader: 'ideal', params: { length: 24 } };

beforeAll(async () => {
  await useWasm();
});

describe('trainLearner', () => {
  it('trains dagger on the privileged env', { timeout: 60_000 }, async () => {
    const trained = await trainLearner({
      spec: { type: 'dagger', hyperparameters: { iterations: 2 } },
      env: ENV,
      envKwargs: KWARGS,
      numEnvs: 2,
      totalTimesteps: 96,
      seed: 3,
    });
    expect(trained.updates.map((u) => u.beta)).toEqual([1, 0.5]);
    expect(trained.agent.hyperparameters).toMatchObject({ seed: 3 });
    trained.agent.dispose();
  });

  it('ppo with init "dagger": DAgger first (reported with its phase), then PPO from its weights', { timeout: 60_000 }, async () => {
    const seen: UpdateStats[] = [];
    const trained = await trainLearner({
      spec: { type: 'ppo', init: 'dagger', initTimesteps: 96, hyperparameters: { numSteps: 16 } },
      env: ENV,
      envKwargs: KWARGS,
      numEnvs: 2,
      totalTimesteps: 32,
      seed: 1,
      onUpdate: (u) => void seen.push(u),
    });
    expect(trained.initUpdates).toHaveLength(8); // DAgger's default 8 rounds
    expect(trained.initUpdates.every((u) => u.phase === 'dagger' && typeof u.agreement === 'number')).toBe(true);
    expect(trained.updates).toHaveLength(1);
    expect(trained.updates[0]?.phase).toBeUndefined();
    expect(seen.map((u) => u.phase ?? 'ppo')).toEqual([...Array(8).fill('dagger'), 'ppo']);
    expect(trained.agent.name).toBe('ppo');
    trained.agent.dispose();
  });

  it('initHyperparameters configure the init learner (here 3 rounds on the Parrot-style expert)', { timeout: 60_000 }, async () => {
    const trained = await trainLearner({
      spec: { type: 'ppo', init: 'dagger', initTimesteps: 96, initHyperparameters: { iterations: 3, expert: 'parrot' } },
      env: ENV,
      envKwargs: KWARGS,
      numEnvs: 2,
      totalTimesteps: 32,
      seed: 1,
    });
    expect(trained.initUpdates.map((u) => u.numUpdates)).toEqual([3, 3, 3]);
    trained.agent.dispose();
  });

  it("a stop during the init learner keeps its policy and skips the learner's own training", { timeout: 60_000 }, async () => {
    const trained = await trainLearner({
      spec: { type: 'ppo', init: 'dagger', initTimesteps: 96 },
      env: ENV,
      envKwargs: KWARGS,
      numEnvs: 2,
      totalTimesteps: 64,
      seed: 1,
      shouldStop: () => true,
    });
    expect(trained.initUpdates).toHaveLength(1); // stopped after DAgger's first round
    expect(trained).toMatchObject({ updates: [], stoppedEarly: true, globalStep: 0 });
    expect(trained.agent.network).toBeDefined();
    trained.agent.dispose();
  });

  it.each([
    ['rolloutWorkers 2', { rolloutWorkers: 2 }],
    ['rolloutWorkers 1 and rolloutOverlap', { rolloutWorkers: 1, rolloutOverlap: true }],
  ])('ppo with %s on the MAT reader: the same seed gives the same curve', { timeout: 180_000 }, async (_, workers) => {
    const run = async (): Promise<unknown[]> => {
      const trained = await trainLearner({
        spec: { type: 'ppo', ...workers, hyperparameters: { numSteps: 8, numMinibatches: 2, updateEpochs: 1 } },
        env: ENV,
        envKwargs: { params: { length: 24 } },
        numEnvs: 4,
        totalTimesteps: 2 * 8 * 4,
        seed: 2,
      });
      trained.agent.dispose();
      return curve({ updates: trained.updates, globalStep: trained.globalStep, stoppedEarly: trained.stoppedEarly });
    };
    const a = await run();
    expect(a).toHaveLength(2);
    expect(await run()).toEqual(a);
  });
});
