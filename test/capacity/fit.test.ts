import { describe, expect, it } from 'vitest';
import { fitScaling, scalingVerdict } from '../../src/capacity/fit.js';
import { Rng } from '../../src/util/rng.js';

function points(exponent: number, noise: number, seed: number): { x: number; y: number }[] {
  const rng = new Rng(seed);
  return [16, 32, 64, 128, 256, 512, 1024, 2048].map((x) => ({ x, y: 40 * x ** exponent * Math.exp(noise * rng.normal()) }));
}

describe('fitScaling', () => {
  it('recovers an exact exponent with a zero-width interval', () => {
    const f = fitScaling('exact', 'N', points(0.75, 0, 1));
    expect(f.slope).toBeCloseTo(0.75, 10);
    expect(f.intercept).toBeCloseTo(Math.log10(40), 10);
    expect(f.high - f.low).toBeLessThan(1e-9);
    expect(f.r2).toBeCloseTo(1, 10);
    expect(f.points).toBe(8);
  });

  it('covers the true exponent of noisy √N points and reads them as the theory', () => {
    const f = fitScaling('sqrt', 'N', points(0.5, 0.05, 2));
    expect(f.low).toBeLessThanOrEqual(0.5);
    expect(f.high).toBeGreaterThanOrEqual(0.5);
    expect(Math.abs(f.slope - 0.5)).toBeLessThan(0.05);
    expect(f.verdict).toMatch(/^supports the theory's exponent 0.5/);
  });

  it('reads noisy linear points as linear scaling', () => {
    const f = fitScaling('linear', 'nN', points(1, 0.05, 3));
    expect(f.low).toBeLessThanOrEqual(1);
    expect(f.high).toBeGreaterThanOrEqual(1);
    expect(f.verdict).toMatch(/^supports linear scaling/);
  });

  it('gives no interval below three points', () => {
    const f = fitScaling('two', 'N', points(1, 0, 4).slice(0, 2));
    expect(Number.isNaN(f.low)).toBe(true);
    expect(f.verdict).toMatch(/too few points \(2\)/);
  });
});

describe('scalingVerdict', () => {
  it('names every case', () => {
    expect(scalingVerdict(0.3, 1.2, 5)).toMatch(/inconclusive/);
    expect(scalingVerdict(0.6, 0.9, 5)).toMatch(/between 0.5 and 1/);
    expect(scalingVerdict(0.1, 0.3, 5)).toMatch(/below 0.5/);
    expect(scalingVerdict(1.2, 1.5, 5)).toMatch(/super-linear/);
  });
});
