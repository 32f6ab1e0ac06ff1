import { describe, expect, it } from 'vitest';
import { RecordEpisodeStatistics } from '../../../src/core/wrappers/record-episode-statistics.js';
import { TimeLimit } from '../../../src/core/wrappers/time-limit.js';
import { ConfigError } from '../../../src/util/errors.js';
import { CountingEnv } from '../../helpers/toy-envs.js';

describe('RecordEpisodeStatistics', () => {
  it('adds info.episode on the last step only', () => {
    let now = 1000;
    const env = new RecordEpisodeStatistics(new CountingEnv({ k: 3, nActions: 4 }), { clock: () => now });
    env.reset();
    // Reward 1 when action === t % 4: actions 0, 1, 3 give 1 + 1 + 0.
    expect(env.step(0).info.episode).toBeUndefined();
    expect(env.step(1).info.episode).toBeUndefined();
    now += 2500;
    const last = env.step(3);
    expect(last.terminated).toBe(true);
    expect(last.info.episode).toEqual({ return: 2, length: 3, timeSeconds: 2.5 });
    expect(last.info.t).toBe(3); // inner info kept
    expect(env.episodeCount).toBe(1);
  });

  it('counts truncated episodes and keeps a ring buffer of recent ones', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new CountingEnv({ k: 100 }), 2), { bufferLength: 3, clock: () => 0 });
    for (let ep = 0; ep < 5; ep++) {
      env.reset();
      env.step(0);
      const r = env.step(ep % 2 === 0 ? 1 : 0);
      expect(r.truncated).toBe(true);
      expect((r.info.episode as { length: number }).length).toBe(2);
    }
    expect(env.episodeCount).toBe(5);
    expect(env.recentReturns()).toEqual([2, 1, 2]);
    expect(env.recentLengths()).toEqual([2, 2, 2]);
    expect(env.recentTimes()).toEqual([0, 0, 0]);
  });

  it('validates bufferLength', () => {
    expect(() => new RecordEpisodeStatistics(new CountingEnv(), { bufferLength: 0 })).toThrow(ConfigError);
  });
});
