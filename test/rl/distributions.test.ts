import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  MASKED_LOGIT,
  applyMask,
  categoricalEntropy,
  categoricalLogProbs,
  maskBias,
  maskedEntropy,
  maskedProbabilities,
  sampleMaskedCategorical,
} from '../../src/rl/distributions.js';
import { InvalidActionError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

describe('typed-array masked categorical', () => {
  it('never samples an invalid action, even with huge invalid logits', () => {
    const A = 5;
    const logits = new Float32Array([50, -3, 50, 0, 50]);
    const masks = new Uint8Array([0, 1, 0, 1, 0]);
    const rng = new Rng(7);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      const { actions } = sampleMaskedCategorical({ logits, numActions: A, masks, rng });
      counts[actions[0] as number]! += 1;
    }
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
    // p(3) = e^0 / (e^0 + e^−3) ≈ 0.9526
    expect((counts[3] as number) / 2000).toBeGreaterThan(0.93);
    expect((counts[3] as number) / 2000).toBeLessThan(0.975);
  });

  it('returns the log-probabilities of the sampled actions under the masked softmax', () => {
    const logits = new Float32Array([1, 2, 3, 0.5, 0.5, 0.5]);
    const masks = new Uint8Array([1, 1, 0, 1, 0, 1]);
    const { actions, logProbs } = sampleMaskedCategorical({ logits, numActions: 3, masks, rng: new Rng(1) });
    // row 0: valid {0, 1}: log p(a) = l_a − log(e^1 + e^2); row 1: valid {0, 2}: log(1/2)
    const lse0 = Math.log(Math.exp(1) + Math.exp(2));
    expect(logProbs[0]).toBeCloseTo((logits[actions[0] as number] as number) - lse0, 5);
    expect([0, 2]).toContain(actions[1]);
    expect(logProbs[1]).toBeCloseTo(Math.log(0.5), 5);
  });

  it('deterministic takes the most probable valid action', () => {
    const logits = new Float32Array([5, 1, 3, 9]);
    const { actions } = sampleMaskedCategorical({
      logits,
      numActions: 4,
      masks: new Uint8Array([1, 1, 1, 0]),
      rng: new Rng(0),
      deterministic: true,
    });
    expect(actions[0]).toBe(0);
  });

  it('grouped greedy: the most probable group (total probability), then its most probable action', () => {
    // p ∝ e^[2, 1.5, 1.5, 1.5, 0]: action 0 alone is the argmax, but group 1 (actions 1–3) holds more mass.
    const logits = new Float32Array([2, 1.5, 1.6, 1.5, 0]);
    const groups = new Int32Array([0, 1, 1, 1, 2]);
    const pick = (masks?: Uint8Array) =>
      sampleMaskedCategorical({ logits, numActions: 5, masks, rng: new Rng(0), deterministic: true, groups }).actions[0];
    expect(sampleMaskedCategorical({ logits, numActions: 5, rng: new Rng(0), deterministic: true }).actions[0]).toBe(0);
    expect(pick()).toBe(2);
    // Masking two of the group's actions leaves it less mass than action 0.
    expect(pick(new Uint8Array([1, 1, 0, 0, 1]))).toBe(0);
    expect(() =>
      sampleMaskedCategorical({ logits, numActions: 5, rng: new Rng(0), deterministic: true, groups: new Int32Array(3) }),
    ).toThrow(/expected groups of 5 non-negative integers/);
  });

  it('same seed ⇒ same samples', () => {
    const logits = new Float32Array(40).map((_, i) => Math.sin(i));
    const a = sampleMaskedCategorical({ logits, numActions: 4, rng: new Rng(3) }).actions;
    const b = sampleMaskedCategorical({ logits, numActions: 4, rng: new Rng(3) }).actions;
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('entropy of uniform logits over k valid actions is log k', () => {
    const A = 7;
    for (const k of [1, 2, 3, 7]) {
      const masks = new Uint8Array(A).map((_, i) => (i < k ? 1 : 0));
      const h = maskedEntropy(new Float32Array(A), A, masks);
      expect(h[0]).toBeCloseTo(Math.log(k), 5);
    }
  });

  it('probabilities are 0 on invalid actions and sum to 1', () => {
    const p = maskedProbabilities(new Float32Array([1, 2, 3]), 3, new Uint8Array([1, 0, 1]));
    expect(p[1]).toBe(0);
    expect((p[0] as number) + (p[2] as number)).toBeCloseTo(1, 6);
  });

  it('a mask with no valid action is an InvalidActionError', () => {
    expect(() =>
      sampleMaskedCategorical({ logits: new Float32Array(3), numActions: 3, masks: new Uint8Array(3), rng: new Rng(0) }),
    ).toThrow(InvalidActionError);
  });

  it('rejects mismatched shapes', () => {
    expect(() => sampleMaskedCategorical({ logits: new Float32Array(5), numActions: 2, rng: new Rng(0) })).toThrow(
      /expected logits of length B × 2, got length 5/,
    );
  });
});

describe('tf masked categorical', () => {
  it('entropy of uniform over k valid actions is log k, whatever the invalid logits', () => {
    const A = 6;
    const masks = new Uint8Array([1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    const logits = tf.tensor2d([0, 0, 0, 40, -40, 7, 2, 2, 2, 2, 2, 2], [2, A]);
    const bias = tf.tensor2d(maskBias(masks, 2 * A), [2, A]);
    const h = categoricalEntropy(applyMask(logits, bias)).dataSync();
    expect(h[0]).toBeCloseTo(Math.log(3), 5);
    expect(h[1]).toBeCloseTo(0, 5);
    tf.dispose([logits, bias]);
  });

  it('log-probabilities agree with the typed-array sampler', () => {
    const A = 4;
    const raw = new Float32Array([0.3, -1, 2, 0.7, 1, 1, -2, 0]);
    const masks = new Uint8Array([1, 1, 0, 1, 0, 1, 1, 1]);
    const { actions, logProbs } = sampleMaskedCategorical({ logits: raw, numActions: A, masks, rng: new Rng(11) });
    const got = tf.tidy(() =>
      categoricalLogProbs(
        applyMask(tf.tensor2d(raw, [2, A]), tf.tensor2d(maskBias(masks, 2 * A), [2, A])),
        tf.tensor1d(actions, 'int32'),
      ).dataSync(),
    );
    expect(got[0]).toBeCloseTo(logProbs[0] as number, 5);
    expect(got[1]).toBeCloseTo(logProbs[1] as number, 5);
  });

  it('maskBias is 0 for valid and MASKED_LOGIT for invalid actions', () => {
    expect(Array.from(maskBias(new Uint8Array([1, 0]), 2))).toEqual([0, MASKED_LOGIT]);
    expect(Array.from(maskBias(undefined, 3))).toEqual([0, 0, 0]);
  });
});
