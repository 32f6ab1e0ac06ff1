import { describe, expect, it } from 'vitest';
import { ActionLayout } from '../../../envs/common/actions.js';
import { decideRandom, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { Rng } from '../../../src/util/rng.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { buildObs, isValid } from './build-obs.js';

describe('random decisions', () => {
  it('draws only valid actions, and every valid one', () => {
    // N = 2 of maxSlots 4, slot 1 free: valid are NOOP, RETRIEVE, STORE_AUTO, STORE_0/1, FORGET_0, GROW, SHRINK.
    const obs = buildObs({ slots: [{ age: 1 }, null], maxSlots: 4 });
    const layout = new ActionLayout(4);
    const rng = new Rng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const a = decideRandom(obs, rng);
      expect(isValid(obs, a)).toBe(true);
      seen.add(layout.name(a));
    }
    expect([...seen].sort()).toEqual(['FORGET_0', 'GROW', 'NOOP', 'RETRIEVE', 'SHRINK', 'STORE_0', 'STORE_1', 'STORE_AUTO']);
  });

  it('NOOPs when only NOOP is valid', () => {
    expect(decideRandom(buildObs({ slots: [{ age: 1 }], done: true }), new Rng(0))).toBe(0);
  });

  it('is seeded: the same seed repeats the actions, another seed differs', () => {
    const obs = buildObs({ slots: [{ age: 1 }, null, { age: 2 }], maxSlots: 5 });
    const draw = (seed?: number): number[] => {
      const agent = makeFixedPolicy('random', seed === undefined ? {} : { seed });
      return Array.from({ length: 30 }, () => agent.act(obs, {}));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw()).toEqual(draw(0));
  });

  it('replays a whole run with the same agent seed and env seeds', () => {
    const play = (): number[] => runEpisodes(tinyRecallEnv(), makeFixedPolicy('random', { seed: 5 }), 2).steps.map((s) => s.action);
    expect(play()).toEqual(play());
  });
});
