/**
 * On-policy training with rollouts in worker processes: the shares, the merge into the learner's buffer
 * (equal to one in-process collector over all envs with the same per-env rng streams), and that the same
 * seed and the same `rolloutWorkers` give the same training curve (feed-forward and recurrent PPO).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PpoAgent } from '../../agents/ppo.js';
import type { VectorEnv } from '../../src/core/vector.js';
import { createEncoder, inferEncoderSpec } from '../../src/rl/networks/encoders.js';
import { MlpPolicy } from '../../src/rl/networks/mlp-policy.js';
import { RecurrentMlpPolicy } from '../../src/rl/networks/recurrent-mlp-policy.js';
import type { PolicyNetwork } from '../../src/rl/networks/network.js';
import { ParallelRollout, shareBounds } from '../../src/rl/parallel-rollout.js';
import { RecurrentRollout } from '../../src/rl/recurrent-rollout.js';
import { collectSteps, initialRolloutState, perEnvSampler } from '../../src/rl/rollout-collect.js';
import { RolloutBuffer } from '../../src/rl/rollout-buffer.js';
import type { RolloutEnvRecipe } from '../../src/rl/rollout-messages.js';
import { shareRngs } from '../../src/rl/rollout-share.js';
import { RolloutWorkerError } from '../../src/util/errors.js';
import { curve } from '../helpers/learners.js';
import { maskedEnv } from '../helpers/rl-envs.js';
import { useWasm } from '../helpers/tf.js';
import { makeTinyEnv, type TinyRecipeArgs } from './fixtures/rollout-envs.js';

const FIXTURE = pathToFileURL(fileURLToPath(new URL('./fixtures/rollout-envs.ts', import.meta.url))).href;
const recipe = (args: TinyRecipeArgs): RolloutEnvRecipe => ({ module: FIXTURE, exportName: 'makeTinyEnv', args });

beforeAll(async () => {
  await useWasm();
});

describe('shareBounds', () => {
  it('splits B envs into W contiguous shares, sizes within one', () => {
    expect(shareBounds(5, 2)).toEqual([
      { start: 0, count: 3 },
      { start: 3, count: 2 },
    ]);
    expect(shareBounds(8, 4).map((s) => s.count)).toEqual([2, 2, 2, 2]);
    expect(shareBounds(3, 1)).toEqual([{ start: 0, count: 3 }]);
    expect(() => shareBounds(2, 3)).toThrow(RolloutWorkerError);
    expect(() => shareBounds(2, 0)).toThrow(/expected rolloutWorkers to be an integer in \[1, 2\]/);
  });
});

/** Two rollouts of 5 envs through 2 workers against one in-process collector over all 5 with the same rngs. */
async function compareWithInProcess(
  args: TinyRecipeArgs,
  network: PolicyNetwork,
  F: number,
  encoderSpec: ReturnType<typeof createEncoder>['spec'],
): Promise<void> {
  const B = 5;
  const T = 7;
  const seed = 4;
  const rec = network.recurrent;
  const parallel = await ParallelRollout.start(
    { backend: 'wasm', env: recipe(args), seed, numSteps: T, autoresetMode: 'next-step', encoder: encoderSpec, network: network.spec },
    B,
    2,
  );
  const mk = (): { buf: RolloutBuffer; seq: RecurrentRollout | undefined } => ({
    buf: new RolloutBuffer({ numSteps: T, numEnvs: B, featureSize: F, numActions: network.numActions }),
    seq: rec ? new RecurrentRollout(rec, { numSteps: T, numEnvs: B, inputSize: F }) : undefined,
  });
  const remote = mk();
  const local = mk();
  const env = makeTinyEnv(args, B);
  const encoder = createEncoder(encoderSpec);
  const state = initialRolloutState(env.reset({ seed }), B);
  const sample = perEnvSampler(shareRngs(seed, 0, B));
  try {
    for (let round = 0; round < 2; round++) {
      const got = await parallel.collect(network.trainableVariables, remote.buf, remote.seq);
      const want = collectSteps({ env, network, encoder, buf: local.buf, seq: local.seq, sample }, state);
      expect(remote.buf).toEqual(local.buf);
      expect(got.lastValues).toEqual(want.lastValues);
      expect([...got.returns].sort()).toEqual([...want.returns].sort());
      expect(got.returns.length).toBeGreaterThan(0);
      if (remote.seq && local.seq) {
        expect(remote.seq.initialState).toEqual(local.seq.initialState);
        expect(remote.seq.episodeStarts).toEqual(local.seq.episodeStarts);
      }
    }
  } finally {
    await parallel.close();
  }
}

describe('ParallelRollout', () => {
  it('merges the shares into what one in-process collector with per-env rngs collects (feed-forward)', { timeout: 60_000 }, async () => {
    const args: TinyRecipeArgs = { kind: 'masked' };
    const sample = makeTinyEnv(args, 1).reset({ seed: 0 }).observations[0];
    const encoder = createEncoder(inferEncoderSpec(sample, 'flat'));
    const net = new MlpPolicy({ inputSize: encoder.featureSize, numActions: 6, hidden: [8] }, { seed: 2 });
    await compareWithInProcess(args, net, encoder.featureSize, encoder.spec);
    net.dispose();
  });

  it('… and with a recurrent network (segment-start states and episode starts)', { timeout: 60_000 }, async () => {
    const args: TinyRecipeArgs = { kind: 'cue' };
    const sample = makeTinyEnv(args, 1).reset({ seed: 0 }).observations[0];
    const encoder = createEncoder(inferEncoderSpec(sample, 'flat'));
    const net = new RecurrentMlpPolicy({ inputSize: encoder.featureSize, numActions: 3, hidden: [8], recurrentHidden: 4 }, { seed: 2 });
    await compareWithInProcess(args, net, encoder.featureSize, encoder.spec);
    net.dispose();
  });
});

describe('PPO with rolloutWorkers: 2', () => {
  const train = async (recurrent: boolean): Promise<{ curve: Record<string, unknown>[]; weights: Float32Array }> => {
    const agent = new PpoAgent({
      hyperparameters: { numSteps: 8, numMinibatches: 2, updateEpochs: 2, seed: 5 },
      network: { kind: 'mlp', hidden: [8], recurrent },
      rolloutWorkers: 2,
    });
    const kind = recurrent ? 'cue' : 'masked';
    const env = makeTinyEnv({ kind }, 4);
    try {
      const result = await agent.learn(env, { totalTimesteps: 3 * 8 * 4, rolloutEnv: recipe({ kind }) });
      const weights = Float32Array.from(agent.network?.trainableVariables.flatMap((v) => [...v.dataSync()]) ?? []);
      return { curve: curve(result), weights };
    } finally {
      agent.dispose();
    }
  };

  it('same seed ⇒ same training curve and weights (feed-forward)', { timeout: 120_000 }, async () => {
    const a = await train(false);
    const b = await train(false);
    expect(a.curve).toHaveLength(3);
    expect(b).toEqual(a);
  });

  it(
    'same seed ⇒ same training curve and weights (recurrent: the GRU state lives with the worker envs)',
    { timeout: 120_000 },
    async () => {
      const a = await train(true);
      const b = await train(true);
      expect(a.curve).toHaveLength(3);
      expect(b).toEqual(a);
    },
  );

  it('needs a rolloutEnv recipe', async () => {
    const agent = new PpoAgent({ hyperparameters: { numSteps: 4 }, rolloutWorkers: 2 });
    const env = maskedEnv(6, 3, { numEnvs: 2 }) as VectorEnv<unknown, number>;
    await expect(agent.learn(env, { totalTimesteps: 8 })).rejects.toThrow(/rolloutWorkers 2 needs rolloutEnv/);
    agent.dispose();
  });
});
