import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { VectorEnv } from '../../src/core/vector.js';
import { createEncoder, inferEncoderSpec } from '../../src/rl/networks/encoders.js';
import { RecurrentMlpPolicy } from '../../src/rl/networks/recurrent-mlp-policy.js';
import { PPO_DEFAULTS, ppoLoss } from '../../agents/ppo.js';
import { trainOnPolicy, type LossBatch, type LossTerms } from '../../src/rl/on-policy.js';
import { CUE_ACTIONS, cueEnv } from '../helpers/cue-env.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

// A frozen network (learning rate 0): every minibatch of every epoch must replay the rollout.
const hp = { ...PPO_DEFAULTS, learningRate: 0, numSteps: 7, numMinibatches: 2, updateEpochs: 2, seed: 4 };

/** The largest |new − old| log-prob and value over every minibatch of `updates` updates with a frozen network. */
async function replayGap(autoresetMode: 'next-step' | 'same-step', updates: number): Promise<{ logProb: number; value: number; calls: number }> {
  const env = cueEnv(3, { numEnvs: 4, autoresetMode });
  const encoder = createEncoder(inferEncoderSpec(env.reset({ seed: 0 }).observations[0], 'flat'));
  const network = new RecurrentMlpPolicy({ inputSize: encoder.featureSize, numActions: CUE_ACTIONS, hidden: [16], recurrentHidden: 8 }, { seed: 3 });
  // Weights of scale 0.5 (not the near-uniform initial policy), so a wrong replay shows in the log-probs.
  network.namedWeights().forEach((w, i) => tf.tidy(() => w.variable.assign(tf.randomNormal(w.variable.shape, 0, 0.5, 'float32', 100 + i))));
  const gap = { logProb: 0, value: 0, calls: 0 };
  const loss = (b: LossBatch): LossTerms => {
    const d = (x: tf.Tensor, y: tf.Tensor): number => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0] as number;
    gap.logProb = Math.max(gap.logProb, d(b.logProbs, b.oldLogProbs));
    gap.value = Math.max(gap.value, d(b.values, b.oldValues));
    gap.calls++;
    return ppoLoss(b, hp);
  };
  await trainOnPolicy({
    env: env as unknown as VectorEnv<unknown, number>,
    network,
    encoder,
    loss,
    hyperparameters: hp,
    totalTimesteps: updates * hp.numSteps * env.numEnvs,
  });
  network.dispose();
  return gap;
}

describe('recurrent on-policy update', () => {
  // Segments of 7 steps over episodes of 5: segments start mid-episode (nonzero stored states) and
  // contain episode starts; next-step mode adds invalid reset rows.
  for (const mode of ['next-step', 'same-step'] as const) {
    it(`replays the rollout: update-time log-probs and values equal the rollout's (${mode})`, async () => {
      const gap = await replayGap(mode, 3);
      expect(gap.calls).toBe(3 * hp.updateEpochs * hp.numMinibatches);
      expect(gap.logProb).toBeLessThan(1e-5);
      expect(gap.value).toBeLessThan(1e-5);
    });
  }
});
