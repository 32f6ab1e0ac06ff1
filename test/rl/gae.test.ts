import { describe, expect, it } from 'vitest';
import { computeGae, explainedVariance, type GaeInput } from '../../src/rl/gae.js';

const f32 = (xs: number[]): Float32Array => new Float32Array(xs);
const u8 = (xs: number[]): Uint8Array => new Uint8Array(xs);

/** T = 3, B = 1, γ = 0.9, λ = 0.8, rewards [1, 0, 2], values [0.5, 1.0, 1.5], V(s_3) = 2.0. */
function base(over: Partial<GaeInput> = {}): GaeInput {
  return {
    numSteps: 3,
    numEnvs: 1,
    rewards: f32([1, 0, 2]),
    values: f32([0.5, 1.0, 1.5]),
    terminated: u8([0, 0, 0]),
    truncated: u8([0, 0, 0]),
    bootstrapValues: f32([0, 0, 0]),
    lastValues: f32([2.0]),
    gamma: 0.9,
    gaeLambda: 0.8,
    ...over,
  };
}

function close(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 5));
}

describe('computeGae', () => {
  it('matches the hand computation without episode ends', () => {
    // δ2 = 2 + 0.9·2.0 − 1.5 = 2.3          A2 = 2.3
    // δ1 = 0 + 0.9·1.5 − 1.0 = 0.35         A1 = 0.35 + 0.72·2.3   = 2.006
    // δ0 = 1 + 0.9·1.0 − 0.5 = 1.4          A0 = 1.4  + 0.72·2.006 = 2.84432
    // returns = A + V = [3.34432, 3.006, 3.8]
    const { advantages, returns } = computeGae(base());
    close(advantages, [2.84432, 2.006, 2.3]);
    close(returns, [3.34432, 3.006, 3.8]);
  });

  it('termination: no bootstrap and no chaining across the end', () => {
    // t = 1 terminates: δ1 = 0 + 0 − 1.0 = −1.0, A1 = −1.0 (t = 2 is the next episode)
    // A2 = 2.3 (bootstraps from V(s_3) as before);  A0 = 1.4 + 0.72·(−1.0) = 0.68
    const { advantages, returns } = computeGae(base({ terminated: u8([0, 1, 0]), bootstrapValues: f32([0, 3.0, 0]) }));
    close(advantages, [0.68, -1.0, 2.3]);
    close(returns, [1.18, 0.0, 3.8]);
  });

  it('truncation: bootstraps from V(final observation), no chaining', () => {
    // t = 1 truncated with V(final obs) = 3.0: δ1 = 0 + 0.9·3.0 − 1.0 = 1.7, A1 = 1.7
    // A0 = 1.4 + 0.72·1.7 = 2.624; A2 = 2.3
    const { advantages, returns } = computeGae(base({ truncated: u8([0, 1, 0]), bootstrapValues: f32([0, 3.0, 0]) }));
    close(advantages, [2.624, 1.7, 2.3]);
    close(returns, [3.124, 2.7, 3.8]);
  });

  it('terminated and truncated together count as terminated', () => {
    const { advantages } = computeGae(base({ terminated: u8([0, 1, 0]), truncated: u8([0, 1, 0]), bootstrapValues: f32([0, 3.0, 0]) }));
    close(advantages, [0.68, -1.0, 2.3]);
  });

  it('truncation at the last step bootstraps from bootstrapValues, not lastValues', () => {
    // t = 2 truncated, V(final) = 10: A2 = 2 + 0.9·10 − 1.5 = 9.5
    // A1 = 0.35 + 0.72·9.5 = 7.19;  A0 = 1.4 + 0.72·7.19 = 6.5768
    const { advantages } = computeGae(base({ truncated: u8([0, 0, 1]), bootstrapValues: f32([0, 0, 10]) }));
    close(advantages, [6.5768, 7.19, 9.5]);
  });

  it('skips invalid (autoreset) steps', () => {
    // next-step autoreset: t = 0 truncated; t = 1 is the reset step (its observation is the final one,
    // V = 2.0, which is also the bootstrap value); t = 2 starts the new episode.
    // A0 = 1 + 0.9·2.0 − 0.5 = 2.3;  A1 = 0, return = V = 2.0;  A2 = 2 + 0.9·2.0 − 1.5 = 2.3
    const { advantages, returns } = computeGae(
      base({
        values: f32([0.5, 2.0, 1.5]),
        truncated: u8([1, 0, 0]),
        bootstrapValues: f32([2.0, 0, 0]),
        valid: u8([1, 0, 1]),
      }),
    );
    close(advantages, [2.3, 0, 2.3]);
    close(returns, [2.8, 2.0, 3.8]);
  });

  it('λ = 1, γ = 1 gives Monte-Carlo returns', () => {
    // rewards [1, 1, 1], terminated at t = 2, V = 0: returns [3, 2, 1]
    const { returns } = computeGae(
      base({ rewards: f32([1, 1, 1]), values: f32([0, 0, 0]), terminated: u8([0, 0, 1]), gamma: 1, gaeLambda: 1 }),
    );
    close(returns, [3, 2, 1]);
  });

  it('λ = 0 gives one-step TD errors', () => {
    const { advantages } = computeGae(base({ gaeLambda: 0 }));
    close(advantages, [1.4, 0.35, 2.3]);
  });

  it('indexes [T × B] rows: env columns are independent', () => {
    // B = 2: env 0 is the base case, env 1 has rewards [0, 0, 1], values 0, V(s_3) = 0, γ = 0.9, λ = 0.8:
    // A2 = 1, A1 = 0 + 0.72·1 = 0.72, A0 = 0.72·0.72 = 0.5184
    const { advantages } = computeGae(
      base({
        numEnvs: 2,
        rewards: f32([1, 0, 0, 0, 2, 1]),
        values: f32([0.5, 0, 1.0, 0, 1.5, 0]),
        terminated: u8([0, 0, 0, 0, 0, 0]),
        truncated: u8([0, 0, 0, 0, 0, 0]),
        bootstrapValues: f32([0, 0, 0, 0, 0, 0]),
        lastValues: f32([2.0, 0]),
      }),
    );
    close(advantages, [2.84432, 0.5184, 2.006, 0.72, 2.3, 1]);
  });

  it('rejects arrays of the wrong length', () => {
    expect(() => computeGae(base({ rewards: f32([1, 2]) }))).toThrow(/expected rewards of length T·B = 3, got 2/);
    expect(() => computeGae(base({ lastValues: f32([1, 2]) }))).toThrow(/lastValues/);
  });
});

describe('explainedVariance', () => {
  it('is 1 for perfect values and 0 for the mean', () => {
    const returns = f32([1, 2, 3, 4]);
    expect(explainedVariance(f32([1, 2, 3, 4]), returns)).toBeCloseTo(1, 6);
    expect(explainedVariance(f32([2.5, 2.5, 2.5, 2.5]), returns)).toBeCloseTo(0, 6);
  });

  it('ignores invalid rows and is NaN for constant returns', () => {
    expect(explainedVariance(f32([1, 2, 99]), f32([1, 2, 3]), u8([1, 1, 0]))).toBeCloseTo(1, 6);
    expect(explainedVariance(f32([0, 0]), f32([1, 1]))).toBeNaN();
  });
});
