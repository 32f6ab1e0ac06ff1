import { describe, expect, it } from 'vitest';
import { confidenceInterval, linearFit, logLogFit, mean, normalisedScore, std, variance } from '../../src/report/stats.js';
import { ReportError } from '../../src/util/errors.js';

describe('mean / std', () => {
  it('computes hand-checked values', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs)).toBeCloseTo(32 / 7, 12);
    expect(std(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(mean(Float32Array.of(1, 2, 3))).toBe(2);
  });

  it('returns NaN for too little data', () => {
    expect(mean([])).toBeNaN();
    expect(std([])).toBeNaN();
    expect(std([3])).toBeNaN();
  });
});

describe('confidenceInterval', () => {
  it('uses the t quantile with n - 1 degrees of freedom', () => {
    // mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    const hw = (2.7764451051977987 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(ci.mean).toBe(3);
    expect(ci.n).toBe(5);
    expect(ci.halfWidth).toBeCloseTo(hw, 9);
    expect(ci.low).toBeCloseTo(3 - hw, 9);
    expect(ci.high).toBeCloseTo(3 + hw, 9);
  });

  it('honours the level', () => {
    // t(0.95, 4) = 2.131847
    const ci = confidenceInterval([1, 2, 3, 4, 5], 0.9);
    expect(ci.halfWidth).toBeCloseTo((2.131846786 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
  });

  it('gives a NaN half-width for n = 1 and NaN everything for n = 0', () => {
    const one = confidenceInterval([0.7]);
    expect(one).toMatchObject({ mean: 0.7, n: 1 });
    expect(one.halfWidth).toBeNaN();
    expect(one.low).toBeNaN();
    const none = confidenceInterval([]);
    expect(none.n).toBe(0);
    expect(none.mean).toBeNaN();
  });

  it('has zero width for constant data', () => {
    expect(confidenceInterval([4, 4, 4]).halfWidth).toBe(0);
  });

  it('rejects a level outside (0, 1)', () => {
    expect(() => confidenceInterval([1, 2], 95)).toThrow(ReportError);
    expect(() => confidenceInterval([1, 2], 0)).toThrow(/level in \(0, 1\), got 0/);
  });
});

describe('normalisedScore', () => {
  it('maps random to 0 and oracle to 1', () => {
    expect(normalisedScore(0.6, { random: 0.2, oracle: 1 })).toBeCloseTo(0.5, 12);
    expect(normalisedScore(0.2, { random: 0.2, oracle: 1 })).toBe(0);
    expect(normalisedScore(1, { random: 0.2, oracle: 1 })).toBe(1);
    expect(normalisedScore(0.1, { random: 0.2, oracle: 0.4 })).toBeCloseTo(-0.5, 12);
  });

  it('is NaN (not infinite) when oracle equals random or an input is NaN', () => {
    expect(normalisedScore(0.5, { random: 0.3, oracle: 0.3 })).toBeNaN();
    expect(normalisedScore(NaN, { random: 0, oracle: 1 })).toBeNaN();
    expect(normalisedScore(0.5, { random: NaN, oracle: 1 })).toBeNaN();
  });
});

describe('linearFit', () => {
  it('matches a hand-computed OLS fit with a t interval on the slope', () => {
    // sxx = 5, sxy = 9.5 -> slope 1.9, intercept 0; ssRes = 0.7, syy = 18.75
    const fit = linearFit([1, 2, 3, 4], [2, 4, 5, 8]);
    expect(fit.n).toBe(4);
    expect(fit.slope).toBeCloseTo(1.9, 12);
    expect(fit.intercept).toBeCloseTo(0, 12);
    expect(fit.r2).toBeCloseTo(1 - 0.7 / 18.75, 12);
    const se = Math.sqrt(0.07);
    expect(fit.slopeStdErr).toBeCloseTo(se, 12);
    // t(0.975, 2) = 4.302653
    expect(fit.slopeLow).toBeCloseTo(1.9 - 4.302652729749464 * se, 8);
    expect(fit.slopeHigh).toBeCloseTo(1.9 + 4.302652729749464 * se, 8);
  });

  it('gives a zero-width interval and r2 = 1 on an exact line', () => {
    const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.slopeHigh - fit.slopeLow).toBeCloseTo(0, 12);
  });

  it('returns NaN fields for degenerate data and throws on mismatched lengths', () => {
    const two = linearFit([0, 1], [0, 2]);
    expect(two.slope).toBeCloseTo(2, 12);
    expect(two.slopeLow).toBeNaN();
    expect(linearFit([1], [1]).slope).toBeNaN();
    expect(linearFit([2, 2, 2], [1, 2, 3]).slope).toBeNaN();
    expect(() => linearFit([1, 2], [1])).toThrow(/same length, got 2 and 1/);
  });
});

describe('logLogFit', () => {
  it('recovers a power law y = 3 x^0.5 in base-10 logs', () => {
    const xs = [1, 10, 100, 1000, 1e4];
    const fit = logLogFit(
      xs,
      xs.map((x) => 3 * Math.sqrt(x)),
    );
    expect(fit.slope).toBeCloseTo(0.5, 10);
    expect(fit.intercept).toBeCloseTo(Math.log10(3), 10);
    expect(fit.n).toBe(5);
  });

  it('skips points that have no logarithm', () => {
    const fit = logLogFit([0, -1, 1, 10, 100, NaN], [5, 5, 2, 20, 200, 3]);
    expect(fit.n).toBe(3);
    expect(fit.slope).toBeCloseTo(1, 10);
  });
});
