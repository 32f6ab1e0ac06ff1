import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tanh } from '../../src/model/activations.js';
import { Rng } from '../../src/util/rng.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

describe('tanh via sigmoid', () => {
  // Random values, a dense sweep of [−10, 10], and large |x| where sigmoid saturates.
  const rng = new Rng(5);
  const xs = Float32Array.from([
    ...Array.from({ length: 500 }, () => rng.normal(0, 3)),
    ...Array.from({ length: 401 }, (_, i) => -10 + i * 0.05),
    0,
    1e-8,
    -1e-8,
    20,
    -20,
    44,
    -44,
    88,
    -88,
    100,
    -100,
    1e4,
    -1e4,
    3e38,
    -3e38,
  ]);

  it('equals tf.tanh to 1e-6 in value', () => {
    const [got, want] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      return [tanh(x).dataSync(), tf.tanh(x).dataSync()];
    });
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
    expect(worst).toBeLessThan(1e-6);
    expect(Array.from(got).every(Number.isFinite)).toBe(true);
  });

  it('equals tf.tanh to 1e-6 in gradient', () => {
    const [got, want] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      const dy = tf.tensor1d(Float32Array.from(xs, () => rng.normal()));
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tanh(v), dy)))(x);
      const r = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tanh(v), dy)))(x);
      return [g.dataSync(), r.dataSync()];
    });
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
    expect(worst).toBeLessThan(1e-6);
  });

  it('keeps the shape and type of its input', () => {
    tf.tidy(() => {
      const y = tanh(tf.zeros([2, 3]) as tf.Tensor2D);
      expect(y.shape).toEqual([2, 3]);
      expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });
});
