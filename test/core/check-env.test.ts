import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/core/env.js';
import { assertEnv, checkEnv, type CheckEnvResult } from '../../src/core/check-env.js';
import { Registry } from '../../src/core/registry.js';
import { EnvCheckError } from '../../src/util/errors.js';
import { BrokenEnv, CountingEnv, MaskedCountingEnv, type Defect } from '../helpers/toy-envs.js';

const opts = { maxSteps: 40 };

function failed(result: CheckEnvResult): string[] {
  return result.checks.filter((c) => !c.passed).map((c) => c.name);
}

function check(name: string, result: CheckEnvResult) {
  const c = result.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check named ${name}`);
  return c;
}

describe('checkEnv', () => {
  it('passes the good toy envs (plain, stochastic, masked, made through the registry)', () => {
    for (const factory of [
      () => new CountingEnv(),
      () => new CountingEnv({ stochastic: true }),
      () => new MaskedCountingEnv({ stochastic: true, nActions: 3 }),
    ] as (() => Env)[]) {
      const result = checkEnv(factory, opts);
      expect(failed(result)).toEqual([]);
      expect(result.passed).toBe(true);
    }
    const registry = new Registry();
    registry.register({
      id: 'test/Counting-v0',
      entryPoint: () => new CountingEnv({ stochastic: true, k: 8 }),
      kwargs: {},
      maxEpisodeSteps: 6,
    });
    expect(failed(checkEnv(() => registry.make('test/Counting-v0'), opts))).toEqual([]);
  });

  it('lists every check with a name', () => {
    const names = checkEnv(() => new CountingEnv(), opts).checks.map((c) => c.name);
    expect(names).toEqual([
      'reset',
      'step-api',
      'observation-in-space',
      'reward-finite',
      'determinism-fresh-envs',
      'determinism-same-env',
      'no-reseed-on-reset',
      'step-before-reset',
      'invalid-action',
      'masked-action',
      'close-twice',
    ]);
  });

  it('skips the no-reseed check for seed-independent envs or on request', () => {
    const plain = check(
      'no-reseed-on-reset',
      checkEnv(() => new CountingEnv(), opts),
    );
    expect(plain).toMatchObject({ passed: true, skipped: true });
    expect(plain.message).toMatch(/do not depend on the seed/);
    const forced = check(
      'no-reseed-on-reset',
      checkEnv(() => new BrokenEnv(['reseeds-on-reset']), { ...opts, skipNoReseedCheck: true }),
    );
    expect(forced).toMatchObject({ passed: true, skipped: true });
  });

  const cases: [Defect, string, RegExp][] = [
    ['observation-outside-space', 'observation-in-space', /step 1: observation not in Box.*expected values in \[0, 5\], got 15 at index 0/],
    ['nondeterministic', 'determinism-fresh-envs', /diverge at step \d+: .reward: /],
    ['nondeterministic', 'determinism-same-env', /diverges at step \d+/],
    ['no-reset-needed', 'step-before-reset', /did not throw, expected ResetNeededError/],
    [
      'accepts-invalid-action',
      'invalid-action',
      /step\(4\) did not throw; step\(-1\) did not throw; step\(0.5\) did not throw; step\("0"\) did not throw/,
    ],
    ['nan-reward', 'reward-finite', /step 1: expected a finite reward, got NaN/],
    ['reseeds-on-reset', 'no-reseed-on-reset', /must not reseed/],
    ['bad-step-types', 'step-api', /terminated: expected a boolean, got 0/],
    ['throws-on-second-close', 'close-twice', /already closed/],
  ];
  for (const [defect, name, message] of cases) {
    it(`catches the '${defect}' defect in '${name}'`, () => {
      const result = checkEnv(() => new BrokenEnv([defect]), opts);
      expect(result.passed).toBe(false);
      const c = check(name, result);
      expect(c.passed).toBe(false);
      expect(c.message).toMatch(message);
    });
  }

  it('only flags the broken checks', () => {
    expect(failed(checkEnv(() => new BrokenEnv(['nan-reward']), opts))).toEqual(['reward-finite']);
    expect(failed(checkEnv(() => new BrokenEnv([]), opts))).toEqual([]);
  });

  it('requires the env itself to enforce reset, not just a wrapper', () => {
    const registry = new Registry();
    registry.register({ id: 'test/Broken-v0', entryPoint: () => new BrokenEnv(['no-reset-needed']), kwargs: {} });
    const result = checkEnv(() => registry.make('test/Broken-v0'), opts);
    expect(failed(result)).toEqual(['step-before-reset']);
  });

  it('reports a factory or reset that throws instead of throwing itself', () => {
    const result = checkEnv(() => {
      throw new Error('boom');
    }, opts);
    expect(result.passed).toBe(false);
    expect(check('reset', result).message).toMatch(/threw Error: boom/);
  });

  it('assertEnv throws EnvCheckError listing failures', () => {
    expect(assertEnv(() => new CountingEnv(), opts).passed).toBe(true);
    let err: unknown;
    try {
      assertEnv(() => new BrokenEnv(['nan-reward', 'no-reset-needed']), opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvCheckError);
    expect((err as Error).message).toMatch(/- reward-finite: .*NaN/);
    expect((err as Error).message).toMatch(/- step-before-reset: /);
  });
});
