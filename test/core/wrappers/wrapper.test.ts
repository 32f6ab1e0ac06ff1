import { describe, expect, it } from 'vitest';
import { hasActionMasks } from '../../../src/core/env.js';
import { OrderEnforcing } from '../../../src/core/wrappers/order-enforcing.js';
import { TimeLimit } from '../../../src/core/wrappers/time-limit.js';
import { Wrapper, unwrap } from '../../../src/core/wrappers/wrapper.js';
import { CountingEnv, MaskedCountingEnv } from '../../helpers/toy-envs.js';

describe('Wrapper', () => {
  it('delegates spaces, metadata, reset, step and close', () => {
    const inner = new CountingEnv({ k: 3 });
    const w = new Wrapper<Float32Array, number>(inner);
    expect(w.observationSpace).toBe(inner.observationSpace);
    expect(w.actionSpace).toBe(inner.actionSpace);
    expect(w.metadata).toBe(inner.metadata);
    expect(Array.from(w.reset({ seed: 1 }).observation)).toEqual([0, 0, 0]);
    expect(w.step(0).reward).toBe(1);
    w.close();
    expect(inner.closeCount).toBe(1);
  });

  it('exposes the unwrapped env and a readable name', () => {
    const inner = new CountingEnv();
    const w = new OrderEnforcing(new TimeLimit(inner, 10));
    expect(w.unwrapped).toBe(inner);
    expect(unwrap(w)).toBe(inner);
    expect(unwrap(inner)).toBe(inner);
    expect(String(w)).toBe('OrderEnforcing<TimeLimit<CountingEnv>>');
  });

  it('forwards actionMasks only when the inner env has them', () => {
    expect(hasActionMasks(new Wrapper(new CountingEnv()))).toBe(false);
    const inner = new MaskedCountingEnv({ nActions: 3 });
    const w = new TimeLimit(new Wrapper(inner), 5);
    expect(hasActionMasks(w)).toBe(true);
    w.reset();
    if (!hasActionMasks(w)) throw new Error('unreachable');
    expect(Array.from(w.actionMasks())).toEqual([1, 0, 1]);
  });

  it('lets a subclass define its own actionMasks', () => {
    class AllValid extends Wrapper<Float32Array, number> {
      actionMasks(): Uint8Array {
        return new Uint8Array(4).fill(1);
      }
    }
    const w = new AllValid(new MaskedCountingEnv());
    expect(Array.from(w.actionMasks())).toEqual([1, 1, 1, 1]);
  });

  it('reads spec through to the inner env unless set on the wrapper', () => {
    const inner = new CountingEnv();
    const w = new Wrapper(inner);
    expect(w.spec).toBeUndefined();
    const spec = { id: 'test/Counting-v0', entryPoint: () => new CountingEnv(), kwargs: {} };
    inner.spec = spec;
    expect(w.spec).toBe(spec);
    const other = { ...spec, id: 'test/Other-v0' };
    w.spec = other;
    expect(w.spec).toBe(other);
  });
});
