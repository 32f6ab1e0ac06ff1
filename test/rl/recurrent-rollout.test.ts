import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { VectorEnv } from '../../src/core/vector.js';
import { createEncoder, inferEncoderSpec } from '../../src/rl/networks/encoders.js';
import { RecurrentMlpPolicy } from '../../src/rl/networks/recurrent-mlp-policy.js';
import { PPO_DEFAULTS, ppoLoss } from '../../agents/ppo.js';
import { trainOnPolicy, type LossBatch, type LossTerms } from '../../src/rl/on-policy.js';
import { RecurrentRollout } from '../../src/rl/recurrent-rollout.js';
import { CUE_ACTIONS, cueEnv } from '../helpers/cue-env.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

// A frozen network (learning rate 0): every minibatch of every epoch must replay the rollout.
const hp = { ...PPO_DEFAULTS, learningRate: 0, numSteps: 7, numMinibatches: 2, updateEpochs: 2, seed: 4 };

/** The largest |new − old| log-prob and value over every minibatch of `updates` updates with a frozen network. */
async function replayGap(
  autoresetMode: 'next-step' | 'same-step',
  updates: number,
): Promise<{ logProb: number; value: number; calls: number }> {
  const env = cueEnv(3, { numEnvs: 4, autoresetMode });
  const encoder = createEncoder(inferEncoderSpec(env.reset({ seed: 0 }).observations[0], 'flat'));
  const network = new RecurrentMlpPolicy(
    { inputSize: encoder.featureSize, numActions: CUE_ACTIONS, hidden: [16], recurrentHidden: 8 },
    { seed: 3 },
  );
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

describe('RecurrentRollout', () => {
  it('flags episode starts by autoreset mode and bootstraps from the continuing state', () => {
    const F = 3;
    const net = new RecurrentMlpPolicy({ inputSize: F, numActions: 2, hidden: [8], recurrentHidden: 4 }, { seed: 9 });
    const x = Float32Array.from({ length: 2 * F }, (_, i) => Math.cos(i));
    const y = Float32Array.from({ length: 2 * F }, (_, i) => Math.sin(i));
    const unroll = (starts: number[]): number[] =>
      tf.tidy(() => [
        ...net
          .unroll({ features: tf.tensor2d([...x, ...y], [4, F]), initialState: tf.zeros([2, 4]), episodeStarts: tf.tensor1d(starts) })
          .values.dataSync(),
      ]);
    const close = (a: ArrayLike<number>, b: readonly number[]): void =>
      Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i] as number, 5));

    // same-step: env 0's episode ended at step 0, so its step-1 observation starts a new one.
    const same = new RecurrentRollout(net, { numSteps: 2, numEnvs: 2, inputSize: F });
    same.beginSegment();
    same.step(0, x);
    same.endStep(Uint8Array.of(1, 1), Uint8Array.of(1, 0), false);
    const continuing = unroll([1, 1, 0, 0]).slice(2);
    const restarted = unroll([1, 1, 1, 0]).slice(2);
    close(same.values(y.subarray(0, F), [0], false), [continuing[0] as number]); // a final observation continues the episode
    close(same.values(y, [0, 1], true), restarted); // the value after the last step starts env 0 afresh
    close(same.step(1, y).values, restarted);
    expect([...same.episodeStarts]).toEqual([1, 1, 1, 0]);

    // next-step: the step after the end (the final observation) continues; the one after the reset step starts.
    const next = new RecurrentRollout(net, { numSteps: 2, numEnvs: 2, inputSize: F });
    next.beginSegment();
    next.step(0, x);
    next.endStep(Uint8Array.of(1, 1), Uint8Array.of(1, 0), true);
    close(next.step(1, y).values, continuing);
    next.endStep(Uint8Array.of(0, 1), Uint8Array.of(0, 0), true);
    next.beginSegment();
    expect(next.initialState).toEqual(next.currentState());
    next.step(0, x);
    expect([...next.episodeStarts.subarray(0, 2)]).toEqual([1, 0]);
    net.dispose();
  });
});
