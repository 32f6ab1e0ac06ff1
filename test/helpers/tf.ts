/** Test helper: run tfjs on the wasm backend (deterministic, offline). */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/model/backend.js';
import { cachedConstantCount } from '../../src/model/constants.js';

/** Selects the wasm backend once per test file. */
export async function useWasm(): Promise<typeof tf> {
  await selectBackend({ preferred: 'wasm' });
  return tf;
}

/**
 * max |a − b| / max(1, max |b|): the difference of two float32 results relative to the reference's scale
 * (absolute for values of magnitude ≤ 1), for "equal to 1e-6" checks that do not depend on the magnitude.
 */
export function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: [${a.shape.join()}] vs [${b.shape.join()}]`);
  return tf.tidy(() => {
    const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
    const scale = Math.max(1, tf.max(tf.abs(b)).dataSync()[0] as number);
    return diff / scale;
  });
}

/**
 * Live tensors, without the scalar constants src/model/constants.ts keeps for the life of the process
 * (created on first use, so a leak test's first call would otherwise count them as a leak).
 */
export function liveTensors(): number {
  return tf.memory().numTensors - cachedConstantCount();
}
