import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../src/core/check-env.js';
import { Registry } from '../../src/core/registry.js';
import { UnknownEnvError } from '../../src/util/errors.js';
import { PRESET_NAMES } from '../../envs/common/preset.js';
import { presetId } from '../../envs/common/family.js';
import { FAMILIES, familyOf, registerAll } from '../../envs/index.js';

function freshRegistry(): Registry {
  const r = new Registry();
  registerAll(r);
  return r;
}

const IDS = freshRegistry().ids();

describe('env registry: every family and preset', () => {
  it('registers each family once plus one id per preset', () => {
    expect(Object.keys(FAMILIES).sort()).toEqual(['forecast', 'recall', 'story-qa']);
    const want = Object.values(FAMILIES).flatMap((def) => [presetId(def), ...PRESET_NAMES.map((p) => presetId(def, p))]);
    expect(IDS).toEqual([...want].sort());
    expect(IDS).toContain('memgym/StoryQA-Hard-v0');
    expect(IDS).toContain('memgym/Forecast-v0');
  });

  it('registerAll is idempotent', () => {
    const r = freshRegistry();
    registerAll(r);
    expect(r.ids()).toEqual(IDS);
  });

  for (const id of IDS) {
    it(`${id} passes checkEnv (ideal reader)`, () => {
      const registry = freshRegistry();
      const report = checkEnv(() => registry.make(id, { reader: 'ideal' }), { maxSteps: 200 });
      expect(report.checks.filter((c) => !c.passed)).toEqual([]);
      expect(report.passed).toBe(true);
    });
  }

  it('the preset ids build their preset; the bare id defaults to medium', () => {
    const r = freshRegistry();
    expect(r.spec('memgym/Forecast-Easy-v0').kwargs).toEqual({ preset: 'easy' });
    expect(r.spec('memgym/StoryQA-v0').kwargs).toEqual({ preset: 'medium' });
    const env = r.make('memgym/StoryQA-v0', { reader: 'ideal', preset: 'hard' });
    expect(env.spec?.kwargs).toMatchObject({ preset: 'hard', reader: 'ideal' });
    env.close();
  });

  it('an unknown id suggests the closest registered one', () => {
    const r = freshRegistry();
    expect(() => r.make('memgym/StoryQA-v1')).toThrow(UnknownEnvError);
    expect(r.suggest('memgym/StoryQA-v1')).toBe('memgym/StoryQA-v0');
    expect(r.suggest('memgym/Forcast-Hard-v0')).toBe('memgym/Forecast-Hard-v0');
    expect(r.suggest('memgym/storyqa-easy-v0')).toBe('memgym/StoryQA-Easy-v0');
    expect(() => r.make('memgym/Recal-v0')).toThrow('Did you mean "memgym/Recall-v0"?');
  });

  it('familyOf resolves family ids and env ids, and suggests on a typo', () => {
    expect(familyOf('story-qa').name).toBe('StoryQA');
    expect(familyOf('memgym/StoryQA-Medium-v0').family).toBe('story-qa');
    expect(familyOf('memgym/Forecast-v0').family).toBe('forecast');
    expect(() => familyOf('forcast')).toThrow('did you mean "forecast"?');
  });

  it('bad kwargs are config errors naming the key', () => {
    const r = freshRegistry();
    expect(() => r.make('memgym/Forecast-v0', { reader: 'ideal', preset: 'extreme' })).toThrow('preset');
    expect(() => r.make('memgym/StoryQA-v0', { reader: 'ideal', colour: 'red' })).toThrow('colour');
  });
});

describe('vector entry point (makeVec)', () => {
  it('builds one MemoryVectorEnv that batches the reader, with the preset of the id', async () => {
    const { MemoryVectorEnv } = await import('../../envs/common/memory-vector-env.js');
    const { SyncVectorEnv } = await import('../../src/core/sync-vector-env.js');
    const r = freshRegistry();
    const vec = r.makeVec('memgym/Recall-Easy-v0', { numEnvs: 3, kwargs: { reader: 'ideal' } });
    expect(vec).toBeInstanceOf(MemoryVectorEnv);
    expect(vec.numEnvs).toBe(3);
    const { observations } = vec.reset({ seed: 1 });
    expect(observations).toHaveLength(3);
    vec.close();
    const sync = r.makeVec('memgym/Recall-Easy-v0', { numEnvs: 2, kwargs: { reader: 'ideal' }, mode: 'sync' });
    expect(sync).toBeInstanceOf(SyncVectorEnv);
    sync.close();
  });
});
