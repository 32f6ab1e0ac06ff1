import { describe, expect, it } from 'vitest';
import type { Env, ResetResult, StepResult } from '../../../src/core/env.js';
import { hasActionMasks } from '../../../src/core/env.js';
import { Box } from '../../../src/core/spaces/box.js';
import { Dict } from '../../../src/core/spaces/dict.js';
import { Discrete } from '../../../src/core/spaces/discrete.js';
import { FlattenObservation } from '../../../src/core/wrappers/flatten-observation.js';
import { MaskedCountingEnv } from '../../helpers/toy-envs.js';

const space = new Dict({ pos: new Discrete(3), feat: new Box(-1, 1, [2]) });
type Obs = { pos: number; feat: Float32Array };

class DictEnv implements Env<Obs, number> {
  readonly observationSpace = space;
  readonly actionSpace = new Discrete(3);
  readonly metadata = {};
  reset(): ResetResult<Obs> {
    return { observation: { pos: 0, feat: Float32Array.of(0.5, -0.5) }, info: { hello: 1 } };
  }
  step(action: number): StepResult<Obs> {
    return { observation: { pos: action, feat: Float32Array.of(1, -1) }, reward: 1, terminated: false, truncated: false, info: {} };
  }
  close(): void {}
}

describe('FlattenObservation', () => {
  it('flattens observations into the flat Box', () => {
    const env = new FlattenObservation(new DictEnv());
    expect(env.observationSpace).toBeInstanceOf(Box);
    expect(env.observationSpace.shape).toEqual([5]);
    const r = env.reset();
    expect(Array.from(r.observation)).toEqual([1, 0, 0, 0.5, -0.5]);
    expect(r.info).toEqual({ hello: 1 });
    const s = env.step(2);
    expect(Array.from(s.observation)).toEqual([0, 0, 1, 1, -1]);
    expect(s.reward).toBe(1);
    expect(env.observationSpace.contains(s.observation)).toBe(true);
  });

  it('keeps action masks', () => {
    const env = new FlattenObservation(new MaskedCountingEnv());
    expect(hasActionMasks(env)).toBe(true);
    expect(env.reset().observation).toBeInstanceOf(Float32Array);
  });
});
