import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SyncVectorEnv } from '../../../src/core/sync-vector-env.js';
import type { VectorEnv } from '../../../src/core/vector.js';
import { PpoAgent } from '../../../agents/ppo.js';
import { createEncoder, inferEncoderSpec } from '../../../src/rl/networks/encoders.js';
import { createPolicyNetwork, loadPolicyNetwork, networkSpecFor } from '../../../src/rl/networks/factory.js';
import type { RecurrentPolicy } from '../../../src/rl/networks/network.js';
import { RecurrentSlotPolicy } from '../../../src/rl/networks/recurrent-slot-policy.js';
import { ppoLoss, PPO_DEFAULTS } from '../../../agents/ppo.js';
import { trainOnPolicy, type LossBatch } from '../../../src/rl/on-policy.js';
import { slotEnv } from '../../helpers/rl-envs.js';
import { useWasm } from '../../helpers/tf.js';
import { tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { trainThenEvaluate } from '../../helpers/learners.js';

const root = mkdtempSync(join(tmpdir(), 'memgym-rslot-'));
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const S = 3;
const K = 7;
const memorySpec = { kind: 'memory', itemDim: 2, maxSlots: S, slotFeatures: K, globalDim: 3 } as const;
const width = (slots: number): number => 2 + slots * K + 3;

function unroll(net: RecurrentPolicy, slots: number, starts: number[], T: number): number[] {
  return tf.tidy(() => {
    const rows = starts.length;
    const x = tf.tensor2d(
      Float32Array.from({ length: rows * width(slots) }, (_, i) => Math.abs(Math.sin(0.7 * i))),
      [rows, width(slots)],
    );
    const o = net.unroll({ features: x, initialState: tf.zeros([rows / T, net.stateSize]), episodeStarts: tf.tensor1d(starts) });
    return [...o.logits.dataSync(), ...o.values.dataSync()];
  });
}

describe('RecurrentSlotPolicy', () => {
  it('is the slot policy with `recurrent: true`, saves its GRU and runs at another slot count', async () => {
    const spec = networkSpecFor(memorySpec, 3 + 2 * S + 2, { recurrent: true, recurrentHidden: 6 });
    expect(spec.kind).toBe('recurrent-slot');
    const net = createPolicyNetwork(spec, 1) as RecurrentSlotPolicy;
    expect(net.recurrent.stateSize).toBe(6);
    const starts = [1, 1, 0, 0, 1, 0];
    await net.save(join(root, 'rslot'));
    const loaded = await loadPolicyNetwork(join(root, 'rslot'));
    expect(loaded.spec).toEqual(net.spec);
    expect(unroll(loaded.recurrent as RecurrentPolicy, S, starts, 3)).toEqual(unroll(net, S, starts, 3));
    // Adaptive N: the GRU reads [item; global] only, so the same weights run at 5 slots.
    const five = await loadPolicyNetwork(join(root, 'rslot'), { maxSlots: 5 });
    expect(unroll(five.recurrent as RecurrentPolicy, 5, starts, 3)).toHaveLength(6 * (3 + 10 + 2) + 6);
    for (const n of [net, loaded, five]) n.dispose();
  });

  it('zeroes its state at an episode start (first step = forward)', () => {
    const net = new RecurrentSlotPolicy({ slotFeatures: K, itemDim: 2, globalDim: 3, maxSlots: S, recurrentHidden: 4 }, { seed: 2 });
    const x = Float32Array.from({ length: 2 * width(S) }, (_, i) => Math.abs(Math.cos(i)));
    const [seqLogits, firstLogits, secondAlone] = tf.tidy(() => {
      const o = net.unroll({ features: tf.tensor2d(x, [2, width(S)]), initialState: tf.zeros([1, 4]), episodeStarts: tf.tensor1d([1, 0]) });
      const restart = net.unroll({
        features: tf.tensor2d(x, [2, width(S)]),
        initialState: tf.zeros([1, 4]),
        episodeStarts: tf.tensor1d([1, 1]),
      });
      const alone = net.forward(tf.tensor2d(x.subarray(width(S)), [1, width(S)]));
      return [[...o.logits.dataSync()], [...restart.logits.dataSync()], [...alone.logits.dataSync()]];
    }) as [number[], number[], number[]];
    const A = 3 + 2 * S + 2;
    firstLogits.slice(A).forEach((v, i) => expect(Math.abs(v - (secondAlone[i] as number))).toBeLessThan(1e-6));
    expect(seqLogits.slice(A)).not.toEqual(firstLogits.slice(A));
    net.dispose();
  });

  it('replays memory-env rollouts exactly in the PPO update (masked, next-step autoreset)', async () => {
    const env = new SyncVectorEnv([0, 1, 2].map(() => () => tinyRecallEnv({ slots: 2 })));
    const encoder = createEncoder(inferEncoderSpec(env.reset({ seed: 0 }).observations[0]));
    if (encoder.spec.kind !== 'memory') throw new Error('expected memory observations');
    const net = createPolicyNetwork(networkSpecFor(encoder.spec, 3 + 2 * encoder.spec.maxSlots + 2, { recurrent: true }), 3);
    net.namedWeights().forEach((w, i) => tf.tidy(() => w.variable.assign(tf.randomNormal(w.variable.shape, 0, 0.3, 'float32', 7 + i))));
    let gap = 0;
    const hp = { ...PPO_DEFAULTS, numSteps: 16, learningRate: 0, numMinibatches: 3, updateEpochs: 1 };
    await trainOnPolicy({
      env: env as unknown as VectorEnv<unknown, number>,
      network: net,
      encoder,
      loss: (b: LossBatch) => {
        gap = Math.max(gap, tf.max(tf.abs(tf.sub(b.logProbs, b.oldLogProbs))).dataSync()[0] as number);
        return ppoLoss(b, hp);
      },
      hyperparameters: hp,
      totalTimesteps: 2 * 16 * 3,
    });
    expect(gap).toBeLessThan(1e-5);
    net.dispose();
  });

  it('learns the one-step slot task with PPO', async () => {
    const agent = new PpoAgent({ hyperparameters: { numSteps: 16, learningRate: 0.005, numMinibatches: 2 }, network: { recurrent: true } });
    const { score } = await trainThenEvaluate(agent, () => slotEnv(4, { numEnvs: 8 }), 3072);
    expect(agent.network?.spec.kind).toBe('recurrent-slot');
    expect(score).toBeGreaterThan(0.9);
    agent.dispose();
  }, 180_000);
});
