/**
 * PPO with the default slot policy learns to manage memory on a small recall task and beats the
 * random and FIFO policies by a clear margin within a short budget (issue 5).
 *
 * Task: the `hard` recall preset (hot / steady / cold / volatile keys) shortened to 48 items and 16 keys,
 * with more distractors (noiseRate 0.3), the IdealReader (a query is answered iff its fact is visible)
 * and N fixed at 3 slots (minSlots = maxSlots = 3: no GROW/SHRINK, so PPO gets the same memory as the
 * fixed policies). FIFO stores every item, so distractors and queries flush the facts out of its 3 slots.
 *
 * Measured on this task (64 held-out episodes; `scratch/` runs, wasm backend):
 * random ≈ .12, never-store ≈ .11, FIFO ≈ .14, LRU ≈ .15, LFU ≈ .18, oracle ≈ .96; hand-written
 * reactive rules: facts only + FIFO ≈ .32, facts only + overwrite the same key + LFU ≈ .49.
 * PPO after 49 152 steps (48 updates of 32 envs × 32 steps), greedy, over training seeds 1–8: .30–.36
 * for seven seeds (mean .34); seed 8 sits in a transient dip at that point (.15; .35 at 65k steps, .41
 * at 82k). Seed 1, used here: .35 against FIFO .15 and random .14 on these evaluation seeds. The
 * asserted margins (> .08 over FIFO, > .10 over random) sit under what the typical seeds reach and well
 * over evaluation noise (≈ 640 queries ⇒ s.e. ≈ .02); the run is deterministic on the wasm backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PpoAgent } from '../../agents/ppo.js';
import { makeFixedPolicy } from '../../agents/fixed/index.js';
import { buildTask } from '../../envs/common/family.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import { RECALL_FAMILY } from '../../envs/recall/index.js';
import type { VectorEnv } from '../../src/core/vector.js';
import type { Agent } from '../../src/rl/agent.js';
import { episodeAccuracy } from '../helpers/learners.js';
import { useWasm } from '../helpers/tf.js';

const KWARGS = {
  reader: 'ideal',
  preset: 'hard',
  params: { length: 48, numKeys: 16, noiseRate: 0.3 },
  minSlots: 3,
  maxSlots: 3,
};
/** Held-out evaluation: 64 episodes from seeds 10 000 … 10 063 (training uses seeds 1 … 32 and their streams). */
const EVAL_SEED = 10_000;
const EVAL_EPISODES = 64;

function vecEnv(numEnvs: number): MemoryVectorEnv {
  return new MemoryVectorEnv(buildTask(RECALL_FAMILY, KWARGS), numEnvs);
}

function accuracy(agent: Agent<MemoryObservation>): number {
  return episodeAccuracy(agent, vecEnv(EVAL_EPISODES), EVAL_SEED).accuracy;
}

let ppo: PpoAgent;
beforeAll(async () => {
  await useWasm();
});
afterAll(() => ppo?.dispose());

describe('PPO on a small recall task', () => {
  it('beats random and FIFO by a clear margin after 49k steps', { timeout: 240_000 }, async () => {
    const env = vecEnv(32);
    expect(env.reset({ seed: 1 }).infos[0]?.slots).toBe(3); // N = 3, and GROW/SHRINK are masked out
    ppo = new PpoAgent({
      hyperparameters: { numSteps: 32, learningRate: 2e-3, annealLr: false, seed: 1 },
      network: { slotHidden: 32 },
    });
    const result = await ppo.learn(env as unknown as VectorEnv<unknown, number>, { totalTimesteps: 48 * 32 * 32 });
    expect(result.updates).toHaveLength(48);
    expect(ppo.network?.spec.kind).toBe('slot');

    ppo.deterministic = true;
    const learned = accuracy(ppo as unknown as Agent<MemoryObservation>);
    const fifo = accuracy(makeFixedPolicy('fifo'));
    const random = accuracy(makeFixedPolicy('random', { seed: 0 }));
    expect(fifo).toBeGreaterThan(random - 0.02); // sanity of the baselines (≈ .14 vs ≈ .12)
    expect(learned).toBeGreaterThan(fifo + 0.08);
    expect(learned).toBeGreaterThan(random + 0.1);
  });
});
