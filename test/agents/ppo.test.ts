import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PpoAgent, PPO_DEFAULTS } from '../../agents/ppo.js';
import { A2cAgent } from '../../agents/a2c.js';
import type { VectorEnv } from '../../src/core/vector.js';
import { AgentError, CheckpointError, ConfigError } from '../../src/util/errors.js';
import { curve, tempDir, trainThenEvaluate } from '../helpers/learners.js';
import { banditEnv, identityEnv, slotEnv, type SlotObs } from '../helpers/rl-envs.js';
import { liveTensors, useWasm } from '../helpers/tf.js';
import { SLOT_FEATURE_DIM } from '../../src/memory/layout.js';

const dir = tempDir();
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fast = { numSteps: 16, learningRate: 0.01, numMinibatches: 2 };

describe('PPO learns (the shared tasks: test/agents/learning.test.ts)', () => {
  it('the slot task with the slot policy, which then runs at another slot count', async () => {
    const agent = new PpoAgent({ hyperparameters: { ...fast, learningRate: 0.005 }, network: { slotHidden: 32 } });
    const { score } = await trainThenEvaluate(agent, () => slotEnv(4, { numEnvs: 8 }), 3072);
    expect(agent.network?.spec.kind).toBe('slot');
    expect(score).toBeGreaterThan(0.9);
    await agent.save(join(dir, 'slot'));
    // Adaptive N: the same weights act on 6 slots (17 actions).
    const loaded = new PpoAgent({ deterministic: true });
    await loaded.load(join(dir, 'slot'));
    const env6 = slotEnv(6, { numEnvs: 8 });
    const { observations, infos } = env6.reset({ seed: 3 });
    const actions = loaded.actBatch(observations, infos);
    expect(loaded.network?.numActions).toBe(17);
    const correct = Array.from(actions).filter((a, i) => {
      const o = observations[i] as SlotObs;
      return o.slots[(a - 3) * SLOT_FEATURE_DIM] === 1 && o.slots[(a - 3) * SLOT_FEATURE_DIM + 1] === 0;
    }).length;
    expect(correct).toBeGreaterThanOrEqual(7);
    agent.dispose();
    loaded.dispose();
  });
});

describe('PPO mechanics', () => {
  it('same seed ⇒ same training curve; another seed ⇒ another curve', async () => {
    const run = async (seed: number) => {
      const agent = new PpoAgent({ hyperparameters: { ...fast, seed }, network: { hidden: [16] } });
      const res = await agent.learn(identityEnv(4, 8, { numEnvs: 4 }), { totalTimesteps: 256 });
      agent.dispose();
      return curve(res);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('save → load gives identical actions (greedy and sampled)', async () => {
    const agent = new PpoAgent({ hyperparameters: { ...fast, seed: 2 }, network: { hidden: [16] } });
    await agent.learn(identityEnv(4, 8, { numEnvs: 4 }), { totalTimesteps: 128 });
    await agent.save(join(dir, 'rt'));
    const loaded = new PpoAgent();
    await loaded.load(join(dir, 'rt'));
    expect(loaded.hyperparameters.seed).toBe(2);
    const obs = identityEnv(4, 8, { numEnvs: 32 }).reset({ seed: 9 }).observations;
    agent.deterministic = loaded.deterministic = true;
    expect(Array.from(loaded.actBatch(obs, []))).toEqual(Array.from(agent.actBatch(obs, [])));
    // Sampled: two agents loaded from the same checkpoint draw the same actions.
    const l1 = new PpoAgent();
    const l2 = new PpoAgent();
    await l1.load(join(dir, 'rt'));
    await l2.load(join(dir, 'rt'));
    expect(obs.map((o) => l1.act(o, {}))).toEqual(obs.map((o) => l2.act(o, {})));
    for (const x of [agent, loaded, l1, l2]) x.dispose();
  });

  it('leaks no tensors per update', async () => {
    const agent = new PpoAgent({ hyperparameters: fast, network: { hidden: [16] } });
    const counts: number[] = [];
    await agent.learn(identityEnv(4, 8, { numEnvs: 4 }), {
      totalTimesteps: 64 * 4,
      onUpdate: () => {
        counts.push(liveTensors());
      },
    });
    expect(new Set(counts).size).toBe(1);
    const before = liveTensors();
    agent.dispose();
    expect(liveTensors()).toBeLessThan(before);
  });

  it('validates hyperparameters and checkpoints', async () => {
    expect(new PpoAgent().hyperparameters).toEqual(PPO_DEFAULTS);
    expect(() => new PpoAgent({ hyperparameters: { clipcoef: 0.1 } as never })).toThrow(ConfigError);
    expect(() => new PpoAgent({ hyperparameters: { numSteps: 0 } })).toThrow(
      /hyperparameters.numSteps: expected a positive integer, got 0/,
    );
    expect(() => new PpoAgent({ hyperparameters: { gamma: 1.5 } })).toThrow(/gamma/);
    expect(() => new PpoAgent({ hyperparameters: { normAdv: 1 as unknown as boolean } })).toThrow(/expected a boolean/);
    expect(new PpoAgent({ hyperparameters: { targetKl: 0.02 } }).hyperparameters.targetKl).toBe(0.02);
    await expect(new PpoAgent().save(join(dir, 'empty'))).rejects.toThrow(AgentError);
    expect(() => new PpoAgent().act(new Float32Array(4), {})).toThrow(/call learn\(\) or load\(\) first/);
    await expect(new PpoAgent().load(join(dir, 'missing'))).rejects.toThrow(CheckpointError);
    const a2c = new A2cAgent({ network: { hidden: [8] } });
    await a2c.learn(banditEnv(undefined, { numEnvs: 2 }) as VectorEnv<unknown, number>, { totalTimesteps: 10 });
    await a2c.save(join(dir, 'a2c'));
    await expect(new PpoAgent().load(join(dir, 'a2c'))).rejects.toThrow(/expected a checkpoint of agent "ppo", got "a2c"/);
    a2c.dispose();
  });
});
