import { describe, expect, it } from 'vitest';
import { TimeLimit } from '../../../src/core/wrappers/time-limit.js';
import { ConfigError } from '../../../src/util/errors.js';
import { CountingEnv } from '../../helpers/toy-envs.js';

describe('TimeLimit', () => {
  it('truncates at the limit and resets the counter', () => {
    const env = new TimeLimit(new CountingEnv({ k: 100 }), 3);
    for (let ep = 0; ep < 2; ep++) {
      env.reset();
      expect(env.step(0).truncated).toBe(false);
      expect(env.step(0).truncated).toBe(false);
      expect(env.elapsedSteps).toBe(2);
      const last = env.step(0);
      expect(last.truncated).toBe(true);
      expect(last.terminated).toBe(false);
    }
  });

  it('never overrides terminated; both can be true at the limit', () => {
    const early = new TimeLimit(new CountingEnv({ k: 2 }), 5);
    early.reset();
    early.step(0);
    const r = early.step(0);
    expect(r).toMatchObject({ terminated: true, truncated: false });
    const same = new TimeLimit(new CountingEnv({ k: 2 }), 2);
    same.reset();
    same.step(0);
    expect(same.step(0)).toMatchObject({ terminated: true, truncated: true });
  });

  it('validates maxEpisodeSteps', () => {
    expect(() => new TimeLimit(new CountingEnv(), 0)).toThrow(ConfigError);
    expect(() => new TimeLimit(new CountingEnv(), 1.5)).toThrow(/positive integer, got 1.5/);
  });
});
