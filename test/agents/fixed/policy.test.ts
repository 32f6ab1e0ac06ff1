import { describe, expect, it } from 'vitest';
import { NOOP, STORE_BASE } from '../../../envs/common/actions.js';
import {
  EpisodeClock,
  FixedPolicyAgent,
  makeFixedPolicy,
  NO_PARAMS,
  type FixedPolicy,
  type NoParams,
} from '../../../agents/fixed/index.js';
import type { MemoryObservation } from '../../../envs/common/observation.js';
import { AgentError } from '../../../src/util/errors.js';
import { buildObs } from './build-obs.js';

/** An observation at step t of an episode of length T (the progress feature is t/T, as the env emits it). */
const at = (t: number, T: number, slots: Parameters<typeof buildObs>[0]['slots'] = [null, null]): MemoryObservation =>
  buildObs({ slots, t, T });

describe('EpisodeClock', () => {
  it('infers T from the first two observations of an episode', () => {
    const clock = new EpisodeClock();
    clock.observe(at(0, 37).global[0] as number);
    expect(clock.episodeLength).toBeUndefined();
    clock.observe(at(1, 37).global[0] as number);
    expect(clock.episodeLength).toBe(37);
    clock.observe(at(2, 37).global[0] as number);
    expect(clock.episodeLength).toBe(37);
    // a new episode starts over
    clock.observe(0);
    expect(clock.episodeLength).toBeUndefined();
    clock.observe(at(1, 256).global[0] as number);
    expect(clock.episodeLength).toBe(256);
  });

  it('does not count a repeated observation, and loses track on a drop without a new start', () => {
    const clock = new EpisodeClock();
    clock.observe(0);
    clock.observe(0);
    clock.observe(at(1, 20).global[0] as number);
    clock.observe(at(1, 20).global[0] as number);
    expect(clock.episodeLength).toBe(20);
    const late = new EpisodeClock();
    late.observe(0.5);
    late.observe(0.6);
    expect(late.episodeLength).toBeUndefined();
    clock.observe(0.01);
    expect(clock.episodeLength).toBeUndefined();
  });
});

describe('FixedPolicyAgent', () => {
  // λ 0.5, threshold 0.2: a slot fades at 3 steps. Slots aged 2 and 1 steps in an episode of T = 10.
  const full = [{ age: 2 }, { age: 1 }];

  it('gets T from params.episodeLength, else info.episodeLength, else its clock', () => {
    const obs = at(5, 10, full);
    expect(() => makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2 }).act(obs, {})).toThrow(AgentError);
    // T = 10: ages 2, 1 ⇒ nothing faded; T = 20 read from the same features: ages 4, 2 ⇒ slot 0 faded.
    expect(makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2 }).act(obs, { episodeLength: 10 })).toBe(NOOP);
    expect(makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2 }).act(obs, { episodeLength: 20 })).toBe(STORE_BASE);
    expect(makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2, episodeLength: 10 }).act(obs, { episodeLength: 20 })).toBe(NOOP);
    const agent = makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2 });
    expect(agent.act(at(0, 10), {})).toBe(STORE_BASE);
    expect(agent.act(at(1, 10, full), {})).toBe(NOOP);
  });

  it('keeps one clock per stream in actBatch, and applies mask overrides', () => {
    const agent = makeFixedPolicy('decay', { lambda: 0.5, threshold: 0.2 });
    // stream 0 runs an episode of T = 10, stream 1 one of T = 20, on the same slot features.
    const withProgress = (obs: MemoryObservation, p: number): MemoryObservation => {
      const global = obs.global.slice();
      global[0] = p;
      return { ...obs, global };
    };
    const start = at(0, 10);
    expect(Array.from(agent.actBatch([start, start], [{}, {}]))).toEqual([STORE_BASE, STORE_BASE]);
    const obs = at(1, 10, full);
    expect(Array.from(agent.actBatch([obs, withProgress(obs, Math.fround(1 / 20))], [{}, {}]))).toEqual([NOOP, STORE_BASE]);
    const onlyNoop = new Uint8Array(obs.actionMask.length);
    onlyNoop[NOOP] = 1;
    const fifo = makeFixedPolicy('fifo');
    expect(Array.from(fifo.actBatch([obs, obs], [{}, {}], [undefined, onlyNoop]))).toEqual([STORE_BASE, NOOP]);
  });

  it('rejects a flattened observation', () => {
    expect(() => makeFixedPolicy('fifo').act(new Float32Array(20) as unknown as MemoryObservation, {})).toThrow(/unflattened observation/);
  });

  it('throws AgentError when a policy picks a masked action', () => {
    const broken: FixedPolicy<NoParams> = {
      name: 'broken',
      description: 'forgets a free slot',
      params: NO_PARAMS,
      decide: (obs) => obs.actionMask.length - 3,
    };
    expect(() => new FixedPolicyAgent(broken).act(buildObs({ slots: [null, null] }), {})).toThrow(/mask forbids/);
  });
});
