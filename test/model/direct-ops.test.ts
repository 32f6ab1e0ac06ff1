import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as op from '../../src/model/direct-ops.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

function random(rng: Rng, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
}

/** Same shape, dtype and floats (bit for bit: NaN equal to NaN). */
function expectSame(a: tf.Tensor, b: tf.Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
}

describe('direct ops', () => {
  const rng = new Rng('direct-ops');
  beforeAll(async () => {
    await useWasm();
  });

  it('give the tf ops’ values', () => {
    tf.tidy(() => {
      const x = random(rng, [6, 5, 4]);
      const y = random(rng, [6, 5, 4]);
      const row = random(rng, [4]);
      const positive = tf.abs(x);
      const pairs: [tf.Tensor, tf.Tensor][] = [
        [op.add(x, row), tf.add(x, row)],
        [op.sub(x, y), tf.sub(x, y)],
        [op.mul(x, row), tf.mul(x, row)],
        [op.div(x, y), tf.div(x, y)],
        [op.maximum(x, y), tf.maximum(x, y)],
        [op.minimum(x, row), tf.minimum(x, row)],
        [op.reshape(x, [30, 4]), tf.reshape(x, [30, 4])],
        [op.transpose(x, [2, 0, 1]), tf.transpose(x, [2, 0, 1])],
        [op.matMul(op.reshape(x, [30, 4]), tf.reshape(row, [4, 1])), tf.matMul(tf.reshape(x, [30, 4]), tf.reshape(row, [4, 1]))],
        [op.matMul(x, tf.transpose(y, [0, 2, 1])), tf.matMul(x, tf.transpose(y, [0, 2, 1]))],
        [op.sum(x, 1), tf.sum(x, 1)],
        [op.sum(x, [0, 2], true), tf.sum(x, [0, 2], true)],
        [op.mean(x, 2, true), tf.mean(x, 2, true)],
        [op.max(x, 1, true), tf.max(x, 1, true)],
        [op.softmax(x), tf.softmax(x)],
        [op.sigmoid(x), tf.sigmoid(x)],
        [op.relu(x), tf.relu(x)],
        [op.square(x), tf.square(x)],
        [op.rsqrt(positive), tf.rsqrt(positive)],
        [op.exp(x), tf.exp(x)],
        [op.log(positive), tf.log(positive)],
        [op.slice(x, [1, 0, 2], [3, 5, 2]), tf.slice(x, [1, 0, 2], [3, 5, 2])],
        [op.concat([x, y], 1), tf.concat([x, y], 1)],
        [op.concat([x], 0), tf.concat([x], 0)],
      ];
      for (const [direct, reference] of pairs) expectSame(direct, reference);
    });
  });

  it('are recorded on a gradient tape like the ops', () => {
    const x = random(rng, [8, 6]);
    const w = random(rng, [6, 3]);
    const f = (useDirect: boolean) => (a: tf.Tensor, b: tf.Tensor) => {
      if (!useDirect) return tf.sum(tf.mul(tf.sigmoid(tf.matMul(a, b)), tf.softmax(tf.square(tf.matMul(a, b)))));
      return op.sum(op.mul(op.sigmoid(op.matMul(a, b)), op.softmax(op.square(op.matMul(a, b)))), [0, 1]);
    };
    const [gx, gw] = tf.grads(f(true))([x, w]);
    const [rx, rw] = tf.grads(f(false))([x, w]);
    expectSame(gx as tf.Tensor, rx as tf.Tensor);
    expectSame(gw as tf.Tensor, rw as tf.Tensor);
    tf.dispose([x, w, gx, gw, rx, rw] as tf.Tensor[]);
  });

  it('leave nothing behind inside tf.tidy', () => {
    const x = random(rng, [4, 4]);
    const before = liveTensors();
    tf.tidy(() => {
      op.add(op.reshape(op.transpose(x, [1, 0]), [16]), op.reshape(x, [16]));
    });
    expect(liveTensors()).toBe(before);
    x.dispose();
  });

  it('let the kernels reject mismatched shapes', () => {
    tf.tidy(() => {
      expect(() => op.add(tf.zeros([3, 4]), tf.zeros([5]))).toThrow();
      expect(() => op.reshape(tf.zeros([3, 4]), [5, 2])).toThrow();
    });
  });
});
