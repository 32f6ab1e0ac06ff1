import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REINFORCE_DEFAULTS, ReinforceAgent } from '../../agents/reinforce.js';
import { curve, tempDir } from '../helpers/learners.js';
import { banditEnv } from '../helpers/rl-envs.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

const dir = tempDir();
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fast = { numSteps: 16, learningRate: 0.01 };

// The learning tests (bandit, identity, chain): test/agents/learning.test.ts.

describe('REINFORCE mechanics', () => {
  it('uses Monte-Carlo returns: gaeLambda is fixed at 1 and not a hyperparameter', () => {
    const agent = new ReinforceAgent();
    expect(agent.hyperparameters).toEqual(REINFORCE_DEFAULTS);
    expect(() => new ReinforceAgent({ hyperparameters: { gaeLambda: 0.9 } as never })).toThrow(/unknown hyperparameter/);
  });

  it('same seed ⇒ same curve; save → load gives identical actions; no tensor leak', async () => {
    const run = async () => {
      const agent = new ReinforceAgent({ hyperparameters: { ...fast, seed: 4 }, network: { hidden: [16] } });
      const counts: number[] = [];
      const res = await agent.learn(banditEnv(undefined, { numEnvs: 4 }), {
        totalTimesteps: 64 * 4,
        onUpdate: () => {
          counts.push(liveTensors());
        },
      });
      expect(new Set(counts).size).toBe(1);
      return { agent, curve: curve(res) };
    };
    const a = await run();
    const b = await run();
    expect(b.curve).toEqual(a.curve);
    await a.agent.save(join(dir, 'reinforce'));
    const loaded = new ReinforceAgent({ deterministic: true });
    await loaded.load(join(dir, 'reinforce'));
    a.agent.deterministic = true;
    const obs = [new Float32Array([1])];
    expect(loaded.act(obs[0], {})).toBe(a.agent.act(obs[0], {}));
    for (const x of [a.agent, b.agent, loaded]) x.dispose();
  });
});
