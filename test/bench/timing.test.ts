import { describe, expect, it } from 'vitest';
import { perSecond, timeLoop } from '../../src/bench/timing.js';

describe('timeLoop', () => {
  it('runs the warm-up untimed, then at least minIterations timed calls, summing their units', () => {
    let calls = 0;
    const run = timeLoop({ seconds: 0, minIterations: 5, warmupIterations: 3 }, () => {
      calls++;
      return 2;
    });
    expect(calls).toBe(8);
    expect(run.iterations).toBe(5);
    expect(run.units).toBe(10);
    expect(run.seconds).toBeGreaterThanOrEqual(0);
  });

  it('perSecond divides units by seconds, 0 without time', () => {
    expect(perSecond({ units: 10, seconds: 2 })).toBe(5);
    expect(perSecond({ units: 10, seconds: 0 })).toBe(0);
  });
});
