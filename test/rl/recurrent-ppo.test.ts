import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PpoAgent } from '../../agents/ppo.js';
import type { VectorEnv } from '../../src/core/vector.js';
import { evaluateAgent } from '../../src/experiment/evaluate.js';
import type { Agent } from '../../src/rl/agent.js';
import { cueEnv, type CueObs } from '../helpers/cue-env.js';
import { curve, tempDir } from '../helpers/learners.js';
import { evaluate } from '../helpers/rl-envs.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

const dir = tempDir('memgym-rppo-');
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hp = { numSteps: 20, learningRate: 3e-3, numMinibatches: 2, seed: 3 };

function cuePpo(recurrent: boolean, seed = hp.seed): PpoAgent {
  return new PpoAgent({ hyperparameters: { ...hp, seed }, network: { kind: 'mlp', hidden: [32], recurrent } });
}

/** Greedy success rate on 200 held-out episodes (seeds unlike training's); action 2 would throw. */
function heldOut(agent: PpoAgent, autoresetMode: 'next-step' | 'same-step' = 'next-step'): number {
  agent.deterministic = true;
  agent.reset(); // the Agent contract: a new set of episodes starts
  return evaluate(agent as unknown as Agent<CueObs>, cueEnv(3, { numEnvs: 8, autoresetMode }), 200, 9_999);
}

describe('recurrent PPO (a GRU policy) on the cue task', () => {
  it('learns to recall the cue over 3 blank steps; feed-forward PPO stays at chance', async () => {
    const rnn = cuePpo(true);
    await rnn.learn(cueEnv(3, { numEnvs: 8 }), { totalTimesteps: 8000 });
    expect(rnn.network?.spec.kind).toBe('recurrent-mlp');
    expect(heldOut(rnn)).toBeGreaterThanOrEqual(0.9);
    // Acting carries the state through same-step autoresets too (episode starts from info.finalObservation).
    expect(heldOut(rnn, 'same-step')).toBeGreaterThanOrEqual(0.9);
    // The experiment harness's evaluation (compare, eval): twice the same, and as good.
    const harness = (): number[] =>
      evaluateAgent({
        agent: rnn,
        makeEnv: (n) => cueEnv(3, { numEnvs: n }) as unknown as VectorEnv<unknown, number>,
        episodes: 40,
        baseSeed: 500,
        numEnvs: 16,
      }).map((m) => m.return);
    const returns = harness();
    expect(harness()).toEqual(returns);
    expect(returns.reduce((a, b) => a + b, 0) / returns.length).toBeGreaterThanOrEqual(0.9);
    // The trained agent survives a save/load round trip with its GRU.
    await rnn.save(join(dir, 'rnn'));
    const loaded = new PpoAgent();
    await loaded.load(join(dir, 'rnn'));
    expect(heldOut(loaded)).toBe(heldOut(rnn));
    rnn.dispose();
    loaded.dispose();

    // At the query a feed-forward policy sees the same observation for both bits: 0.5 in expectation.
    const ff = cuePpo(false);
    await ff.learn(cueEnv(3, { numEnvs: 8 }), { totalTimesteps: 8000 });
    const ffScore = heldOut(ff);
    expect(ffScore).toBeGreaterThan(0.35);
    expect(ffScore).toBeLessThan(0.65);
    ff.dispose();
  }, 60_000);
});

describe('recurrent acting', () => {
  it('carries the state through an episode and zeroes it at episode starts', async () => {
    const agent = cuePpo(true, 5);
    await agent.learn(cueEnv(3, { numEnvs: 2 }), { totalTimesteps: 80 });
    const env = cueEnv(3, { numEnvs: 2 });
    const first = env.reset({ seed: 1 });
    agent.reset();
    expect(agent.recurrentState()).toBeUndefined();
    agent.actBatch(first.observations, first.infos);
    const afterFirst = agent.recurrentState() as Float32Array;
    const step = env.step([0, 0]);
    agent.actBatch(step.observations, step.infos);
    expect(agent.recurrentState()).not.toEqual(afterFirst);
    // reset(): the same first observations give the same state as at the start.
    agent.reset();
    agent.actBatch(first.observations, first.infos);
    expect(agent.recurrentState()).toEqual(afterFirst);
    // An autoreset info zeroes that sub-env's state only.
    agent.actBatch(step.observations, step.infos);
    const carried = agent.recurrentState() as Float32Array;
    agent.actBatch(first.observations, [{ autoreset: true }, {}]);
    const H = afterFirst.length / 2;
    const state = agent.recurrentState() as Float32Array;
    expect(state.subarray(0, H)).toEqual(afterFirst.subarray(0, H));
    expect(state.subarray(H)).not.toEqual(afterFirst.subarray(H));
    expect(carried).not.toEqual(state);
    agent.dispose();
  });

  it('same seed ⇒ same training curve', async () => {
    const run = async (): Promise<Record<string, unknown>[]> => {
      const agent = cuePpo(true, 8);
      const res = await agent.learn(cueEnv(3, { numEnvs: 4 }), { totalTimesteps: 240 });
      agent.dispose();
      return curve(res);
    };
    expect(await run()).toEqual(await run());
  });

  it('leaks no tensors over updates and acting', async () => {
    const agent = cuePpo(true, 6);
    const env = cueEnv(3, { numEnvs: 4 });
    await agent.learn(env, { totalTimesteps: 80 });
    const { observations, infos } = env.reset({ seed: 2 });
    agent.actBatch(observations, infos);
    const before = liveTensors();
    for (let i = 0; i < 3; i++) {
      await agent.learn(env, { totalTimesteps: 160 });
      agent.actBatch(observations, infos);
    }
    expect(liveTensors()).toBe(before);
    agent.dispose();
  });
});
