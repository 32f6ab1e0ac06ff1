import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../../src/util/errors.js';
import type { CompiledExpression } from '../../src/util/expr.js';
import { array, expression, number } from '../../src/util/schemas.js';
import { configSchema, loadConfigFile, parseConfig } from '../../src/util/zod-config.js';

const schema = z.strictObject({
  learningRate: number({ min: 0, minExclusive: true }).default(3e-4),
  agent: z.enum(['ppo', 'a2c', 'reinforce']),
  steps: number({ integer: true, min: 1 }),
  verbose: z.boolean().default(false),
  note: z.string().optional(),
  memory: z
    .strictObject({
      minSlots: number({ integer: true, min: 1, max: 64 }).default(2),
      slotCount: expression(['numKeys']).prefault('ceil(2 * sqrt(numKeys))'),
    })
    .prefault({}),
  seeds: array(number({ integer: true })).default([0]),
  envs: z.record(z.string(), z.strictObject({ weight: number().optional() })).default({}),
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults, including nested ones, and infers the type', () => {
    const cfg = parseConfig(schema, { agent: 'ppo', steps: 10 });
    expect(cfg.learningRate).toBe(3e-4);
    expect(cfg.verbose).toBe(false);
    expect(cfg.note).toBeUndefined();
    expect('note' in cfg).toBe(false);
    expect(cfg.memory.minSlots).toBe(2);
    expect(cfg.memory.slotCount.source).toBe('ceil(2 * sqrt(numKeys))');
    expect(cfg.memory.slotCount.evaluate({ numKeys: 9 })).toBe(6);
    expect(cfg.seeds).toEqual([0]);
    expect(cfg.envs).toEqual({});
    expectTypeOf(cfg.agent).toEqualTypeOf<'ppo' | 'a2c' | 'reinforce'>();
    expectTypeOf(cfg.learningRate).toEqualTypeOf<number>();
    expectTypeOf(cfg.note).toEqualTypeOf<string | undefined>();
    expectTypeOf(cfg.memory.slotCount).toEqualTypeOf<CompiledExpression>();
    expectTypeOf(cfg.seeds).toEqualTypeOf<number[]>();
    expectTypeOf(cfg.envs).toEqualTypeOf<Record<string, { weight?: number }>>();
  });

  it('keeps given values', () => {
    const cfg = parseConfig(schema, {
      agent: 'a2c',
      steps: 5,
      learningRate: 0.1,
      memory: { minSlots: 4 },
      envs: { a: { weight: 2 }, b: {} },
      seeds: [1, 2],
    });
    expect(cfg.learningRate).toBe(0.1);
    expect(cfg.memory.minSlots).toBe(4);
    expect(cfg.envs).toEqual({ a: { weight: 2 }, b: {} });
    expect(cfg.seeds).toEqual([1, 2]);
  });

  it('rejects an unknown key with a suggestion', () => {
    const err = errorOf(() => parseConfig(schema, { agent: 'ppo', steps: 1, lerningRate: 0.1 }));
    expect(err.path).toBe('lerningRate');
    expect(err.message).toBe('config lerningRate: unknown key "lerningRate"; did you mean "learningRate"?');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, memory: { zzz: 1 } })).toThrow(
      'config memory.zzz: unknown key "zzz"; known keys: minSlots, slotCount',
    );
  });

  it('rejects mistyped values', () => {
    expect(() => parseConfig(schema, { agent: 'ppo', steps: '3' })).toThrow('config steps: expected an integer, got string "3"');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, learningRate: '3' })).toThrow(
      'config learningRate: expected a number, got string "3"',
    );
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, verbose: 'yes' })).toThrow('expected a boolean, got string "yes"');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, seeds: [1, 'x'] })).toThrow('config seeds[1]: expected an integer');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, envs: { a: 3 } })).toThrow(
      'config envs.a: expected an object, got number 3',
    );
    expect(() => parseConfig(schema, [1])).toThrow('config: expected an object, got array(1)');
    expect(() => parseConfig(schema, { agent: 'ppo2', steps: 1 })).toThrow(
      'config agent: expected one of "ppo", "a2c", "reinforce", got "ppo2"; did you mean "ppo"?',
    );
  });

  it('rejects out-of-range values', () => {
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 0 })).toThrow('config steps: expected an integer >= 1, got 0');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1.5 })).toThrow('expected an integer >= 1, got 1.5');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, learningRate: 0 })).toThrow('expected a number > 0, got 0');
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, memory: { minSlots: 65 } })).toThrow(
      'config memory.minSlots: expected an integer in [1, 64], got 65',
    );
    expect(() => parseConfig(array(number(), { minLength: 2 }), [1])).toThrow('expected an array of length in [2, Infinity], got array(1)');
  });

  it('rejects a missing required key', () => {
    expect(() => parseConfig(schema, { agent: 'ppo' })).toThrow('config steps: missing required key "steps" (expected an integer >= 1)');
  });

  it('compiles expressions and reports their errors at the key path', () => {
    const err = errorOf(() => parseConfig(schema, { agent: 'ppo', steps: 1, memory: { slotCount: 'sqrt(numKey)' } }));
    expect(err.path).toBe('memory.slotCount');
    expect(err.message).toContain('did you mean "numKeys"?');
  });

  it('passes unknown() values through', () => {
    expect(parseConfig(z.strictObject({ kwargs: z.unknown() }), { kwargs: { a: [1] } })).toEqual({ kwargs: { a: [1] } });
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgym-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads and validates a JSON file', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ agent: 'reinforce', steps: 3 }));
    const cfg = loadConfigFile(file, schema);
    expect(cfg.agent).toBe('reinforce');
    expect(cfg.memory.minSlots).toBe(2);
  });

  it('reports malformed JSON with the file, line and column', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "agent": "ppo"\n  "steps": 3\n}');
    const err = errorOf(() => loadConfigFile(file, schema));
    expect(err.message).toContain(`malformed JSON in ${file} at line 3 column 3`);
    const file2 = join(dir, 'bad2.json');
    writeFileSync(file2, '{"agent": }');
    expect(() => loadConfigFile(file2, schema)).toThrow(`malformed JSON in ${file2} at line 1 column 11 (position 10)`);
  });

  it('reports a missing file', () => {
    const file = join(dir, 'nope.json');
    expect(() => loadConfigFile(file, schema)).toThrow(`config: cannot read config file ${file}: no such file`);
  });

  it('names the file in validation errors', () => {
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ agent: 'ppo', steps: 3, lerningRate: 1 }));
    const err = errorOf(() => loadConfigFile(file, schema));
    expect(err.message).toBe(`config lerningRate: unknown key "lerningRate"; did you mean "learningRate"? (in ${file})`);
  });
});

describe('the zod issue → ConfigError mapping', () => {
  it('reports an unknown key before its object’s other problems, and names the path of nested issues', () => {
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 'x', stpes: 1 })).toThrow(
      'config stpes: unknown key "stpes"; did you mean "steps"?',
    );
    expect(() => parseConfig(schema, { agent: 'ppo', steps: 1, memory: { minSlots: 0 } }, 'train')).toThrow(
      'config train.memory.minSlots: expected an integer in [1, 64], got 0',
    );
    expect(() => parseConfig(number({ integer: true, min: 0 }), 2 ** 60)).toThrow('at most 2^53 − 1');
    expect(() => parseConfig(number(), Number.POSITIVE_INFINITY)).toThrow('expected a finite number, got Infinity');
    expect(() => parseConfig(z.strictObject({ name: z.string().min(1) }), { name: '' })).toThrow(
      'config name: expected a string of length >= 1, got ""',
    );
    expect(() => parseConfig(array(number(), { unique: true }), [1, 2, 1], 'seeds')).toThrow(
      'config seeds[2]: expected unique values, got 1 again (first at [0])',
    );
  });

  it('names a discriminated union’s unknown type with a suggestion', () => {
    const entry = z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('fixed'), policy: z.string() }),
      z.strictObject({ type: z.literal('module'), module: z.string() }),
    ]);
    expect(() => parseConfig(entry, { type: 'fixd', policy: 'lru' }, 'agent')).toThrow(
      'config agent.type: expected one of "fixed", "module", got "fixd"; did you mean "fixed"?',
    );
    expect(() => parseConfig(entry, { policy: 'lru' }, 'agent')).toThrow(
      'config agent.type: missing required key "type" (expected one of "fixed", "module")',
    );
    expect(() => parseConfig(entry, { type: 'fixed', policy: 'lru', params: {} }, 'agent')).toThrow(
      'config agent.params: unknown key "params"; known keys: type, policy',
    );
  });

  it('reports a refinement at the path it names', () => {
    const rates = z
      .strictObject({ queryRate: number({ min: 0, max: 1 }), noiseRate: number({ min: 0, max: 1 }) })
      .refine((p) => p.queryRate + p.noiseRate <= 1, { path: ['noiseRate'], message: 'expected queryRate + noiseRate <= 1' });
    expect(parseConfig(rates, { queryRate: 0.5, noiseRate: 0.5 })).toEqual({ queryRate: 0.5, noiseRate: 0.5 });
    expect(() => parseConfig(rates, { queryRate: 0.9, noiseRate: 0.2 }, 'recall')).toThrow(
      'config recall.noiseRate: expected queryRate + noiseRate <= 1',
    );
  });

  it('accepts and drops $schema in a config file kind', () => {
    const kind = configSchema({ steps: number({ integer: true, min: 1 }).default(3) });
    expect(parseConfig(kind, { $schema: '../schemas/x.schema.json' })).toEqual({ steps: 3 });
    expect(() => parseConfig(kind, { $schema: 1 })).toThrow('config $schema: expected a string, got number 1');
    expect(() => parseConfig(kind, { step: 1 })).toThrow('config step: unknown key "step"; did you mean "steps"?');
  });

  it('names compiled expressions after their path', () => {
    const cfg = parseConfig(schema, { agent: 'ppo', steps: 1, memory: { slotCount: 'numKeys / 0' } }, 'train');
    expect(cfg.memory.slotCount.name).toBe('train.memory.slotCount');
    expect(() => cfg.memory.slotCount.evaluate({ numKeys: 1 })).toThrow('config train.memory.slotCount: expression "numKeys / 0"');
  });
});
