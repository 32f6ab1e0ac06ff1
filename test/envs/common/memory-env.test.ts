import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../src/core/check-env.js';
import { InvalidActionError, ResetNeededError } from '../../../src/util/errors.js';
import { buildTask } from '../../../envs/common/family.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import { MemoryVectorEnv } from '../../../envs/common/memory-vector-env.js';
import type { OracleInfo } from '../../../envs/common/oracle-info.js';
import { ActionLayout, NOOP, RETRIEVE, STORE_AUTO } from '../../../envs/common/actions.js';
import { SLOT_FEATURE_DIM, type MemoryObservation } from '../../../envs/common/observation.js';
import { RECALL_FAMILY } from '../../../envs/recall/index.js';

const ideal = (extra: Record<string, unknown> = {}) => buildTask(RECALL_FAMILY, { preset: 'easy', reader: 'ideal', ...extra });

/** A compact Belady-style manager on info.oracle, enough to show that memory decides accuracy. */
function oracleAction(obs: MemoryObservation, info: Record<string, unknown>, layout: ActionLayout): number {
  const o = info.oracle as OracleInfo;
  if (o.isQuery) return o.supportInContext ? NOOP : RETRIEVE;
  if (o.itemNextUse < 0) return NOOP;
  let victim = -1;
  let farthest = o.itemNextUse;
  for (let i = 0; i < layout.maxSlots; i++) {
    if (obs.actionMask[3 + i] !== 1) continue;
    const use = o.slotNextUse[i] as number;
    const occupied = obs.slots[i * SLOT_FEATURE_DIM + 1] === 1;
    const next = !occupied ? -2 : use < 0 ? Infinity : use;
    if (next === -2) return layout.encode({ op: 'STORE', slot: i });
    if (next > farthest) {
      farthest = next;
      victim = i;
    }
  }
  return victim >= 0 ? layout.encode({ op: 'STORE', slot: victim }) : NOOP;
}

function runEpisode(env: MemoryEnv, seed: number, policy: (obs: MemoryObservation, info: Record<string, unknown>) => number): number {
  let { observation, info } = env.reset({ seed });
  for (;;) {
    const r = env.step(policy(observation, info));
    observation = r.observation;
    info = r.info;
    if (r.terminated || r.truncated) return r.info.accuracy as number;
  }
}

describe('MemoryEnv (recall, ideal reader)', () => {
  it('passes checkEnv', () => {
    const report = checkEnv(() => new MemoryEnv(ideal()) as never, { maxSteps: 120 });
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('errors on step before reset, invalid and masked actions, without changing state', () => {
    const env = new MemoryEnv(ideal());
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset({ seed: 1 });
    const layout = env.state.layout;
    expect(() => env.step(layout.n)).toThrow(`expected an integer in [0, ${layout.n}), got ${layout.n}`);
    expect(() => env.step(layout.encode({ op: 'FORGET', slot: 0 }))).toThrow(/already free/);
    expect(() => env.step(layout.encode({ op: 'STORE', slot: layout.maxSlots - 1 }))).toThrow(InvalidActionError);
    expect(env.state.t).toBe(0);
  });

  it('memory decides accuracy: the oracle beats never-store clearly', () => {
    const env = new MemoryEnv(ideal({ privileged: true }));
    const layout = env.state.layout;
    let oracle = 0;
    let never = 0;
    for (let s = 0; s < 5; s++) {
      oracle += runEpisode(env, s, (o, i) => oracleAction(o, i, layout));
      never += runEpisode(env, s, () => NOOP);
    }
    expect(oracle / 5).toBeGreaterThan(never / 5 + 0.3);
  });

  it('reports the documented info keys and a per-step reward of +1 per correct answer', () => {
    const env = new MemoryEnv(ideal({ retrieveCost: 0.1 }));
    env.reset({ seed: 3 });
    let total = 0;
    let correct = 0;
    let retrievals = 0;
    for (;;) {
      const query = env.observationSpace && env.state.episode!.isQuery[env.state.t] === 1;
      const r = env.step(query ? RETRIEVE : STORE_AUTO);
      expect(r.info).toHaveProperty('slotsUsed');
      expect(r.info).toHaveProperty('evicted');
      expect(r.info.isQuery).toBe(query);
      if (query) {
        retrievals++;
        if (r.info.correct) correct++;
      }
      total += r.reward;
      if (r.terminated) {
        expect(r.info.retrievals).toBe(retrievals);
        expect(r.info.accuracy).toBeCloseTo(correct / (r.info.queries as number));
        break;
      }
    }
    expect(total).toBeCloseTo(correct - 0.1 * retrievals, 4);
  });
});

describe('MemoryEnv resizable', () => {
  it("resizable: false masks GROW and SHRINK and rejects them with a reason; N stays the formula's", () => {
    const env = new MemoryEnv(ideal({ resizable: false }));
    const layout = new ActionLayout(8);
    const { observation, info } = env.reset({ seed: 3 });
    expect(observation.actionMask[layout.grow]).toBe(0);
    expect(observation.actionMask[layout.shrink]).toBe(0);
    expect(observation.actionMask[STORE_AUTO]).toBe(1);
    expect(info.slots).toBe(4);
    expect(() => env.step(layout.grow)).toThrow('is not valid now: the slot count is fixed (resizable: false)');
    const open = new MemoryEnv(ideal()).reset({ seed: 3 }).observation;
    expect(open.actionMask[layout.grow]).toBe(1); // the default is resizable
  });
});

describe('MemoryVectorEnv', () => {
  it('sub-env i reproduces the single env seeded seed + i, step for step', () => {
    const task = ideal();
    const vec = new MemoryVectorEnv(task, 3);
    const singles = [0, 1, 2].map(() => new MemoryEnv(task));
    const v0 = vec.reset({ seed: 10 });
    const s0 = singles.map((e, i) => e.reset({ seed: 10 + i }));
    s0.forEach((r, i) => expect(v0.observations[i]).toEqual(r.observation));
    for (let step = 0; step < 60; step++) {
      const actions = singles.map((e) => (e.state.episode!.isQuery[e.state.t] === 1 ? RETRIEVE : STORE_AUTO));
      const v = vec.step(actions);
      singles.forEach((e, i) => {
        const r = e.step(actions[i] as number);
        expect(v.observations[i]).toEqual(r.observation);
        expect(v.rewards[i]).toBeCloseTo(r.reward);
      });
    }
  });

  it('validates every action before applying any', () => {
    const vec = new MemoryVectorEnv(ideal(), 2);
    vec.reset({ seed: 0 });
    const before = vec.states.map((s) => s.t);
    expect(() => vec.step([STORE_AUTO, 9999])).toThrow(InvalidActionError);
    expect(vec.states.map((s) => s.t)).toEqual(before);
    expect(() => vec.step([STORE_AUTO])).toThrow('expected 2 actions');
  });

  it('autoresets on the next step after an episode ends', () => {
    const vec = new MemoryVectorEnv(ideal({ params: { length: 12 } }), 2);
    vec.reset({ seed: 0 });
    let ended = -1;
    for (let step = 0; step < 12; step++) {
      const r = vec.step([NOOP, NOOP]);
      if (r.terminated[0]) ended = step;
    }
    expect(ended).toBe(11);
    const r = vec.step([NOOP, NOOP]);
    expect(r.infos[0]?.autoreset).toBe(true);
    expect(vec.states[0]?.t).toBe(0);
  });
});
