import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Adam, clipByGlobalNorm } from '../../src/rl/optim.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

describe('clipByGlobalNorm', () => {
  it('scales to maxNorm over all gradients together', () => {
    // ‖[3], [4]‖ = 5 → scale 1/5
    const out = tf.tidy(() => {
      const { grads, norm } = clipByGlobalNorm([tf.tensor1d([3]), tf.tensor1d([4])], 1);
      return [...grads.map((g) => g.dataSync()[0] as number), norm.dataSync()[0] as number];
    });
    expect(out[0]).toBeCloseTo(0.6, 5);
    expect(out[1]).toBeCloseTo(0.8, 5);
    expect(out[2]).toBeCloseTo(5, 5);
  });

  it('leaves small gradients alone', () => {
    const g = tf.tidy(() => clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1).grads[0]!.dataSync());
    expect(Array.from(g).map((v) => Number(v.toFixed(5)))).toEqual([0.3, 0.4]);
  });
});

describe('Adam', () => {
  it('first step moves each parameter by ≈ lr against the gradient sign', () => {
    const x = tf.variable(tf.tensor1d([1, 1]));
    const adam = new Adam([x], { learningRate: 0.1 });
    const before = liveTensors();
    tf.tidy(() => adam.step([tf.tensor1d([2, -0.5])]));
    expect(liveTensors()).toBe(before);
    const v = x.dataSync();
    expect(v[0]).toBeCloseTo(0.9, 4);
    expect(v[1]).toBeCloseTo(1.1, 4);
    expect(adam.iterations).toBe(1);
    adam.learningRate = 0;
    tf.tidy(() => adam.step([tf.tensor1d([2, -0.5])]));
    expect(x.dataSync()[0]).toBeCloseTo(0.9, 4);
    adam.dispose();
    x.dispose();
  });
});
