/**
 * DAgger on the key-count expert (`expert: "key-count"`): the expert reads only the observation, so the
 * policy can match it exactly — SB3-style learning test on the tiny recall task (held-out accuracy equal
 * to key-count's own, agreement with it near 1). Measured (seed 1, 8 envs, 2048 steps): key-count 0.75 on
 * the default script, DAgger 0.75, last-round agreement 1.0, < 1 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaggerAgent } from '../../agents/dagger.js';
import { decideKeyCount, makeFixedPolicy } from '../../agents/fixed/index.js';
import { oracleExpert } from '../../agents/oracle-imitation.js';
import type { UpdateStats } from '../../src/rl/training-types.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import { EVAL_EPISODES, EVAL_SEED, heldOutAccuracy, privilegedTinyEnv } from '../helpers/imitation.js';
import { episodeAccuracy } from '../helpers/learners.js';
import { tinyRecallTask } from '../helpers/tiny-recall.js';
import { useWasm } from '../helpers/tf.js';
import { buildObs } from './fixed/build-obs.js';

const disposables: { dispose(): void }[] = [];
beforeAll(async () => {
  await useWasm();
});
afterAll(() => disposables.forEach((d) => d.dispose()));

describe('the key-count expert', () => {
  it('labels with the key-count policy and needs no oracle info', () => {
    const obs = buildObs({
      slots: [{ key: { queries: 4, writes: 1 } }, { key: { queries: 1, writes: 3 } }],
      itemKey: { queries: 0, writes: 0 },
    });
    expect(oracleExpert(obs, {}, 'dagger', 'key-count')).toBe(decideKeyCount(obs));
    expect(new DaggerAgent({ hyperparameters: { expert: 'key-count' } }).hyperparameters.expert).toBe('key-count');
  });

  it('DAgger on it matches key-count on held-out episodes', { timeout: 60_000 }, async () => {
    const dagger = new DaggerAgent({ hyperparameters: { seed: 1, expert: 'key-count' } });
    disposables.push(dagger);
    const result = await dagger.learn(privilegedTinyEnv(), { totalTimesteps: 2048 });
    const last = result.updates.at(-1) as UpdateStats;
    expect(last.agreement).toBeGreaterThan(0.95);
    const keyCount = episodeAccuracy(
      makeFixedPolicy('key-count'),
      new MemoryVectorEnv(tinyRecallTask(), EVAL_EPISODES),
      EVAL_SEED,
    ).accuracy;
    expect(heldOutAccuracy(dagger)).toBeCloseTo(keyCount, 6);
  });
});
