import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A2C_DEFAULTS, A2cAgent } from '../../agents/a2c.js';
import { curve, tempDir, trainThenEvaluate } from '../helpers/learners.js';
import { identityEnv, maskedEnv } from '../helpers/rl-envs.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

const dir = tempDir();
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fast = { numSteps: 16, learningRate: 0.01 };

describe('A2C learns (the shared tasks: test/agents/learning.test.ts)', () => {
  it('the masked identity task (optimum 4)', async () => {
    const agent = new A2cAgent({ hyperparameters: fast, network: { hidden: [32] } });
    const { score } = await trainThenEvaluate(agent, () => maskedEnv(6, 4, { numEnvs: 8, maskVia: 'env' }), 4096);
    expect(score).toBeGreaterThan(0.9 * 4);
    agent.dispose();
  });
});

describe('A2C mechanics', () => {
  it('has SB3-style defaults', () => {
    expect(new A2cAgent().hyperparameters).toEqual(A2C_DEFAULTS);
  });

  it('same seed ⇒ same curve; save → load gives identical actions; no tensor leak', async () => {
    const run = async () => {
      const agent = new A2cAgent({ hyperparameters: { ...fast, seed: 3 }, network: { hidden: [16] } });
      const counts: number[] = [];
      const res = await agent.learn(identityEnv(4, 8, { numEnvs: 4 }), {
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
    await a.agent.save(join(dir, 'a2c'));
    const loaded = new A2cAgent({ deterministic: true });
    await loaded.load(join(dir, 'a2c'));
    a.agent.deterministic = true;
    const obs = identityEnv(4, 8, { numEnvs: 16 }).reset({ seed: 1 }).observations;
    expect(Array.from(loaded.actBatch(obs, []))).toEqual(Array.from(a.agent.actBatch(obs, [])));
    for (const x of [a.agent, b.agent, loaded]) x.dispose();
  });
});
