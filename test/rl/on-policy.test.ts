import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import pino from 'pino';
import type { VectorEnv } from '../../src/core/vector.js';
import { createEncoder, inferEncoderSpec, type ObservationEncoder } from '../../src/rl/networks/encoders.js';
import { MlpPolicy } from '../../src/rl/networks/mlp-policy.js';
import { trainOnPolicy, type LossBatch, type LossTerms, type OnPolicyHyperparameters, type UpdateStats } from '../../src/rl/on-policy.js';
import { EnvCheckError } from '../../src/util/errors.js';
import { constantEnv, identityEnv, maskedEnv, type TinyVecEnv } from '../helpers/rl-envs.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

const HP: OnPolicyHyperparameters = {
  learningRate: 0.01,
  numSteps: 16,
  gamma: 0.9,
  gaeLambda: 0.95,
  numMinibatches: 2,
  updateEpochs: 2,
  normAdv: true,
  normReward: false,
  maxGradNorm: 0.5,
  targetKl: null,
  annealLr: false,
  seed: 1,
};

/** Plain actor-critic loss (vanilla policy gradient + ½ MSE value + entropy bonus). */
function acLoss(b: LossBatch): LossTerms {
  const policyLoss = tf.neg(tf.mean(tf.mul(b.logProbs, b.advantages))) as tf.Scalar;
  const valueLoss = tf.mul(0.5, tf.mean(tf.square(tf.sub(b.values, b.returns)))) as tf.Scalar;
  const entropy = tf.mean(b.entropy) as tf.Scalar;
  return { loss: tf.add(tf.sub(policyLoss, tf.mul(0.01, entropy)), valueLoss) as tf.Scalar, policyLoss, valueLoss, entropy };
}

function setup<Obs>(env: TinyVecEnv<Obs>, numActions: number, hidden = [32]): { net: MlpPolicy; enc: ObservationEncoder<Obs> } {
  const sample = env.reset({ seed: 0 }).observations[0];
  const enc = createEncoder(inferEncoderSpec(sample, 'flat')) as ObservationEncoder<Obs>;
  return { net: new MlpPolicy({ inputSize: enc.featureSize, numActions, hidden }, { seed: 3 }), enc };
}

function valueOf(net: MlpPolicy): number {
  return tf.tidy(() => net.forward(tf.tensor2d([[1]])).values.dataSync()[0] as number);
}

describe('trainOnPolicy: end of episodes', () => {
  // One action, reward 1 per step, constant observation, episodes of 2 steps, γ = 0.5.
  // Truncation bootstrapped: V = 1 + 0.5·V ⇒ V = 2. Termination: V(s) is the mean of 1.5 and 1 = 1.25.
  for (const mode of ['next-step', 'same-step'] as const) {
    for (const [end, expected] of [
      ['truncated', 2],
      ['terminated', 1.25],
    ] as const) {
      it(`${mode} autoreset, ${end}: V → ${expected}`, async () => {
        const env = constantEnv(2, end, { numEnvs: 4, autoresetMode: mode });
        const { net, enc } = setup(env, 1, [16]);
        await trainOnPolicy({
          env,
          network: net,
          encoder: enc,
          loss: acLoss,
          hyperparameters: { ...HP, gamma: 0.5, gaeLambda: 1, learningRate: 0.02, maxGradNorm: 10, numSteps: 8 },
          totalTimesteps: 32 * 60,
        });
        expect(valueOf(net)).toBeCloseTo(expected, 1);
        net.dispose();
      });
    }
  }

  it('same-step mode needs infos[i].finalObservation', async () => {
    const env = constantEnv(2, 'truncated', { numEnvs: 2, autoresetMode: 'same-step' });
    const { net, enc } = setup(env, 1, [4]);
    const step = env.step.bind(env);
    env.step = (a) => {
      const r = step(a);
      r.infos.forEach((i) => delete i.finalObservation);
      return r;
    };
    await expect(trainOnPolicy({ env, network: net, encoder: enc, loss: acLoss, hyperparameters: HP, totalTimesteps: 64 })).rejects.toThrow(
      EnvCheckError,
    );
    net.dispose();
  });
});

describe('trainOnPolicy: masks, diagnostics, control', () => {
  for (const via of ['observation', 'env'] as const) {
    it(`never takes a masked action (mask via ${via}) and learns the masked identity task`, async () => {
      const env = maskedEnv(6, 4, { numEnvs: 8, maskVia: via });
      const { net, enc } = setup(env as TinyVecEnv<unknown>, 6);
      const res = await trainOnPolicy({
        env: env as VectorEnv<unknown, number>,
        network: net,
        encoder: enc,
        loss: acLoss,
        hyperparameters: HP,
        totalTimesteps: 128 * 20,
      });
      // The env throws InvalidActionError on a masked action, so finishing proves validity.
      const last = res.updates.at(-1) as UpdateStats;
      expect(last.episodicReturnMean).toBeGreaterThan(3.6); // optimum 4
      net.dispose();
    });
  }

  it('logs and reports every update with finite diagnostics; no tensor leaks', async () => {
    const env = identityEnv(4, 8, { numEnvs: 4 });
    const { net, enc } = setup(env, 4);
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    const tensors: number[] = [];
    const stats: UpdateStats[] = [];
    const res = await trainOnPolicy({
      env,
      network: net,
      encoder: enc,
      loss: acLoss,
      hyperparameters: { ...HP, annealLr: true },
      totalTimesteps: 64 * 5,
      logger,
      onUpdate: (s) => {
        stats.push(s);
        tensors.push(liveTensors());
      },
    });
    expect(res.updates).toHaveLength(5);
    expect(res.globalStep).toBe(320);
    expect(stats).toEqual(res.updates);
    expect(new Set(tensors).size).toBe(1);
    expect(lines).toHaveLength(5);
    const logged = JSON.parse(lines[0] as string) as Record<string, unknown>;
    for (const key of [
      'policyLoss',
      'valueLoss',
      'entropy',
      'approxKl',
      'clipFraction',
      'explainedVariance',
      'stepsPerSecond',
      'learningRate',
    ]) {
      expect(logged).toHaveProperty(key);
    }
    for (const s of res.updates) {
      for (const v of [s.policyLoss, s.valueLoss, s.entropy, s.approxKl, s.gradNorm, s.stepsPerSecond])
        expect(Number.isFinite(v)).toBe(true);
      expect(s.rolloutSeconds as number).toBeGreaterThan(0);
      expect(s.updateSeconds as number).toBeGreaterThan(0);
      expect(s.epochsRun).toBe(2);
    }
    // linear annealing: lr_k = lr · (1 − (k − 1)/5)
    expect(res.updates.map((s) => s.learningRate)).toEqual([0.01, 0.008, 0.006, 0.004, 0.002].map((v) => expect.closeTo(v, 10)));
    // truncated episodes of 8 steps, 4 envs, 16 steps per update ⇒ 8 episodes per update
    expect(res.updates[1]?.episodes).toBe(8);
    expect(res.updates[1]?.episodicLengthMean).toBe(8);
    net.dispose();
  });

  it('stops when onUpdate returns false, and on the target KL', async () => {
    const env = identityEnv(4, 8, { numEnvs: 4 });
    const { net, enc } = setup(env, 4);
    const res = await trainOnPolicy({
      env,
      network: net,
      encoder: enc,
      loss: acLoss,
      hyperparameters: { ...HP, targetKl: 1e-9, updateEpochs: 5, learningRate: 0.05 },
      totalTimesteps: 64 * 10,
      onUpdate: (s) => s.update < 3,
    });
    expect(res.stoppedEarly).toBe(true);
    expect(res.updates).toHaveLength(3);
    expect(res.updates.some((s) => s.epochsRun < 5)).toBe(true);
    net.dispose();
  });
});

describe('trainOnPolicy: freezeActorUpdates', () => {
  it('trains only the critic.* weights for the first updates, then all of them', async () => {
    const env = identityEnv(4, 8, { numEnvs: 4 });
    const { net, enc } = setup(env, 4, [8]);
    const snapshot = (): Map<string, Float32Array> =>
      new Map(net.namedWeights().map((w) => [w.name, w.variable.dataSync().slice() as Float32Array]));
    const changed = (before: Map<string, Float32Array>, prefix: string): boolean =>
      net
        .namedWeights()
        .filter((w) => w.name.startsWith(prefix))
        .some((w) => (w.variable.dataSync() as Float32Array).some((v, i) => v !== before.get(w.name)?.[i]));
    const start = snapshot();
    const frozen: boolean[] = [];
    let afterWarmup: Map<string, Float32Array> | undefined;
    await trainOnPolicy({
      env,
      network: net,
      encoder: enc,
      loss: acLoss,
      hyperparameters: { ...HP, freezeActorUpdates: 2 },
      totalTimesteps: 4 * 16 * 3,
      onUpdate: (u) => {
        frozen.push(u.actorFrozen === true);
        if (u.update === 2) {
          expect(changed(start, 'actor.')).toBe(false);
          expect(changed(start, 'critic.')).toBe(true);
          afterWarmup = snapshot();
        }
      },
    });
    expect(frozen).toEqual([true, true, false]);
    expect(changed(afterWarmup as Map<string, Float32Array>, 'actor.')).toBe(true);
    net.dispose();
  });
});
