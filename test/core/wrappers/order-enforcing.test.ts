import { describe, expect, it } from 'vitest';
import type { Env, ResetResult, StepResult } from '../../../src/core/env.js';
import { Discrete } from '../../../src/core/spaces/discrete.js';
import { OrderEnforcing } from '../../../src/core/wrappers/order-enforcing.js';
import { TimeLimit } from '../../../src/core/wrappers/time-limit.js';
import { ResetNeededError } from '../../../src/util/errors.js';

/** An env that enforces nothing itself: the wrapper must. */
class Lax implements Env<number, number> {
  readonly observationSpace = new Discrete(100);
  readonly actionSpace = new Discrete(2);
  readonly metadata = {};
  private t = 0;
  reset(): ResetResult<number> {
    this.t = 0;
    return { observation: 0, info: {} };
  }
  step(): StepResult<number> {
    this.t++;
    return { observation: this.t, reward: 0, terminated: this.t >= 3, truncated: false, info: {} };
  }
  close(): void {}
}

describe('OrderEnforcing', () => {
  it('throws ResetNeededError on step before reset', () => {
    const env = new OrderEnforcing(new Lax());
    expect(env.hasReset).toBe(false);
    expect(() => env.step(0)).toThrow(ResetNeededError);
    env.reset();
    expect(env.hasReset).toBe(true);
    expect(env.step(0).observation).toBe(1);
  });

  it('throws after the episode ended until the next reset', () => {
    const env = new OrderEnforcing(new Lax());
    env.reset();
    env.step(0);
    env.step(0);
    expect(env.step(0).terminated).toBe(true);
    expect(() => env.step(0)).toThrow(/after the episode ended/);
    env.reset();
    expect(env.step(0).observation).toBe(1);
  });

  it('catches stepping after a time-limit truncation when outside TimeLimit', () => {
    const env = new OrderEnforcing(new TimeLimit(new Lax(), 1));
    env.reset();
    expect(env.step(0).truncated).toBe(true);
    expect(() => env.step(0)).toThrow(ResetNeededError);
  });
});
