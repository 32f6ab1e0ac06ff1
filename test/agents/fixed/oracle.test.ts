import { describe, expect, it } from 'vitest';
import { decideOracle, makeFixedPolicy, readOracleInfo } from '../../../agents/fixed/index.js';
import { AgentError } from '../../../src/util/errors.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { buildObs, decisionNames, type ObsSpec } from './build-obs.js';

const decide = decisionNames(decideOracle);

const full3: ObsSpec = { slots: [{ age: 1 }, { age: 2 }, { age: 3 }] };

describe('oracle decisions', () => {
  it('RETRIEVEs at a query whose support is outside the working context', () => {
    expect(decide({ ...full3, isQuery: true }, { itemNextUse: -1, slotNextUse: [9, 12, 20], isQuery: true })).toBe('RETRIEVE');
    // The look-ahead's isQuery suffices even if the observation's flag were off.
    expect(decide(full3, { itemNextUse: -1, slotNextUse: [9, 12, 20], isQuery: true })).toBe('RETRIEVE');
  });

  it('handles a query answerable from context like any other item', () => {
    const q = { ...full3, isQuery: true };
    expect(decide(q, { itemNextUse: -1, slotNextUse: [9, 12, 20], isQuery: true, supportInContext: true })).toBe('NOOP');
    expect(decide(q, { itemNextUse: -1, slotNextUse: [9, -1, 20], isQuery: true, supportInContext: true })).toBe('FORGET_1');
  });

  it('skips an item never used again, FORGETting the lowest dead slot if any', () => {
    expect(decide(full3, { itemNextUse: -1, slotNextUse: [9, 12, 20] })).toBe('NOOP');
    expect(decide(full3, { itemNextUse: -1, slotNextUse: [9, -1, -1] })).toBe('FORGET_1');
    expect(decide({ slots: [null, null] }, { itemNextUse: -1, slotNextUse: [-1, -1] })).toBe('NOOP');
  });

  it('stores a needed item over the lowest dead slot before using a free one', () => {
    expect(decide({ slots: [null, { age: 4 }, { age: 2 }] }, { itemNextUse: 30, slotNextUse: [-1, 12, -1] })).toBe('STORE_2');
  });

  it('stores a needed item into the lowest free slot when no slot is dead', () => {
    expect(decide({ slots: [{ age: 4 }, null, null] }, { itemNextUse: 30, slotNextUse: [12, -1, -1] })).toBe('STORE_1');
  });

  it('when full, evicts the slot needed farthest in the future, only if later than the item', () => {
    expect(decide(full3, { itemNextUse: 25, slotNextUse: [20, 50, 30] })).toBe('STORE_1');
    expect(decide(full3, { itemNextUse: 40, slotNextUse: [20, 35, 30] })).toBe('NOOP');
    expect(decide(full3, { itemNextUse: 35, slotNextUse: [20, 35, 30] })).toBe('NOOP'); // not strictly later
  });

  it('breaks ties between equally far slots by the lowest index', () => {
    expect(decide(full3, { itemNextUse: 20, slotNextUse: [50, 10, 50] })).toBe('STORE_0');
  });

  it('NOOPs when nothing else is valid', () => {
    expect(decide({ ...full3, done: true }, { itemNextUse: 25, slotNextUse: [-1, 50, 30] })).toBe('NOOP');
  });

  it('throws AgentError without the privileged look-ahead', () => {
    const agent = makeFixedPolicy('oracle');
    expect(agent.requiredEnvOptions).toEqual({ privileged: true });
    expect(() => readOracleInfo({})).toThrow(AgentError);
    expect(() => agent.act(buildObs(full3), {})).toThrow(/privileged: true/);
    expect(() => agent.act(buildObs(full3), { oracle: { itemNextUse: 3 } })).toThrow(AgentError);
    const env = tinyRecallEnv();
    const { observation, info } = env.reset({ seed: 0 });
    expect(() => agent.act(observation, info)).toThrow(AgentError);
  });
});

describe('oracle episodes (tiny recall, W = 2, N = 2)', () => {
  it('answers all 4 queries of the default script (hand-computed)', () => {
    // 0 F:a, 1 F:b, 2 -, 3 F:c, 4 Q:b, 5 F:a, 6 -, 7 Q:a, 8 Q:c, 9 -, 10 Q:a.
    // 0 a is superseded by 5 before any query ⇒ skip; 1 b (next use 4) → s0; 2 noise skipped;
    // 3 c (8) → s1; 4 Q:b RETRIEVE ✓; 5 a (7): b is dead ⇒ over b (s0); 6 noise skipped;
    // 7 Q:a, support 5 in context: handled as an item, nothing to do; 8 Q:c RETRIEVE ✓;
    // 9 noise: c is dead ⇒ FORGET_1; 10 Q:a RETRIEVE ✓  ⇒ 4/4.
    const env = tinyRecallEnv({ privileged: true });
    const run = runEpisodes(env, makeFixedPolicy('oracle'), 3);
    expect(run.accuracies).toEqual([1, 1, 1]);
    expect(run.steps.slice(0, 11).map((s) => env.state.layout.name(s.action))).toEqual([
      'NOOP',
      'STORE_0',
      'NOOP',
      'STORE_1',
      'RETRIEVE',
      'STORE_0',
      'NOOP',
      'NOOP',
      'RETRIEVE',
      'FORGET_1',
      'RETRIEVE',
    ]);
  });

  it('keeps the fact needed soonest when memory is short (hand-computed)', () => {
    // N = 1. 0 F:a, 1 F:b, 2 -, 3 -, 4 Q:b, 5 -, 6 Q:a.
    // 0 a (next 6) → s0; 1 b (next 4) is needed sooner than a ⇒ over a; 4 Q:b ✓; 6 Q:a ✗  ⇒ 1/2.
    // Keeping a instead would also give 1/2: no policy beats 1/2 with one slot here.
    const script = ['F:a', 'F:b', '-', '-', 'Q:b', '-', 'Q:a'];
    const env = tinyRecallEnv({ script, slots: 1, privileged: true });
    const run = runEpisodes(env, makeFixedPolicy('oracle'), 2);
    expect(run.accuracies).toEqual([0.5, 0.5]);
    expect(run.steps.slice(0, 2).map((s) => env.state.layout.name(s.action))).toEqual(['STORE_0', 'STORE_0']);
  });
});
