import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { loadConfigFile, parseConfig, t } from '../../src/util/config.js';
import { ConfigError } from '../../src/util/errors.js';
import type { CompiledExpression } from '../../src/util/expr.js';

const schema = t.object({
  learningRate: t.optional(t.number({ min: 0, minExclusive: true }), 3e-4),
  agent: t.string({ oneOf: ['ppo', 'a2c', 'reinforce'] }),
  steps: t.number({ integer: true, min: 1 }),
  verbose: t.optional(t.boolean(), false),
  note: t.optional(t.string()),
  memory: t.optional(
    t.object({
      minSlots: t.optional(t.number({ integer: true, min: 1, max: 64 }), 2),
      slotCount: t.optional(t.expression({ variables: ['numKeys'] }), 'ceil(2 * sqrt(numKeys))'),
    }),
    {},
  ),
  seeds: t.optional(t.array(t.number({ integer: true })), [0]),
  envs: t.optional(t.record(t.object({ weight: t.number() }, { optional: ['weight'] })), {}),
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
    expect(() => parseConfig(t.array(t.number(), { minLength: 2 }), [1])).toThrow(
      'expected an array of length in [2, Infinity], got array(1)',
    );
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
    expect(parseConfig(t.object({ kwargs: t.unknown() }), { kwargs: { a: [1] } })).toEqual({ kwargs: { a: [1] } });
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
