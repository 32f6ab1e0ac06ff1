/** A recurrent PPO agent (`network: { recurrent: true }`) in a comparison: trained, evaluated, tabulated. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { runComparison } from '../../src/experiment/compare.js';
import { checkAgentSpec, parseAgentSpec } from '../../src/experiment/agents.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { ConfigError } from '../../src/util/errors.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

describe('compare with recurrent PPO', () => {
  it('trains, evaluates and tabulates it like the other learners', { timeout: 120_000 }, async () => {
    const config = parseConfig(compareConfigSchema, {
      envs: [{ id: 'memgym/Recall-Easy-v0', name: 'easy', kwargs: { reader: 'ideal', params: { length: 24 } } }],
      agents: [
        { type: 'ppo', name: 'ppo-gru', network: { recurrent: true, recurrentHidden: 16 }, hyperparameters: { numSteps: 8 } },
        'never-store',
      ],
      seeds: [1],
      training: { numEnvs: 2, totalTimesteps: 64 },
      eval: { episodes: 2, numEnvs: 2 },
    });
    const result = await runComparison({ plan: comparePlan(config), outDir: mkdtempSync(join(tmpdir(), 'memgym-recurrent-')) });
    expect(result.failures).toEqual([]);
    expect(result.rows.map((r) => [r.agent, r.kind])).toEqual([
      ['ppo-gru', 'learned'],
      ['never-store', 'fixed'],
    ]);
  });

  it('rejects bad recurrent options and recurrent imitation learners before any work', async () => {
    await expect(checkAgentSpec(parseAgentSpec({ type: 'ppo', network: { recurrent: 1 } }))).rejects.toThrow(ConfigError);
    await expect(checkAgentSpec(parseAgentSpec({ type: 'ppo', network: { recurrentHidden: 8 } }))).rejects.toThrow(/recurrentHidden/);
    await expect(checkAgentSpec(parseAgentSpec({ type: 'dagger', network: { recurrent: true } }))).rejects.toThrow(/feed-forward network/);
    expect(() => parseAgentSpec({ type: 'ppo', init: 'dagger', network: { recurrent: true } })).toThrow(/no init with a recurrent network/);
  });
});
