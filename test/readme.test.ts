/**
 * Every code block of the README (outside "Results") is run by a test: this file pins the list, so a new
 * example cannot be added without one, and checks the config examples against their schemas. The ts and
 * sh examples run in a scratch project that installs the packed package: test/package/package.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../src/cli/commands/compare.js';
import { sweepConfigSchema, sweepPoints } from '../src/cli/commands/sweep.js';
import { buildAgent, parseAgentSpec } from '../src/experiment/agents.js';
import type { NetworkAgent } from '../src/rl/network-agent.js';
import { loadConfigFile } from '../src/util/zod-config.js';
import { readmeBlock, readmeBlocks } from './helpers/readme.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each README block (by a marker in it) and the test that runs it. */
const README_EXAMPLES: Record<string, string> = {
  'npm ci && npm start': 'not run: the 3-minute main job; its entry point (npm start) is exercised by test/cli/interrupt.test.ts',
  'import { make, selectBackend, makeFixedPolicy, PpoAgent': 'test/package/package.test.ts (installed package, fewer steps)',
  '// my-agent.ts': 'test/package/package.test.ts (imports values from memgym)',
  'npx memgym eval --agent ./my-agent.ts --env memgym/Recall-Easy-v0': 'test/package/package.test.ts (as written)',
  '"slotSweep": [2, 3, 5, 8]': 'this file (schema) and test/package/package.test.ts (run, smaller)',
  '"recurrentHidden": 32': 'this file (a valid agent entry; a recurrent run in test/experiment/compare-recurrent.test.ts)',
  'rank  learningRate  entCoef': 'not run: the measured output of the shipped sweep (138 s); sweeps run in test/cli/cli.test.ts',
  '"space": { "gaeLambda"': 'this file (a valid sweep config; a sweep run in test/cli/cli.test.ts)',
};

describe('README examples', () => {
  it('every code block outside Results is covered', () => {
    const blocks = readmeBlocks(root);
    const markers = Object.keys(README_EXAMPLES);
    for (const block of blocks) {
      const covered = markers.filter((m) => block.code.includes(m));
      expect(covered, `README block under "${block.heading}" has no test:\n${block.code}`).toHaveLength(1);
    }
    expect(blocks).toHaveLength(markers.length);
  });

  it('the compare config example is valid as written (plain JSON, every key known)', () => {
    const block = readmeBlock(root, '"slotSweep": [2, 3, 5, 8]');
    expect(block.lang).toBe('json');
    const file = join(tmp, 'compare.json');
    writeFileSync(file, block.code);
    const config = loadConfigFile(file, compareConfigSchema);
    const plan = comparePlan(config, undefined, tmp);
    expect(plan.envs.map((e) => e.name)).toEqual(['memgym/Recall-Easy-v0', 'easy/ideal']);
    expect(plan.agents.map((a) => a.type)).toEqual(['ppo', ...Array(10).fill('fixed'), 'module']);
    const last = plan.agents.at(-1);
    expect(last?.type === 'module' ? last.module : undefined).toBe(join(tmp, 'my-agent.ts')); // relative to the config file
  });

  it('the recurrent agent entry is valid as written', async () => {
    const block = readmeBlock(root, '"recurrentHidden": 32');
    expect(block.lang).toBe('json');
    const built = await buildAgent(parseAgentSpec(JSON.parse(block.code)));
    expect(built.label).toBe('ppo-gru');
    expect((built.agent as NetworkAgent<never>).networkOptions).toEqual({ recurrent: true, recurrentHidden: 32 });
    built.agent.dispose?.();
  });

  it('the sweep config example is valid as written: 6 grid points × 4 random draws', () => {
    const block = readmeBlock(root, '"space": { "gaeLambda"');
    expect(block.lang).toBe('json');
    const file = join(tmp, 'sweep.json');
    writeFileSync(file, block.code);
    const points = sweepPoints(loadConfigFile(file, sweepConfigSchema));
    expect(points).toHaveLength(24);
    expect(points[0]?.agent).toMatchObject({ type: 'ppo', hyperparameters: { annealLr: true, learningRate: 0.001, entCoef: 0.003 } });
  });
});
