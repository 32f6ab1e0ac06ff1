import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadingAxes } from '../../src/model/wasm-reduce-kernels.js';
import { installWasmKernels } from '../../src/model/wasm-kernels.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors, useWasm } from '../helpers/tf.js';
import { againstOriginalKernels } from '../helpers/wasm-kernels.js';

const both = againstOriginalKernels;

describe('wasm Sum over leading axes', () => {
  const rng = new Rng('reduce-kernels');
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => installWasmKernels());

  it('recognises a leading run of axes short of the last one', () => {
    expect(leadingAxes(0, 2)).toBe(1);
    expect(leadingAxes([1, 0], 3)).toBe(2);
    expect(leadingAxes([-3], 3)).toBe(1);
    expect(leadingAxes([0, 1], 2)).toBe(-1);
    expect(leadingAxes([1], 3)).toBe(-1);
    expect(leadingAxes([0, 2], 3)).toBe(-1);
    expect(leadingAxes(0, 1)).toBe(-1);
  });

  it('gives the original kernel’s floats on random shapes, axes and keepDims', () => {
    const shapes = [
      [2560, 32],
      [256, 109],
      [7, 5],
      [100000, 3],
      [33, 1000],
      [256, 10, 32],
      [3, 4, 5, 6],
      [1, 9],
      [9, 1],
    ];
    for (const [i, shape] of shapes.entries()) {
      const size = shape.reduce((a, b) => a * b, 1);
      const scale = 10 ** rng.int(4);
      const data = Float32Array.from({ length: size }, () => rng.normal() * scale);
      for (const axis of [0, [0, 1], 1, -1]) {
        const keepDims = i % 2 === 0;
        const { ours, theirs } = both(() => tf.sum(tf.tensor(data, shape), axis, keepDims));
        expect(ours).toEqual(theirs);
      }
    }
  });

  it('bias gradients of a broadcast add are bit-identical, int32 sums unchanged, nothing leaks', () => {
    const data = Float32Array.from({ length: 2560 * 32 }, () => rng.normal());
    const bias = Float32Array.from({ length: 32 }, () => rng.normal());
    const { ours, theirs } = both(() => {
      const x = tf.tensor2d(data, [2560, 32]);
      return tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.add(x, b))))(tf.tensor1d(bias));
    });
    expect(ours).toEqual(theirs);
    const ints = Int32Array.from({ length: 60 }, (_, i) => i - 30);
    const { ours: o2, theirs: t2 } = both(() => tf.sum(tf.tensor2d(ints, [12, 5], 'int32'), 0));
    expect(o2).toEqual(t2);
    const before = liveTensors();
    const buffers = tf.memory().numDataBuffers;
    tf.tidy(() => tf.sum(tf.ones([40, 3]), 0).dataSync());
    expect(liveTensors()).toBe(before);
    expect(tf.memory().numDataBuffers).toBe(buffers);
  });
});
