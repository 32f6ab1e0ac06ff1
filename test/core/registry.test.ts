import { describe, expect, it } from 'vitest';
import type { EnvSpec } from '../../src/core/env.js';
import { Registry, list, make, makeVec, mergeKwargs, register, spec } from '../../src/core/registry.js';
import { RecordEpisodeStatistics } from '../../src/core/wrappers/record-episode-statistics.js';
import { unwrap } from '../../src/core/wrappers/wrapper.js';
import { ConfigError, ResetNeededError, UnknownEnvError } from '../../src/util/errors.js';
import { CountingEnv, type CountingEnvOptions } from '../helpers/toy-envs.js';

const countingSpec = (id: string, extra: Partial<EnvSpec> = {}): EnvSpec => ({
  id,
  entryPoint: (kwargs) => new CountingEnv(kwargs as CountingEnvOptions),
  kwargs: { k: 50 },
  ...extra,
});

function fresh(): Registry {
  const r = new Registry();
  r.register(countingSpec('memgym/Recall-v0'));
  r.register(countingSpec('memgym/StoryQA-v0'));
  r.register(countingSpec('memgym/StoryQA-v1'));
  r.register(countingSpec('memgym/Seasonal-v2'));
  return r;
}

describe('Registry', () => {
  it('validates ids and rejects duplicates unless override', () => {
    const r = fresh();
    expect(() => r.register(countingSpec('Recall'))).toThrow(ConfigError);
    expect(() => r.register(countingSpec('bad id-v0'))).toThrow(/expected an id like/);
    expect(() => r.register(countingSpec('memgym/Recall-v0'))).toThrow(/already registered/);
    r.register(countingSpec('memgym/Recall-v0', { description: 'new' }), { override: true });
    expect(r.spec('memgym/Recall-v0').description).toBe('new');
    r.register(countingSpec('Plain_Name.x:y-v10'));
    expect(() => r.register(countingSpec('memgym/X-v0', { maxEpisodeSteps: 0 }))).toThrow(ConfigError);
  });

  it('lists specs sorted by id', () => {
    expect(
      fresh()
        .list()
        .map((s) => s.id),
    ).toEqual(['memgym/Recall-v0', 'memgym/Seasonal-v2', 'memgym/StoryQA-v0', 'memgym/StoryQA-v1']);
  });

  it('suggests the closest id for an unknown one', () => {
    const r = fresh();
    const suggestion = (id: string) => {
      try {
        r.spec(id);
      } catch (err) {
        expect(err).toBeInstanceOf(UnknownEnvError);
        return (err as UnknownEnvError).suggestion;
      }
      throw new Error('expected UnknownEnvError');
    };
    expect(suggestion('memgym/Recall-v1')).toBe('memgym/Recall-v0');
    expect(suggestion('Recall-v1')).toBe('memgym/Recall-v0');
    expect(suggestion('memgym/StoryQA-v5')).toBe('memgym/StoryQA-v1');
    expect(suggestion('memgym/Seasonal-v0')).toBe('memgym/Seasonal-v2');
    expect(suggestion('memgym/Recal-v0')).toBe('memgym/Recall-v0');
    expect(suggestion('memgym/recall-v0')).toBe('memgym/Recall-v0');
    expect(suggestion('gym/CartPole-v1')).toBeUndefined();
    expect(() => r.make('memgym/Recall-v1')).toThrow(/unknown env id "memgym\/Recall-v1". Did you mean "memgym\/Recall-v0"\?/);
  });

  it('makes envs with merged kwargs, the standard wrappers and the spec', () => {
    const r = fresh();
    r.register(countingSpec('memgym/Limited-v0', { maxEpisodeSteps: 3, kwargs: { k: 50, nActions: 4 } }));
    const env = r.make<Float32Array, number>('memgym/Limited-v0', { nActions: 6 });
    expect(env).toBeInstanceOf(RecordEpisodeStatistics);
    expect(String(env)).toBe('RecordEpisodeStatistics<OrderEnforcing<TimeLimit<CountingEnv>>>');
    const base = unwrap(env) as CountingEnv;
    expect(base.nActions).toBe(6);
    expect(base.k).toBe(50);
    expect(env.spec?.id).toBe('memgym/Limited-v0');
    expect(env.spec?.kwargs).toEqual({ k: 50, nActions: 6 });
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset({ seed: 0 });
    env.step(0);
    env.step(0);
    const last = env.step(0);
    expect(last.truncated).toBe(true);
    expect(last.info.episode).toMatchObject({ length: 3 });
    expect(() => env.step(0)).toThrow(ResetNeededError);
  });

  it('lets kwargs override or disable maxEpisodeSteps, and honours orderEnforce: false', () => {
    const r = fresh();
    r.register(countingSpec('memgym/Limited-v0', { maxEpisodeSteps: 3, orderEnforce: false }));
    const longer = r.make('memgym/Limited-v0', { maxEpisodeSteps: 7 });
    expect(String(longer)).toBe('RecordEpisodeStatistics<TimeLimit<CountingEnv>>');
    expect(longer.spec?.maxEpisodeSteps).toBe(7);
    expect(longer.spec?.kwargs).toEqual({ k: 50 });
    expect(String(r.make('memgym/Limited-v0', { maxEpisodeSteps: null }))).toBe('RecordEpisodeStatistics<CountingEnv>');
    expect(String(r.make('memgym/Limited-v0', {}, { recordEpisodeStatistics: false }))).toBe('TimeLimit<CountingEnv>');
    expect(() => r.make('memgym/Limited-v0', { maxEpisodeSteps: -1 })).toThrow(ConfigError);
  });

  it('makeVec builds a SyncVectorEnv of made envs', () => {
    const vec = fresh().makeVec<Float32Array, number>('memgym/Recall-v0', { numEnvs: 3, kwargs: { k: 2 }, autoresetMode: 'same-step' });
    expect(vec.numEnvs).toBe(3);
    expect(vec.autoresetMode).toBe('same-step');
    vec.reset({ seed: 0 });
    vec.step([0, 0, 0]);
    const end = vec.step([0, 0, 0]);
    expect(Array.from(end.terminated)).toEqual([1, 1, 1]);
    expect(end.infos[0]?.finalInfo).toMatchObject({ episode: { length: 2 } });
    expect(() => fresh().makeVec('memgym/Nope-v0', { numEnvs: 2 })).toThrow(UnknownEnvError);
    expect(() => fresh().makeVec('memgym/Recall-v0', { numEnvs: 0 })).toThrow(ConfigError);
  });
});

describe('module-level registry', () => {
  it('register / spec / list / make / makeVec use the default registry', () => {
    register(countingSpec('test/Counting-v0', { maxEpisodeSteps: 4 }));
    expect(spec('test/Counting-v0').maxEpisodeSteps).toBe(4);
    expect(list().map((s) => s.id)).toContain('test/Counting-v0');
    expect(String(make('test/Counting-v0'))).toBe('RecordEpisodeStatistics<OrderEnforcing<TimeLimit<CountingEnv>>>');
    expect(makeVec('test/Counting-v0', { numEnvs: 2 }).numEnvs).toBe(2);
    expect(() => make('test/Counting-v1')).toThrow(UnknownEnvError);
  });
});

describe('mergeKwargs', () => {
  it('merges plain objects recursively and replaces everything else', () => {
    const base = { a: 1, nested: { x: 1, y: [1, 2] }, arr: [1] };
    expect(mergeKwargs(base, { nested: { y: [3] }, arr: [2, 3], b: 2 })).toEqual({
      a: 1,
      nested: { x: 1, y: [3] },
      arr: [2, 3],
      b: 2,
    });
    expect(base.nested.y).toEqual([1, 2]);
  });
});
