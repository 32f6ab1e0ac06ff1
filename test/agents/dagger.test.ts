/**
 * DAgger on the oracle (SB3-style learning test) on the tiny recall task (see bc.test.ts): the oracle
 * answers every query, never-store 1/4. Measured (seed 1, 8 envs, wasm): 2048 steps ⇒ held-out accuracy
 * 1.0, rollout agreement .34 → .82 over the 8 rounds, ≈ 2 s. PPO started from the DAgger agent starts
 * from its policy: its first evaluation is the DAgger agent's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAGGER_DEFAULTS, DaggerAgent } from '../../agents/dagger.js';
import { PpoAgent } from '../../agents/ppo.js';
import type { UpdateStats } from '../../src/rl/training-types.js';
import { baselines, heldOutAccuracy, privilegedTinyEnv } from '../helpers/imitation.js';
import { tempDir } from '../helpers/learners.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import { tinyRecallTask } from '../helpers/tiny-recall.js';
import { useWasm } from '../helpers/tf.js';

const disposables: { dispose(): void }[] = [];
let dagger: DaggerAgent;
let daggerAccuracy: number;
beforeAll(async () => {
  await useWasm();
});
afterAll(() => disposables.forEach((d) => d.dispose()));

function weights(agent: { network?: { namedWeights(): { variable: { dataSync(): unknown } }[] } | undefined }): number[][] {
  return (agent.network?.namedWeights() ?? []).map((w) => Array.from(w.variable.dataSync() as Float32Array));
}

describe('DaggerAgent', () => {
  it('rolls out its own policy as β decays, aggregates, and reaches the oracle', { timeout: 60_000 }, async () => {
    dagger = new DaggerAgent({ hyperparameters: { seed: 1 } });
    disposables.push(dagger);
    const seen: UpdateStats[] = [];
    const result = await dagger.learn(privilegedTinyEnv(), { totalTimesteps: 2048, onUpdate: (u) => void seen.push(u) });
    expect(seen).toEqual(result.updates);
    expect(result.updates.map((u) => u.beta)).toEqual(Array.from({ length: DAGGER_DEFAULTS.iterations }, (_, r) => 0.5 ** r));
    const sizes = result.updates.map((u) => u.datasetSize as number);
    expect(sizes.every((n, i) => i === 0 || n > (sizes[i - 1] as number))).toBe(true); // aggregated, not replaced
    const first = result.updates[0] as UpdateStats;
    const last = result.updates.at(-1) as UpdateStats;
    expect(last.agreement).toBeGreaterThan((first.agreement as number) + 0.3); // on its own states
    expect(last.agreement).toBeGreaterThan(0.75);
    expect(last.datasetAgreement).toBeGreaterThan(0.75);
    const { neverStore } = baselines();
    daggerAccuracy = heldOutAccuracy(dagger);
    expect(daggerAccuracy).toBeGreaterThan(neverStore + 0.5);
    expect(daggerAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('PPO started from the saved DAgger agent starts from its weights and its accuracy', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    await dagger.save(dir);
    const ppo = new PpoAgent({ hyperparameters: { seed: 7, learningRate: 1e-12, numSteps: 16 } });
    disposables.push(ppo);
    await ppo.initFrom(dir);
    expect(ppo.hyperparameters.seed).toBe(7); // PPO keeps its own hyperparameters
    expect(weights(ppo)).toEqual(weights(dagger));
    expect(heldOutAccuracy(ppo)).toBe(daggerAccuracy);
    // its first PPO update (a negligible learning rate) evaluates like the DAgger agent
    await ppo.learn(new MemoryVectorEnv(tinyRecallTask(), 4) as never, { totalTimesteps: 64 });
    expect(heldOutAccuracy(ppo)).toBe(daggerAccuracy);
  });

  it('PPO can also start from a DAgger agent in memory', async () => {
    const ppo = new PpoAgent();
    disposables.push(ppo);
    await ppo.initFrom(dagger);
    expect(weights(ppo)).toEqual(weights(dagger));
    expect(ppo.network).not.toBe(dagger.network);
  });
});
