import { describe, expect, it } from 'vitest';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { SyncVectorEnv } from '../../src/core/sync-vector-env.js';
import { ConfigError, InvalidActionError, ResetNeededError, SpaceError } from '../../src/util/errors.js';
import { CountingEnv, MaskedCountingEnv } from '../helpers/toy-envs.js';

const counting = (k: number) => () => new CountingEnv({ k, stochastic: true, tMax: 10 });
const t = (obs: Float32Array) => obs[0];

describe('SyncVectorEnv', () => {
  it('resets and steps in lock-step with typed-array results', () => {
    const vec = new SyncVectorEnv([counting(3), counting(3)]);
    expect(vec.numEnvs).toBe(2);
    expect(vec.autoresetMode).toBe('next-step');
    expect(vec.singleActionSpace).toBeInstanceOf(Discrete);
    const r = vec.reset({ seed: 0 });
    expect(r.observations.map(t)).toEqual([0, 0]);
    const s = vec.step([0, 1]);
    expect(s.rewards).toEqual(Float32Array.of(1, 0));
    expect(s.terminated).toEqual(Uint8Array.of(0, 0));
    expect(s.truncated).toEqual(Uint8Array.of(0, 0));
    expect(s.observations.map(t)).toEqual([1, 1]);
    expect(s.infos.map((i) => i.t)).toEqual([1, 1]);
  });

  it('seeds sub-env i with seed + i, or from an array', () => {
    const noise = (obs: Float32Array[]) => obs.map((o) => o[2]);
    const a = new SyncVectorEnv([counting(3), counting(3), counting(3)]);
    const single = (seed: number) => new CountingEnv({ stochastic: true }).reset({ seed }).observation[2];
    expect(noise(a.reset({ seed: 10 }).observations)).toEqual([single(10), single(11), single(12)]);
    expect(noise(a.reset({ seed: [5, 7, 5] }).observations)).toEqual([single(5), single(7), single(5)]);
    expect(() => a.reset({ seed: [1, 2] })).toThrow(ConfigError);
  });

  it('next-step autoreset: the step after the end resets, with reward 0 and info.autoreset', () => {
    const vec = new SyncVectorEnv([counting(2), counting(3)]);
    vec.reset({ seed: 1 });
    vec.step([0, 0]);
    const end = vec.step([1, 1]);
    expect(Array.from(end.terminated)).toEqual([1, 0]);
    expect(end.observations.map(t)).toEqual([2, 2]); // final observation of env 0
    const next = vec.step([3, 2]);
    expect(Array.from(next.terminated)).toEqual([0, 1]);
    expect(next.rewards[0]).toBe(0);
    expect(next.truncated[0]).toBe(0);
    expect(next.infos[0]).toMatchObject({ autoreset: true, t: 0 });
    expect(next.infos[1]?.autoreset).toBeUndefined();
    expect(next.observations.map(t)).toEqual([0, 3]);
    const after = vec.step([0, 0]);
    expect(after.observations.map(t)).toEqual([1, 0]);
    expect(after.infos[1]).toMatchObject({ autoreset: true });
    expect(after.rewards[0]).toBe(1);
  });

  it('same-step autoreset: the ending step returns the new first observation and the final one in info', () => {
    const vec = new SyncVectorEnv([counting(2), counting(3)], { autoresetMode: 'same-step' });
    vec.reset({ seed: 1 });
    vec.step([0, 0]);
    const end = vec.step([1, 1]);
    expect(Array.from(end.terminated)).toEqual([1, 0]);
    expect(end.rewards[0]).toBe(1);
    expect(end.observations.map(t)).toEqual([0, 2]);
    const info0 = end.infos[0] as { finalObservation: Float32Array; finalInfo: { t: number } };
    expect(t(info0.finalObservation)).toBe(2);
    expect(info0.finalInfo.t).toBe(2);
    const next = vec.step([0, 2]);
    expect(next.observations.map(t)).toEqual([1, 0]);
    expect(next.rewards[0]).toBe(1);
  });

  it('validates the number of actions and enforces reset', () => {
    const vec = new SyncVectorEnv([counting(3), counting(3)]);
    expect(() => vec.step([0, 0])).toThrow(ResetNeededError);
    vec.reset();
    expect(() => vec.step([0])).toThrow(new InvalidActionError('expected 2 actions (one per sub-env), got 1'));
    expect(() => vec.step([0, 9])).toThrow(/sub-env 1: expected an integer in \[0, 4\), got 9/);
  });

  it('exposes actionMasks only when every sub-env has them', () => {
    expect(new SyncVectorEnv([counting(3)]).actionMasks).toBeUndefined();
    const vec = new SyncVectorEnv([() => new MaskedCountingEnv({ nActions: 3 }), () => new MaskedCountingEnv({ nActions: 3 })]);
    vec.reset();
    vec.step([0, 0]);
    expect(vec.actionMasks?.().map((m) => Array.from(m))).toEqual([
      [1, 1, 0],
      [1, 1, 0],
    ]);
  });

  it('rejects mismatched spaces, bad options, and closes once', () => {
    expect(() => new SyncVectorEnv([counting(3), () => new CountingEnv({ nActions: 5, tMax: 10 })])).toThrow(SpaceError);
    expect(() => new SyncVectorEnv([])).toThrow(ConfigError);
    expect(() => new SyncVectorEnv([counting(3)], { autoresetMode: 'x' as never })).toThrow(ConfigError);
    const vec = new SyncVectorEnv([counting(3), counting(3)]);
    vec.close();
    vec.close();
    expect(vec.envs.map((e) => (e as CountingEnv).closeCount)).toEqual([1, 1]);
  });
});
