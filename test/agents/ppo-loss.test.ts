/**
 * ppoLoss on numbers worked out by hand (as SB3 tests its losses): two samples, one whose ratio is
 * clipped from above with a positive advantage, one clipped from below with a negative advantage, and a
 * value clipped on both.
 *
 *   r = exp(logp − old) = [1.5, 0.5], Â = [1, −2], ε = 0.2
 *   −Â·r = [−1.5, 1.0], −Â·clip(r) = [−1.2, 1.6]  → policyLoss = mean(max) = mean(−1.2, 1.6) = 0.2
 *   V = [1, 0], V_old = [0.5, 0.5], R = [2, 0]
 *   (V − R)² = [1, 0]; V_clip = [0.7, 0.3], (V_clip − R)² = [1.69, 0.09] → valueLoss = ½·mean(1.69, 0.09) = 0.445
 *   (unclipped: ½·mean(1, 0) = 0.25)
 *   H = [1, 0.5] → entropy 0.75; clipFraction = 1 (both |r − 1| > ε)
 *   loss = 0.2 − 0.01·0.75 + 0.5·0.445 = 0.415
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PPO_DEFAULTS, ppoLoss } from '../../agents/ppo.js';
import type { LossBatch } from '../../src/rl/on-policy.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

function batch(): LossBatch {
  return {
    logits: tf.zeros([2, 3]) as tf.Tensor2D,
    logProbs: tf.tensor1d([Math.log(1.5), Math.log(0.5)]),
    oldLogProbs: tf.tensor1d([0, 0]),
    entropy: tf.tensor1d([1, 0.5]),
    values: tf.tensor1d([1, 0]),
    oldValues: tf.tensor1d([0.5, 0.5]),
    advantages: tf.tensor1d([1, -2]),
    returns: tf.tensor1d([2, 0]),
  };
}

const num = (t: tf.Tensor | undefined): number => (t as tf.Tensor).dataSync()[0] as number;

describe('ppoLoss (hand-computed)', () => {
  it('clips the ratio and the value as the paper and CleanRL do', () => {
    tf.tidy(() => {
      const hp = { ...PPO_DEFAULTS, clipCoef: 0.2, entCoef: 0.01, vfCoef: 0.5, clipVloss: true };
      const t = ppoLoss(batch(), hp);
      expect(num(t.policyLoss)).toBeCloseTo(0.2, 6);
      expect(num(t.valueLoss)).toBeCloseTo(0.445, 6);
      expect(num(t.entropy)).toBeCloseTo(0.75, 6);
      expect(num(t.clipFraction)).toBeCloseTo(1, 6);
      expect(num(t.loss)).toBeCloseTo(0.415, 6);
    });
  });

  it('uses the plain squared error without value clipping', () => {
    tf.tidy(() => {
      const t = ppoLoss(batch(), { ...PPO_DEFAULTS, clipCoef: 0.2, entCoef: 0, vfCoef: 1, clipVloss: false });
      expect(num(t.valueLoss)).toBeCloseTo(0.25, 6);
      expect(num(t.loss)).toBeCloseTo(0.2 + 0.25, 6);
    });
  });
});
