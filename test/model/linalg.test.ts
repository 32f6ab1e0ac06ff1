import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { bmm, linear, mm, weightGradient } from '../../src/model/linalg.js';
import { Rng } from '../../src/util/rng.js';
import { maxRelDiff, useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

function random(shape: number[], rng: Rng): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
}

/** Forward and both gradients of `f` and of `ref` on (a, b), under a random upstream gradient `dy`. */
function compare(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  ref: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  aShape: number[],
  bShape: number[],
  seed: number,
): number {
  return tf.tidy(() => {
    const rng = new Rng(seed);
    const a = random(aShape, rng);
    const b = random(bShape, rng);
    const y = f(a, b);
    const dy = random(y.shape, rng);
    const loss =
      (g: typeof f) =>
      (x: tf.Tensor, z: tf.Tensor): tf.Scalar =>
        tf.sum(tf.mul(g(x, z), dy));
    const [da, db] = tf.grads(loss(f))([a, b]) as [tf.Tensor, tf.Tensor];
    const [ra, rb] = tf.grads(loss(ref))([a, b]) as [tf.Tensor, tf.Tensor];
    return Math.max(maxRelDiff(y, ref(a, b)), maxRelDiff(da, ra), maxRelDiff(db, rb));
  });
}

describe('mm / bmm / linear equal tf.matMul, forward and gradients', () => {
  it('mm on 2-D operands of several shapes', () => {
    for (const [m, k, n] of [
      [1, 3, 4],
      [7, 5, 2],
      [32, 64, 64],
    ] as const) {
      const d = compare(
        (a, b) => mm(a as tf.Tensor2D, b as tf.Tensor2D),
        (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
        [m, k],
        [k, n],
        m * 100 + n,
      );
      expect(d).toBeLessThan(1e-6);
    }
  });

  it('bmm on rank-3 and rank-4 operands', () => {
    const d3 = compare(
      (a, b) => bmm(a as tf.Tensor3D, b as tf.Tensor3D),
      (a, b) => tf.matMul(a, b),
      [3, 4, 5],
      [3, 5, 6],
      1,
    );
    const d4 = compare(
      (a, b) => bmm(a as tf.Tensor4D, b as tf.Tensor4D),
      (a, b) => tf.matMul(a, b),
      [2, 3, 4, 5],
      [2, 3, 5, 2],
      2,
    );
    expect(Math.max(d3, d4)).toBeLessThan(1e-6);
  });

  it('linear over a rank-3 input', () => {
    const d = compare(
      (x, w) => linear(x, w as tf.Tensor2D),
      (x, w) => tf.reshape(tf.matMul(tf.reshape(x, [-1, 4]) as tf.Tensor2D, w as tf.Tensor2D), [2, 3, 6]),
      [2, 3, 4],
      [4, 6],
      3,
    );
    expect(d).toBeLessThan(1e-6);
  });
});

describe('weightGradient', () => {
  it('gives aᵀ·dy bit for bit in either orientation', () => {
    const rng = new Rng('weight-gradient');
    for (const [m, k, n] of [
      [2560, 17, 32],
      [2560, 32, 2],
      [256, 32, 109],
      [300, 40, 40],
      [1, 3, 5],
    ] as const) {
      tf.tidy(() => {
        const a = random([m, k], rng) as tf.Tensor2D;
        const dy = random([m, n], rng) as tf.Tensor2D;
        const plain = tf.matMul(tf.transpose(a), dy).dataSync();
        const swapped = tf.transpose(tf.matMul(tf.transpose(dy), a)).dataSync();
        expect(Array.from(weightGradient(a, dy).dataSync())).toEqual(Array.from(plain));
        expect(Array.from(swapped)).toEqual(Array.from(plain));
      });
    }
  });
});
