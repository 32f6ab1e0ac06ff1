import { describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { ConfigError } from '../../src/util/errors.js';

const plan = (envs: unknown[]) => comparePlan(parseConfig(compareConfigSchema, { envs, agents: ['fifo', 'lru'] }));

describe('comparePlan env entries', () => {
  it('labels an env by its id unless it is given a name', () => {
    const p = plan(['memgym/Recall-Easy-v0', { id: 'memgym/Recall-Easy-v0', name: 'easy/ideal', kwargs: { reader: 'ideal' } }]);
    expect(p.envs.map((e) => e.name)).toEqual(['memgym/Recall-Easy-v0', 'easy/ideal']);
    expect(p.envs[1]).toMatchObject({ id: 'memgym/Recall-Easy-v0', kwargs: { reader: 'ideal' } });
  });

  it('rejects two entries with the same label: results, files and agents would collide', () => {
    const twice = () => plan(['memgym/Recall-Easy-v0', { id: 'memgym/Recall-Easy-v0', kwargs: { reader: 'ideal' } }]);
    expect(twice).toThrow(ConfigError);
    expect(twice).toThrow('config envs[1]: expected a unique env name, got "memgym/Recall-Easy-v0" twice');
  });
});

describe('comparePlan eval.policy', () => {
  it('evaluates learned agents by sampling unless the config asks for greedy', () => {
    expect(plan(['memgym/Recall-Easy-v0']).evaluation.policy).toBe('sample');
    const greedy = comparePlan(parseConfig(compareConfigSchema, { envs: ['memgym/Recall-Easy-v0'], eval: { policy: 'greedy' } }));
    expect(greedy.evaluation.policy).toBe('greedy');
  });

  it('rejects an unknown eval policy with the choices', () => {
    const bad = () => parseConfig(compareConfigSchema, { envs: ['memgym/Recall-Easy-v0'], eval: { policy: 'argmax' } });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/eval\.policy.*sample.*greedy/);
  });
});
