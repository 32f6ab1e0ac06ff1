import { beforeAll, describe, expect, it } from 'vitest';
import { cachedConstantCount, constant, MAX_CONSTANTS } from '../../src/model/constants.js';
import { useWasm } from '../helpers/tf.js';

const tf = await useWasm();

describe('constant', () => {
  beforeAll(() => {
    constant(2);
  });

  it('gives the same bits as passing the number to the op', () => {
    const x = tf.tensor1d([0.1, -3.7, 1e-8, 12345.678, Number.NaN]);
    for (const c of [2, 1 / Math.sqrt(24), 1e-5, 1e9, -1e9, 0.999, 1 - 0.999]) {
      const a = tf.mul(x, c).dataSync();
      const b = tf.mul(x, constant(c)).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    x.dispose();
  });

  it('is one kept tensor per value, not disposed by tidy', () => {
    const inside = tf.tidy(() => constant(2));
    expect(inside.isDisposed).toBe(false);
    expect(constant(2)).toBe(inside);
    expect(inside.dtype).toBe('float32');
  });

  it('recreates a disposed constant on its next use', () => {
    const c = constant(0.125);
    const count = cachedConstantCount();
    c.dispose();
    expect(cachedConstantCount()).toBe(count - 1);
    const again = constant(0.125);
    expect(again.isDisposed).toBe(false);
    expect(again.dataSync()[0]).toBe(0.125);
    expect(cachedConstantCount()).toBe(count);
  });

  it('keeps −0 apart from 0 and stops caching at the cap', () => {
    const negZero = tf.tidy(() => Object.is(constant(-0).dataSync()[0], -0));
    expect(negZero).toBe(true);
    for (let i = 0; i < MAX_CONSTANTS + 8; i++) constant(1000 + i);
    expect(cachedConstantCount()).toBeLessThanOrEqual(MAX_CONSTANTS);
    const beyond = tf.tidy(() => constant(5000.5).dataSync()[0]);
    expect(beyond).toBe(5000.5);
  });
});
