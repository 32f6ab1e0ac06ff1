/**
 * The imitation learners in a comparison: trained per seed on the privileged env, evaluated (greedy) on
 * the plain env with every other agent, under the fair fixed budget; PPO with `init: "dagger"` too.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { runComparison } from '../../src/experiment/compare.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

describe('compare with bc, dagger and ppo from dagger', () => {
  it('trains, evaluates and tabulates them like the other learners', { timeout: 120_000 }, async () => {
    const config = parseConfig(compareConfigSchema, {
      envs: [{ id: 'memgym/Recall-Easy-v0', name: 'easy', kwargs: { reader: 'ideal', params: { length: 24 } } }],
      agents: [
        { type: 'bc', hyperparameters: { iterations: 1 } },
        { type: 'dagger', hyperparameters: { iterations: 2 } },
        { type: 'ppo', name: 'ppo-from-dagger', init: 'dagger', initTimesteps: 64, hyperparameters: { numSteps: 8 } },
        'never-store',
      ],
      seeds: [1],
      training: { numEnvs: 2, totalTimesteps: 64 },
      eval: { episodes: 2, numEnvs: 2 },
    });
    const result = await runComparison({ plan: comparePlan(config), outDir: mkdtempSync(join(tmpdir(), 'memgym-imitation-')) });
    expect(result.failures).toEqual([]);
    expect(result.rows.map((r) => [r.agent, r.kind])).toEqual([
      ['bc', 'learned'],
      ['dagger', 'learned'],
      ['ppo-from-dagger', 'learned'],
      ['never-store', 'fixed'],
    ]);
    expect(result.budgets[0]?.equal).toBe(true);
    expect(result.curves.map((c) => c.agent)).toEqual(['bc', 'dagger', 'ppo-from-dagger']);
  });
});

describe('compare with a module agent that learns', () => {
  it('trains it in each cell on its trainingEnvOptions, saves it, evaluates it', { timeout: 120_000 }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'memgym-module-learner-'));
    const config = parseConfig(compareConfigSchema, {
      envs: [{ id: 'memgym/Recall-Easy-v0', name: 'easy', kwargs: { reader: 'ideal' } }],
      agents: [{ type: 'module', module: join(import.meta.dirname, 'fixtures', 'learning-agent.ts') }, 'never-store'],
      seeds: [1],
      training: { numEnvs: 2, totalTimesteps: 64 },
      eval: { episodes: 2, numEnvs: 2 },
    });
    const result = await runComparison({ plan: comparePlan(config), outDir });
    expect(result.failures).toEqual([]);
    const acc = Object.fromEntries(result.rows.map((r) => [r.agent, r.accuracy]));
    // Untrained the agent never stores (= never-store); trained it stores and retrieves.
    expect(acc['learning-agent']).toBeGreaterThan((acc['never-store'] ?? 1) + 0.1);
    const saved = JSON.parse(readFileSync(join(outDir, 'agents', 'easy--module--seed1', 'learned.json'), 'utf8')) as {
      learnedSteps: number;
      trainedWithOracle: boolean;
      learnSeed: number;
    };
    expect(saved).toEqual({ learnedSteps: 64, trainedWithOracle: true, learnSeed: 1 }); // the cell's seed
  });
});
