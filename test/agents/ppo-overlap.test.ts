/**
 * PPO with `rolloutOverlap` (the next rollout in worker processes during the update, one update of
 * policy lag): the same seed and the same `rolloutWorkers` give the same curve (feed-forward with 1 and
 * 2 workers, recurrent); the first update (no overlap) is the synchronous run's, later ones are not;
 * stopping early discards the rollout in flight; it still learns a tiny task; REINFORCE and A2C refuse it.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { A2cAgent } from '../../agents/a2c.js';
import { PpoAgent } from '../../agents/ppo.js';
import { ReinforceAgent } from '../../agents/reinforce.js';
import type { Agent } from '../../src/rl/agent.js';
import type { TrainingResult } from '../../src/rl/on-policy.js';
import type { RolloutEnvRecipe } from '../../src/rl/rollout-messages.js';
import { ConfigError } from '../../src/util/errors.js';
import { curve } from '../helpers/learners.js';
import { evaluate, identityEnv, maskedEnv } from '../helpers/rl-envs.js';
import { useWasm } from '../helpers/tf.js';
import { makeTinyEnv, type TinyRecipeArgs } from '../rl/fixtures/rollout-envs.js';

const FIXTURE = pathToFileURL(fileURLToPath(new URL('../rl/fixtures/rollout-envs.ts', import.meta.url))).href;
const recipe = (args: TinyRecipeArgs): RolloutEnvRecipe => ({ module: FIXTURE, exportName: 'makeTinyEnv', args });

beforeAll(async () => {
  await useWasm();
});

interface Run {
  result: TrainingResult;
  curve: Record<string, unknown>[];
  weights: Float32Array;
}

async function train(opts: {
  workers: number;
  overlap: boolean;
  recurrent?: boolean;
  hyperparameters?: Record<string, unknown>;
  stopAfter?: number;
}): Promise<Run> {
  const agent = new PpoAgent({
    hyperparameters: { numSteps: 8, numMinibatches: 2, updateEpochs: 2, seed: 5, ...opts.hyperparameters },
    network: { kind: 'mlp', hidden: [8], recurrent: opts.recurrent ?? false },
    rolloutWorkers: opts.workers,
    rolloutOverlap: opts.overlap,
  });
  const kind = opts.recurrent ? 'cue' : 'masked';
  try {
    const result = await agent.learn(makeTinyEnv({ kind }, 4), {
      totalTimesteps: 3 * 8 * 4,
      rolloutEnv: recipe({ kind }),
      ...(opts.stopAfter ? { onUpdate: (s) => s.update < (opts.stopAfter as number) } : {}),
    });
    const weights = Float32Array.from(agent.network?.trainableVariables.flatMap((v) => [...v.dataSync()]) ?? []);
    return { result, curve: curve(result), weights };
  } finally {
    agent.dispose();
  }
}

/** What must be identical between two runs (the curve without wall-clock fields, the final weights). */
const same = (run: Run): Omit<Run, 'result'> => ({ curve: run.curve, weights: run.weights });

describe('PPO with rolloutOverlap', () => {
  it('1 worker: same seed ⇒ same curve and weights; the LR schedule is per update', { timeout: 120_000 }, async () => {
    const a = await train({ workers: 1, overlap: true });
    const b = await train({ workers: 1, overlap: true });
    expect(a.curve).toHaveLength(3);
    expect(same(b)).toEqual(same(a));
    expect(a.result.updates.map((u) => u.learningRate)).toEqual([0, 1, 2].map((k) => (1 - k / 3) * 2e-3));
    expect(a.result.globalStep).toBe(3 * 8 * 4); // the last update starts no rollout: none wasted
  });

  it('2 workers: same seed ⇒ same curve; update 1 (no overlap) is the synchronous one, later ones lag', { timeout: 150_000 }, async () => {
    const a = await train({ workers: 2, overlap: true });
    const b = await train({ workers: 2, overlap: true });
    const sync = await train({ workers: 2, overlap: false });
    expect(same(b)).toEqual(same(a));
    expect(a.curve[0]).toEqual(sync.curve[0]);
    expect(a.curve[1]).not.toEqual(sync.curve[1]);
    // Rollout 2 was collected with the initial weights, not the ones after update 1: the ratio starts away from 1.
    expect(a.result.updates[1]?.approxKl).toBeGreaterThan(0);
  });

  it('recurrent, with a target KL: same seed ⇒ same curve and weights', { timeout: 120_000 }, async () => {
    const hyperparameters = { targetKl: 1e-6 };
    const a = await train({ workers: 1, overlap: true, recurrent: true, hyperparameters });
    const b = await train({ workers: 1, overlap: true, recurrent: true, hyperparameters });
    expect(a.curve).toHaveLength(3);
    expect(same(b)).toEqual(same(a));
    expect(a.result.updates.every((u) => u.epochsRun === 1)).toBe(true);
  });

  it('stopping early discards the rollout in flight (not counted)', { timeout: 60_000 }, async () => {
    const run = await train({ workers: 1, overlap: true, stopAfter: 1 });
    expect(run.result.stoppedEarly).toBe(true);
    expect(run.result.updates).toHaveLength(1);
    expect(run.result.globalStep).toBe(8 * 4);
  });

  it('still learns the identity task (optimum 8)', { timeout: 120_000 }, async () => {
    const agent = new PpoAgent({
      hyperparameters: { numSteps: 16, learningRate: 0.01, numMinibatches: 2, gamma: 0.9 },
      network: { hidden: [32] },
      rolloutOverlap: true,
    });
    try {
      const args: TinyRecipeArgs = { kind: 'identity', length: 8 };
      await agent.learn(makeTinyEnv(args, 8), { totalTimesteps: 2048, rolloutEnv: recipe(args) });
      agent.deterministic = true;
      expect(evaluate(agent as unknown as Agent<Float32Array>, identityEnv(4, 8, { numEnvs: 8 }), 64)).toBeGreaterThan(0.9 * 8);
    } finally {
      agent.dispose();
    }
  });

  it('needs a rolloutEnv recipe', async () => {
    const agent = new PpoAgent({ hyperparameters: { numSteps: 4 }, rolloutOverlap: true });
    expect(agent.rolloutOverlap).toBe(true);
    await expect(agent.learn(maskedEnv(6, 3, { numEnvs: 2 }) as never, { totalTimesteps: 8 })).rejects.toThrow(
      /rolloutOverlap needs rolloutEnv/,
    );
    agent.dispose();
  });

  it('REINFORCE and A2C refuse it (no importance ratio); it must be a boolean', () => {
    for (const make of [() => new A2cAgent({ rolloutOverlap: true }), () => new ReinforceAgent({ rolloutOverlap: true })]) {
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(/rolloutOverlap: expected it only on ppo .*without an importance ratio/);
    }
    new A2cAgent({ rolloutOverlap: false }).dispose();
    expect(() => new PpoAgent({ rolloutOverlap: 'yes' as never })).toThrow(/rolloutOverlap: expected true or false, got/);
  });
});
