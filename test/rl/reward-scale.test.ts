/** Reward scaling by the running std of the discounted return, on hand-computed numbers. */
import { describe, expect, it } from 'vitest';
import { ReturnScaler } from '../../src/rl/reward-scale.js';

const u8 = (xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('ReturnScaler', () => {
  it('divides by the std of the discounted returns (γ = ½: G = 1, 1.5, 0.75)', () => {
    const scaler = new ReturnScaler(1, 0.5, 0);
    const rewards = Float32Array.from([1, 1, 0]);
    const r = scaler.scale(rewards, u8([0, 0, 0]), u8([0, 0, 0]), u8([1, 1, 1]));
    // mean 13/12; variance (1/144 + 25/144 + 16/144) / 3 = 7/72
    expect(r.scale).toBeCloseTo(Math.sqrt(7 / 72), 12);
    expect(r.count).toBe(3);
    expect(Array.from(rewards)).toEqual([1, 1, 0].map((x) => Math.fround(x / Math.sqrt(7 / 72))));
  });

  it('resets G after a terminal or truncated step, per env; skips invalid rows', () => {
    // B = 2, step-major rows: env 0 gets 1 (terminal), 1 → G = 1, 1; env 1 gets 2, (invalid), 2 → G = 2, 3.
    const scaler = new ReturnScaler(2, 0.5, 0);
    const rewards = Float32Array.from([1, 2, 1, 9, 0, 2]);
    const r = scaler.scale(rewards, u8([1, 0, 0, 0, 0, 0]), u8([0, 0, 0, 0, 0, 0]), u8([1, 1, 1, 0, 0, 1]));
    // returns seen: 1, 2, 1, 3 ⇒ mean 7/4, variance (9 + 1 + 9 + 25) / 16 / 4 = 11/16
    expect(r.count).toBe(4);
    expect(r.scale).toBeCloseTo(Math.sqrt(11 / 16), 12);
  });

  it('merges rollouts as one pass over all their returns would', () => {
    const gamma = 0.9;
    const stream = [0.3, 1, 0, 0, 2, 0.5, 1, 0, 0, 1];
    const none = (n: number): Uint8Array => new Uint8Array(n);
    const ones = (n: number): Uint8Array => new Uint8Array(n).fill(1);
    const split = new ReturnScaler(1, gamma, 0);
    split.scale(Float32Array.from(stream.slice(0, 4)), none(4), none(4), ones(4));
    const last = split.scale(Float32Array.from(stream.slice(4)), none(6), none(6), ones(6));
    const whole = new ReturnScaler(1, gamma, 0).scale(Float32Array.from(stream), none(10), none(10), ones(10));
    expect(last.scale).toBeCloseTo(whole.scale, 12);
    expect(last.count).toBe(10);
  });

  it('leaves rewards unscaled before two returns are seen, and checks the shape', () => {
    const scaler = new ReturnScaler(2, 0.9);
    expect(scaler.divisor).toBe(1);
    expect(() => scaler.scale(new Float32Array(3), new Uint8Array(3), new Uint8Array(3), new Uint8Array(3))).toThrow(/multiple of 2/);
  });
});
