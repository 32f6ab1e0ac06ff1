import { describe, expect, it } from 'vitest';
import { formatLogTick, formatTick, logTicks, makeScale, niceStep, niceTicks } from '../../src/report/svg-axis.js';

describe('niceTicks', () => {
  it('uses 1-2-5 steps and encloses the data', () => {
    expect(niceTicks(0, 1)).toEqual({ min: 0, max: 1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceTicks(0.3, 0.87).ticks).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(niceTicks(-3, 7)).toMatchObject({ min: -4, max: 8, step: 2 });
    expect(niceTicks(12000, 98000)).toMatchObject({ min: 0, max: 100000, step: 20000 });
    for (const span of [0.013, 0.7, 3, 45, 999, 12345]) {
      const step = niceStep(span, 5);
      const unit = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5, 10]).toContain(Math.round(unit * 1e6) / 1e6);
    }
  });

  it('widens degenerate ranges', () => {
    expect(niceTicks(5, 5).ticks.length).toBeGreaterThan(1);
    expect(niceTicks(0, 0)).toMatchObject({ min: -1, max: 1 });
    expect(niceTicks(NaN, NaN)).toMatchObject({ min: 0, max: 1 });
  });
});

describe('logTicks', () => {
  it('puts major ticks at powers of ten', () => {
    const t = logTicks(3, 4000);
    expect(t).toMatchObject({ min: 1, max: 10000, ticks: [1, 10, 100, 1000, 10000] });
    expect(t.minor).toContain(20);
    expect(t.minor).toContain(9000);
  });

  it('labels 2 and 5 within a single decade, thins wide ranges', () => {
    expect(logTicks(3, 7).ticks).toEqual([1, 2, 5, 10]);
    const wide = logTicks(1e-3, 1e9);
    expect(wide.ticks.length).toBeLessThanOrEqual(8);
    expect(wide.minor).toEqual([]);
  });
});

describe('tick labels', () => {
  it('formats linear ticks by their step', () => {
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(1, 0.2)).toBe('1.0');
    expect(formatTick(400000, 200000)).toBe('400k');
    expect(formatTick(2500000, 500000)).toBe('2.5M');
    expect(formatTick(0.00025, 0.00005)).toBe('2.5e-4');
    expect(formatTick(0, 0.1)).toBe('0');
  });

  it('formats log ticks plainly in range and as powers outside', () => {
    expect(formatLogTick(1000).label).toBe('1000');
    expect(formatLogTick(0.01).label).toBe('0.01');
    expect(formatLogTick(1e6)).toEqual({ value: 1e6, label: '10', exponent: 6 });
  });
});

describe('makeScale', () => {
  it('maps linear and log domains onto the pixel range', () => {
    const lin = makeScale([0, 1], [100, 0]);
    expect(lin.map(0)).toBe(100);
    expect(lin.map(0.5)).toBe(50);
    const log = makeScale([1, 100], [0, 200], { log: true });
    expect(log.map(10)).toBeCloseTo(100, 9);
    expect(log.map(0)).toBeNaN();
    expect(makeScale([0.5], [0, 10], { includeZero: true }).domain[0]).toBe(0);
  });
});
