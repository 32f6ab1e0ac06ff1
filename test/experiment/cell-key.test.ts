/**
 * Cell keys: a content hash of what determines a cell's result. Stable (JSON key order does not matter,
 * the same config gives the same keys) and sensitive (a kwarg, a seed, an agent, the backend, the code,
 * a custom agent module's files).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { canonicalJson, codeVersion, contentKey, type CodeVersion } from '../../src/experiment/cell-key.js';
import { planCells } from '../../src/experiment/compare-cells.js';
import { parseConfig } from '../../src/util/zod-config.js';

const CODE: CodeVersion = { memgym: '0.0.0', source: 'abc', tfjs: '4.22.0', node: '20.0.0' };

function keys(config: Record<string, unknown>, backend = 'wasm', code = CODE): string[] {
  const plan = comparePlan(parseConfig(compareConfigSchema, config));
  return planCells(plan, { outDir: '/tmp/nowhere', backend, code }).map((c) => c.key);
}

const BASE = {
  envs: [{ id: 'memgym/Recall-Easy-v0', kwargs: { reader: 'ideal', params: { length: 40 } } }],
  agents: [{ type: 'ppo', hyperparameters: { numSteps: 16, learningRate: 0.002 } }, 'fifo'],
  seeds: [1, 2],
  training: { numEnvs: 2, totalTimesteps: 64 },
  eval: { episodes: 2, numEnvs: 2 },
};

describe('canonicalJson', () => {
  it('sorts object keys at every level, keeps array order, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[3,1]},"b":1}');
    expect(contentKey({ x: 1, y: [1, 2] })).toBe(contentKey({ y: [1, 2], x: 1 }));
    expect(contentKey({ y: [2, 1] })).not.toBe(contentKey({ y: [1, 2] }));
    expect(contentKey({ x: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects what is not JSON data, naming where', () => {
    expect(() => canonicalJson({ a: [{ f: () => 1 }] })).toThrow(/\$\.a\[0\]\.f: expected plain JSON data in a cell key, got a function/);
  });
});

describe('cell keys', () => {
  const base = keys(BASE);

  it('are one per (env, seed, agent), distinct, and the same for the same config', () => {
    expect(base).toHaveLength(4);
    expect(new Set(base).size).toBe(4);
    expect(keys(BASE)).toEqual(base);
  });

  it('do not depend on the order of JSON keys', () => {
    const reordered = {
      eval: { numEnvs: 2, episodes: 2 },
      training: { totalTimesteps: 64, numEnvs: 2 },
      seeds: [1, 2],
      agents: [{ hyperparameters: { learningRate: 0.002, numSteps: 16 }, type: 'ppo' }, 'fifo'],
      envs: [{ kwargs: { params: { length: 40 }, reader: 'ideal' }, id: 'memgym/Recall-Easy-v0' }],
    };
    expect(keys(reordered)).toEqual(base);
  });

  it('change with an env kwarg, a seed, an agent, the eval settings, the backend and the code', () => {
    const changedKwarg = keys({ ...BASE, envs: [{ id: 'memgym/Recall-Easy-v0', kwargs: { reader: 'ideal', params: { length: 41 } } }] });
    expect(changedKwarg.filter((k) => base.includes(k))).toEqual([]);
    const changedSeed = keys({ ...BASE, seeds: [1, 3] });
    // cells are ordered env, seed, agent: seed 1's two cells keep their keys, seed 3's are new
    expect(changedSeed.slice(0, 2)).toEqual(base.slice(0, 2));
    expect(changedSeed.slice(2).filter((k) => base.includes(k))).toEqual([]);
    const changedAgent = keys({ ...BASE, agents: [{ type: 'ppo', hyperparameters: { numSteps: 32, learningRate: 0.002 } }, 'fifo'] });
    expect([changedAgent[0], changedAgent[2]].filter((k) => base.includes(k as string))).toEqual([]);
    expect([changedAgent[1], changedAgent[3]]).toEqual([base[1], base[3]]); // fifo's cells are unchanged
    expect(keys({ ...BASE, eval: { episodes: 3, numEnvs: 2 } }).filter((k) => base.includes(k))).toEqual([]);
    expect(keys({ ...BASE, budget: 'adaptive' }).filter((k) => base.includes(k))).toEqual([]);
    expect(keys(BASE, 'cpu').filter((k) => base.includes(k))).toEqual([]);
    expect(keys(BASE, 'wasm', { ...CODE, source: 'abd' }).filter((k) => base.includes(k))).toEqual([]);
  });

  it('training settings change the learner cells only; the slot sweep only the first seed', () => {
    const moreSteps = keys({ ...BASE, training: { numEnvs: 2, totalTimesteps: 128 } });
    expect(moreSteps[0]).not.toBe(base[0]);
    expect(moreSteps[1]).toBe(base[1]);
    const sweep = keys({ ...BASE, slotSweep: [2] });
    expect(sweep.slice(0, 2).filter((k) => base.includes(k))).toEqual([]);
    expect(sweep.slice(2)).toEqual(base.slice(2));
  });

  it('the code version hashes this package once per process', () => {
    const v = codeVersion();
    expect(v.source).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion()).toBe(v);
  });
});

describe('cell keys of custom agent modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgym-key-module-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const agent = join(dir, 'my-agent.ts');
  const helper = join(dir, 'helper.ts');
  const moduleKeys = (module: string): string[] => keys({ ...BASE, agents: [module] });

  it('change when the module file or a file it imports relatively is edited', () => {
    writeFileSync(agent, "import { pick } from './helper.js';\nexport default { name: 'mine', act: (o: unknown) => pick(o) };\n");
    writeFileSync(helper, 'export const pick = (_: unknown): number => 0;\n');
    const before = moduleKeys(agent);
    expect(moduleKeys(agent)).toEqual(before);
    writeFileSync(agent, "import { pick } from './helper.js';\nexport default { name: 'mine', act: (o: unknown) => pick(o) + 0 };\n");
    const editedModule = moduleKeys(agent);
    expect(editedModule.filter((k) => before.includes(k))).toEqual([]);
    writeFileSync(helper, 'export const pick = (_: unknown): number => 1;\n');
    expect(moduleKeys(agent).filter((k) => editedModule.includes(k))).toEqual([]);
  });

  it('hash a module given relative to the working directory too', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const before = moduleKeys('./my-agent.ts');
      writeFileSync(helper, 'export const pick = (_: unknown): number => 2;\n');
      expect(moduleKeys('./my-agent.ts').filter((k) => before.includes(k))).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});
