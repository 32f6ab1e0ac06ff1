import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasmKernels, restoreWasmKernels, wasmKernelsInstalled } from '../../src/model/wasm-kernels.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

/** A small two-layer net with a recorded gradient: clones (Identity) and their Cast gradients on the tape. */
function gradients(seed: string): Float32Array[] {
  const rng = new Rng(seed);
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  return tf.tidy(() => {
    const x = tf.tensor2d(rand(64 * 12), [64, 12]);
    const w1 = tf.tensor2d(rand(12 * 16), [12, 16]);
    const w2 = tf.tensor2d(rand(16 * 5), [16, 5]);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.sigmoid(tf.matMul(x, a as tf.Tensor2D));
      const logits = tf.matMul(h, b as tf.Tensor2D);
      return tf.sum(tf.mul(tf.logSoftmax(logits), tf.cast(tf.onesLike(logits), 'float32')));
    };
    const grads = tf.grads(f)([w1, w2]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

describe('wasm buffer-sharing Identity and Cast', () => {
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => installWasmKernels());

  it('are installed when the wasm backend is selected', () => {
    expect(wasmKernelsInstalled()).toBe(true);
  });

  it('a clone shares the buffer, outlives its source, and frees it with the last reference', () => {
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    expect(tf.memory().numDataBuffers).toBe(before + 1);
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(before);
  });

  it('real casts, same-dtype casts and string tensors still behave', () => {
    tf.tidy(() => {
      expect(Array.from(tf.cast(tf.tensor1d([1.7, -2.2]), 'int32').dataSync())).toEqual([1, -2]);
      expect(Array.from(tf.cast(tf.tensor1d([3, 4], 'int32'), 'float32').dataSync())).toEqual([3, 4]);
      expect(Array.from(tf.cast(tf.tensor1d([0.5]), 'float32').dataSync())).toEqual([0.5]);
      expect(tf.clone(tf.tensor1d(['a', 'b'], 'string')).arraySync()).toEqual(['a', 'b']);
    });
  });

  it('gradients are bit-identical to the copying kernels, and nothing leaks', () => {
    const before = liveTensors();
    const shared = gradients('g');
    expect(liveTensors()).toBe(before);
    restoreWasmKernels();
    expect(wasmKernelsInstalled()).toBe(false);
    const copied = gradients('g');
    installWasmKernels();
    expect(shared.length).toBe(2);
    for (let i = 0; i < shared.length; i++) expect(shared[i]).toEqual(copied[i]);
  });
});
