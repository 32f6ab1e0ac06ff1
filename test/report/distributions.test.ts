import { describe, expect, it } from 'vitest';
import {
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../src/report/distributions.js';
import { ReportError } from '../../src/util/errors.js';

describe('studentTQuantile', () => {
  it('matches table values of t(0.975, df) to 1e-3', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
      [120, 1.98],
      [Infinity, 1.96],
    ];
    for (const [df, t] of table) expect(Math.abs(studentTQuantile(0.975, df) - t)).toBeLessThan(1e-3);
  });

  it('matches other levels', () => {
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
    expect(studentTQuantile(0.9995, 1)).toBeCloseTo(636.619, 2);
    expect(studentTQuantile(0.75, 8)).toBeCloseTo(0.706, 3);
  });

  it('is antisymmetric, 0 at the median, and inverts the CDF', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-studentTQuantile(0.975, 4), 12);
    for (const df of [1, 2, 3, 7.5, 20, 500, 5000]) {
      for (const p of [0.6, 0.9, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 7);
    }
  });

  it('tends to the normal quantile and decreases with df', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(normalQuantile(0.975), 5);
    expect(studentTQuantile(0.975, 999)).toBeGreaterThan(studentTQuantile(0.975, 1001));
    expect(studentTQuantile(0.975, 4.5)).toBeLessThan(studentTQuantile(0.975, 4));
    expect(studentTQuantile(0.975, 4.5)).toBeGreaterThan(studentTQuantile(0.975, 5));
  });

  it('rejects bad arguments with ReportError', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(ReportError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom > 0, got 0/);
  });
});

describe('special functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('regularizedIncompleteBeta matches a binomial sum', () => {
    // I_0.3(2, 3) = P(Binomial(4, 0.3) >= 2) = 0.3483
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('normal CDF and quantile agree with known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

describe('studentTQuantile against the hand-written implementation it replaced', () => {
  // [p, df, quantile] computed by memgym's previous bisection-on-the-exact-CDF code (accurate to ~1e-10).
  const previous: [number, number, number][] = [
    [0.9, 1, 3.0776835371752527],
    [0.95, 1, 6.313751514675031],
    [0.975, 1, 12.706204736174696],
    [0.995, 1, 63.6567411628717],
    [0.9, 2, 1.8856180831641272],
    [0.95, 2, 2.9199855803537242],
    [0.975, 2, 4.302652729749462],
    [0.995, 2, 9.924843200918287],
    [0.9, 3, 1.6377443536965615],
    [0.95, 3, 2.3533634348009707],
    [0.975, 3, 3.1824463052823035],
    [0.995, 3, 5.840909309731139],
    [0.9, 4, 1.533206274059082],
    [0.95, 4, 2.1318467863275576],
    [0.975, 4, 2.7764451051978867],
    [0.995, 4, 4.6040948713500285],
    [0.9, 5, 1.475884048824459],
    [0.95, 5, 2.015048373332619],
    [0.975, 5, 2.5705818356370553],
    [0.995, 5, 4.0321429835556115],
    [0.9, 9, 1.3830287383962916],
    [0.95, 9, 1.8331129326557192],
    [0.975, 9, 2.2621571627978483],
    [0.995, 9, 3.249835541592943],
    [0.9, 29, 1.3114336473016723],
    [0.95, 29, 1.69912702653405],
    [0.975, 29, 2.0452296421329663],
    [0.995, 29, 2.756385903669761],
    [0.9, 99, 1.2901614420351146],
    [0.95, 99, 1.6603911560170022],
    [0.975, 99, 1.9842169515868573],
    [0.995, 99, 2.626405457281694],
  ];
  it('agrees to 1e-10 relative on the levels and degrees of freedom the reports use', () => {
    for (const [p, df, q] of previous) expect(Math.abs(studentTQuantile(p, df) - q) / q).toBeLessThan(1e-10);
  });
});
