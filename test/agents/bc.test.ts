/**
 * Behaviour cloning of the oracle (SB3-style learning test): on the tiny recall task (11 items, 2 slots,
 * IdealReader; `test/helpers/tiny-recall.ts`) the oracle answers every query and never-store 1/4. The
 * right actions depend on the future (which facts are queried, which are superseded), but the task's
 * structure is fixed, so a policy that sees only the observation can match the oracle. Measured (seed 1,
 * 8 envs, wasm): 4096 steps ⇒ held-out accuracy 1.0, dataset agreement 1.0, ≈ 4 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BC_DEFAULTS, BcAgent } from '../../agents/bc.js';
import type { UpdateStats } from '../../src/rl/training-types.js';
import { AgentError, ConfigError } from '../../src/util/errors.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import { tinyRecallTask } from '../helpers/tiny-recall.js';
import { baselines, heldOutAccuracy, privilegedTinyEnv } from '../helpers/imitation.js';
import { useWasm } from '../helpers/tf.js';

let bc: BcAgent | undefined;
beforeAll(async () => {
  await useWasm();
});
afterAll(() => bc?.dispose());

describe('BcAgent', () => {
  it('learns to act like the oracle on the tiny recall task and beats never-store', { timeout: 60_000 }, async () => {
    bc = new BcAgent({ hyperparameters: { seed: 1 } });
    const seen: UpdateStats[] = [];
    const result = await bc.learn(privilegedTinyEnv(), { totalTimesteps: 4096, onUpdate: (u) => void seen.push(u) });
    expect(result.updates).toHaveLength(BC_DEFAULTS.iterations);
    expect(seen).toEqual(result.updates); // every diagnostic goes through onUpdate
    const last = result.updates.at(-1) as UpdateStats;
    expect(last.beta).toBe(1); // always the oracle's own state distribution
    // every step labelled except the next-step autoreset ones: 512 steps per sub-env, a reset after every 11
    expect(result.globalStep).toBe(4096);
    expect(last.datasetSize).toBe(8 * (512 - Math.floor(512 / 12)));
    expect(last.datasetAgreement).toBeGreaterThan(0.9);
    expect(last.policyLoss).toBeLessThan(result.updates[0]?.policyLoss as number);
    const { oracle, neverStore } = baselines();
    expect(oracle).toBe(1);
    const acc = heldOutAccuracy(bc);
    expect(acc).toBeGreaterThan(neverStore + 0.5);
    expect(acc).toBeGreaterThanOrEqual(0.9);
  });

  it('needs the privileged env to train, and checks its hyperparameters', async () => {
    const agent = new BcAgent();
    const plain = new MemoryVectorEnv(tinyRecallTask(), 2);
    await expect(agent.learn(plain as never, { totalTimesteps: 64 })).rejects.toThrow(AgentError);
    await expect(agent.learn(plain as never, { totalTimesteps: 64 })).rejects.toThrow(
      /bc: expected the privileged look-ahead info\.oracle/,
    );
    agent.dispose();
    expect(() => new BcAgent({ hyperparameters: { batchSize: 0 } })).toThrow(ConfigError);
    expect(() => new BcAgent({ hyperparameters: { betaDecay: 0.5 } as never })).toThrow(/unknown hyperparameter/);
  });
});
