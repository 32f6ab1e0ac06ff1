/**
 * Every packaged config in configs/ loads and validates against its command's schema (and refers to
 * registered envs, known agents and families), so a shipped config can never be stale.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/core/registry.js';
import { loadConfigFile } from '../../src/util/zod-config.js';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { evalConfigSchema } from '../../src/cli/commands/eval.js';
import { pretrainConfigSchema } from '../../src/cli/commands/pretrain.js';
import { learnerSpec, trainConfigSchema } from '../../src/cli/commands/train.js';
import { sweepConfigSchema, sweepPoints } from '../../src/cli/commands/sweep.js';
import { loadBenchConfig } from '../../src/bench/index.js';
import { parseAgentSpec } from '../../src/experiment/agents.js';
import { familyOf } from '../../envs/index.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';

const dir = join(PACKAGE_ROOT, 'configs');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function validate(file: string): void {
  const path = join(dir, file);
  if (file.startsWith('train-')) {
    const c = loadConfigFile(path, trainConfigSchema);
    learnerSpec(c.agent);
    defaultRegistry.spec(c.env);
  } else if (file.startsWith('compare-') || file === 'main.json') {
    const plan = comparePlan(loadConfigFile(path, compareConfigSchema));
    for (const e of plan.envs) defaultRegistry.spec(e.id);
    expect(plan.agents.length).toBeGreaterThan(1);
  } else if (file.startsWith('eval-')) {
    const c = loadConfigFile(path, evalConfigSchema);
    parseAgentSpec(c.agent);
    defaultRegistry.spec(c.env);
  } else if (file.startsWith('pretrain-')) {
    familyOf(loadConfigFile(path, pretrainConfigSchema).family);
  } else if (file.startsWith('sweep-')) {
    expect(sweepPoints(loadConfigFile(path, sweepConfigSchema)).length).toBeGreaterThan(1);
  } else if (file.startsWith('bench')) {
    loadBenchConfig(path);
  } else if (file.startsWith('capacity')) {
    // validated by test/capacity (its own schema)
  } else {
    throw new Error(`no validator for configs/${file}: add one to this test`);
  }
}

describe('packaged configs', () => {
  it('exist for every family × preset × learner, and comparisons', () => {
    for (const f of ['recall', 'story-qa', 'forecast']) {
      expect(files).toContain(`compare-${f}.json`);
      expect(files).toContain(`pretrain-${f}.json`);
      for (const p of ['easy', 'medium', 'hard'])
        for (const l of ['ppo', 'a2c', 'reinforce']) expect(files).toContain(`train-${l}-${f}-${p}.json`);
    }
    expect(files).toContain('main.json');
  });
  it.each(files)('%s validates', (file) => {
    validate(file);
  });
});
