/**
 * Bad actions from an agent are errors naming the agent, the sub-env and the value — never silently
 * coerced (an Int32Array would turn 1.5 into 1, "2" into 2, NaN/undefined/a Promise into 0).
 */
import { describe, expect, it } from 'vitest';
import { actBatch, type Agent } from '../../src/rl/agent.js';
import { checkAction } from '../../src/rl/action-check.js';
import { AgentActionError } from '../../src/util/errors.js';
import { evaluateAgent, evaluateAgentAsync } from '../../src/experiment/evaluate.js';
import { makeMemoryVectorEnv } from '../../src/experiment/envs.js';

const mask = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]); // 12 actions, 3 masked out

function returning(value: unknown, name = 'x'): Agent<unknown> {
  return { name, act: () => value as number };
}

describe('actBatch validates every action', () => {
  const obs = [{ actionMask: mask }, { actionMask: mask }, { actionMask: mask }, { actionMask: mask }];
  const infos = [{}, {}, {}, {}];
  const bad: [unknown, RegExp][] = [
    [1.5, /expected an integer action in \[0, 12\), got 1\.5/],
    ['2', /expected an integer action in \[0, 12\), got string "2"/],
    [Number.NaN, /got NaN/],
    [undefined, /got undefined/],
    [null, /got null/],
    [-1, /got -1/],
    [12, /got 12/],
    [3, /expected an unmasked action, got 3 \(masked out; valid now: 0, 1, 2, 4/],
    [Promise.resolve(1), /got a Promise \(act\(\) must not be async\)/],
  ];
  for (const [value, message] of bad) {
    it(`rejects ${typeof value === 'object' ? 'a Promise' : String(value)}`, () => {
      let err: unknown;
      try {
        actBatch(returning(value), obs, infos);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AgentActionError);
      expect((err as Error).message).toMatch(/^agent 'x' \(sub-env 0\): /);
      expect((err as Error).message).toMatch(message);
      expect((err as AgentActionError).subEnv).toBe(0);
    });
  }

  it('names the sub-env that got the bad action, and checks actBatch output too', () => {
    let i = 0;
    const third: Agent<unknown> = { name: 'third', act: () => (i++ === 2 ? 1.5 : 0) };
    expect(() => actBatch(third, obs, infos)).toThrow("agent 'third' (sub-env 2): expected an integer action in [0, 12), got 1.5");
    const batched: Agent<unknown> = { name: 'b', act: () => 0, actBatch: () => [0, 0, 99, 0] as unknown as Int32Array };
    expect(() => actBatch(batched, obs, infos)).toThrow("agent 'b' (sub-env 2): expected an integer action in [0, 12), got 99");
    const short: Agent<unknown> = { name: 's', act: () => 0, actBatch: () => new Int32Array(1) };
    expect(() => actBatch(short, obs, infos)).toThrow(/expected actBatch\(\) to return 4 actions/);
  });

  it('uses numActions when there is no mask', () => {
    expect(() => actBatch(returning(5), [{}], [{}], undefined, { numActions: 5 })).toThrow(/in \[0, 5\), got 5/);
    expect(Array.from(actBatch(returning(4), [{}], [{}], undefined, { numActions: 5 }))).toEqual([4]);
  });

  it('accepts valid actions', () => {
    expect(checkAction(4, { agent: 'a', subEnv: 0, mask })).toBe(4);
    expect(Array.from(actBatch(returning(2), obs, infos))).toEqual([2, 2, 2, 2]);
  });
});

describe('evaluation with a bad agent fails instead of reporting numbers', () => {
  const makeEnv = (n: number) => makeMemoryVectorEnv('memgym/Recall-Easy-v0', { reader: 'ideal', params: { length: 30 } }, n);
  it('sync and async', async () => {
    const base = { makeEnv, episodes: 4, baseSeed: 1, numEnvs: 2 };
    expect(() => evaluateAgent({ ...base, agent: returning(1.5, 'half') })).toThrow(
      "agent 'half' (sub-env 0): expected an integer action in [0, ",
    );
    const asyncAct: Agent = { name: 'async', act: (async () => 1) as unknown as () => number };
    await expect(evaluateAgentAsync({ ...base, agent: asyncAct })).rejects.toThrow(/agent 'async' \(sub-env 0\): .*got a Promise/);
    // a good agent still runs
    expect(evaluateAgent({ ...base, agent: returning(0, 'noop') })).toHaveLength(4);
    expect(await evaluateAgentAsync({ ...base, agent: returning(0, 'noop') })).toHaveLength(4);
  });
});

describe('actions the env ignores', () => {
  it('a sub-env about to be autoreset is checked for type and range, not against its terminal mask', () => {
    const terminal = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // only NOOP: the episode ended
    const obs = [{ actionMask: mask }, { actionMask: terminal }];
    const ignored = Uint8Array.from([0, 1]);
    expect(Array.from(actBatch(returning(2), obs, [{}, {}], undefined, { ignored }))).toEqual([2, 2]);
    expect(() => actBatch(returning(2), obs, [{}, {}])).toThrow("agent 'x' (sub-env 1): expected an unmasked action, got 2");
    expect(() => actBatch(returning(1.5), obs, [{}, {}], undefined, { ignored })).toThrow("agent 'x' (sub-env 0)");
    expect(() => actBatch(returning(12), [obs[1]], [{}], undefined, { ignored: Uint8Array.from([1]) })).toThrow('in [0, 12), got 12');
  });

  it('an agent that never looks at the mask is fine where its action is valid (terminal observations are reset)', async () => {
    const makeEnv = (n: number) => makeMemoryVectorEnv('memgym/Recall-Easy-v0', { reader: 'ideal', params: { length: 30 } }, n);
    const storeAlways = returning(2, 'store-always'); // STORE_AUTO: valid at every live step
    expect(evaluateAgent({ agent: storeAlways, makeEnv, episodes: 3, baseSeed: 1, numEnvs: 2 })).toHaveLength(3);
    expect(await evaluateAgentAsync({ agent: storeAlways, makeEnv, episodes: 3, baseSeed: 1, numEnvs: 2 })).toHaveLength(3);
  });
});
