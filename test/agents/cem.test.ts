/**
 * The CEM learner (agents/cem.ts) and its linear rule (agents/linear-rule.ts): the rule at
 * KEY_COUNT_THETA takes key-count's decisions, the refit on hand-computed numbers, bad input, save/load,
 * and a learning test: from θ = 0, a rule that never stores, CEM finds a rule as good as key-count on the tiny
 * recall task's held-out episodes (never-store 0.25, key-count 0.75; measured with 32 envs, 4 episodes
 * per candidate, 15 360 steps (44 iterations), seeds 1–8: 0.75, 0.75, 1, 0.75, 0.75, 1, 0.75, 0.95 — three above key-count).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CemAgent, refit } from '../../agents/cem.js';
import { decideKeyCount, makeFixedPolicy } from '../../agents/fixed/index.js';
import { KEY_COUNT_THETA, RULE_PARAMS, decideLinearRule } from '../../agents/linear-rule.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import { makeMemoryVectorEnv } from '../../src/experiment/envs.js';
import { CheckpointError, ConfigError } from '../../src/util/errors.js';
import { EVAL_EPISODES, EVAL_SEED, heldOutAccuracy } from '../helpers/imitation.js';
import { episodeAccuracy, tempDir } from '../helpers/learners.js';
import { tinyRecallTask } from '../helpers/tiny-recall.js';

/** θ = 0: every value 0, and an item must be worth more than a slot, so nothing is ever stored. */
const ZERO_THETA = new Array<number>(RULE_PARAMS).fill(0);

describe('the linear rule', () => {
  it('at KEY_COUNT_THETA takes key-count’s decisions on the states key-count visits (Recall-Medium)', () => {
    const env = makeMemoryVectorEnv('memgym/Recall-Medium-v0', { reader: 'ideal' }, 4);
    let observations = env.reset({ seed: 7 }).observations as MemoryObservation[];
    let same = 0;
    let total = 0;
    for (let t = 0; t < 400; t++) {
      const actions = observations.map((o) => decideKeyCount(o));
      observations.forEach((o, b) => {
        total++;
        if (decideLinearRule(o, KEY_COUNT_THETA) === actions[b]) same++;
      });
      observations = env.step(actions).observations as MemoryObservation[];
    }
    env.close();
    expect(same / total).toBeGreaterThan(0.99);
  });
});

describe('CEM', () => {
  it('refits μ and σ to the elites, σ² plus the noise', () => {
    const { mean, std } = refit([Float64Array.from([1, 2]), Float64Array.from([3, 4])], 0.25);
    expect(Array.from(mean)).toEqual([2, 3]);
    expect(std[0]).toBeCloseTo(Math.sqrt(1 + 0.25), 12); // population variance of {1, 3} is 1
    expect(std[1]).toBeCloseTo(Math.sqrt(1 + 0.25), 12);
  });

  it('rejects bad hyperparameters, a bad θ and too few envs for two candidates', async () => {
    expect(() => new CemAgent({ hyperparameters: { eliteFraction: 0 } })).toThrow(ConfigError);
    expect(() => new CemAgent({ hyperparameters: { popSize: 3 } as never })).toThrow(/unknown hyperparameter/);
    expect(() => new CemAgent({ theta: [1, 2] })).toThrow(/expected 12 finite numbers/);
    const agent = new CemAgent({ hyperparameters: { episodesPerCandidate: 3 } });
    const env = new MemoryVectorEnv(tinyRecallTask(), 4);
    await expect(agent.learn(env, { totalTimesteps: 100 })).rejects.toThrow(/expected at most numEnvs \/ 2 = 2/);
  });

  it('saves and loads μ and σ; a corrupt file is a CheckpointError', async () => {
    const dir = tempDir('memgym-cem-');
    const a = new CemAgent({ theta: ZERO_THETA });
    await a.save(dir);
    const b = new CemAgent();
    await b.load(dir);
    expect(Array.from(b.mean)).toEqual(ZERO_THETA);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'cem.json'), '{"name":"cem","mean":[1],"std":[1]}');
    await expect(b.load(bad)).rejects.toThrow(CheckpointError);
  });

  it(
    'learns, from θ = 0 (a rule that never stores), to match key-count on held-out tiny-recall episodes',
    { timeout: 60_000 },
    async () => {
      const keyCount = episodeAccuracy(makeFixedPolicy('key-count'), new MemoryVectorEnv(tinyRecallTask(), EVAL_EPISODES), EVAL_SEED);
      for (const seed of [1, 2, 3]) {
        const agent = new CemAgent({ theta: ZERO_THETA, hyperparameters: { initStd: 1, seed } });
        expect(heldOutAccuracy(agent)).toBeLessThan(0.3); // never-store level
        const result = await agent.learn(new MemoryVectorEnv(tinyRecallTask(), 32), { totalTimesteps: 32 * 8 * 60, seed });
        expect(heldOutAccuracy(agent), `seed ${seed}`).toBeGreaterThanOrEqual(keyCount.accuracy - 1e-9);
        expect(result.updates.length).toBe(44); // 15 360 steps of 11-step episodes in 32 envs
        expect(result.updates.every((u) => typeof u.incumbentReturn === 'number' && typeof u.searchStd === 'number')).toBe(true);
      }
    },
  );
});
