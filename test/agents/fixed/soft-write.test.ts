import { describe, expect, it } from 'vitest';
import { NOOP, RETRIEVE, STORE_AUTO } from '../../../envs/common/actions.js';
import { decideSoftWrite, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { buildObs } from './build-obs.js';

describe('soft-write decisions', () => {
  it('STORE_AUTO for every non-query item, free or full memory; RETRIEVE at queries', () => {
    expect(decideSoftWrite(buildObs({ slots: [null, null] }))).toBe(STORE_AUTO);
    expect(decideSoftWrite(buildObs({ slots: [{ age: 1 }, { age: 2 }] }))).toBe(STORE_AUTO);
    expect(decideSoftWrite(buildObs({ slots: [{ age: 1 }, null], isQuery: true }))).toBe(RETRIEVE);
    expect(decideSoftWrite(buildObs({ slots: [{ age: 1 }, null], done: true }))).toBe(NOOP);
  });

  it('requires a soft-write env', () => {
    expect(makeFixedPolicy('soft-write').requiredEnvOptions).toEqual({ writeMode: 'soft' });
  });
});

describe('soft-write episodes (tiny recall, W = 2, N = 2, writeMode soft)', () => {
  it('spreads each write over every slot', () => {
    const env = tinyRecallEnv({ writeMode: 'soft' });
    const { observation } = env.reset({ seed: 0 });
    const r = env.step(makeFixedPolicy('soft-write').act(observation, {}));
    expect(r.info.slotsUsed).toBe(2);
  });

  it("starts from the reader's M₀, so writes land in different slots (no all-zero symmetry)", () => {
    // From an all-zero memory every slot would score the same, every write would be spread uniformly and
    // the rows would stay identical (one effective slot). Episodes start from M₀ (MemoryReader.initialMemory),
    // so k_w·M_i differs across slots and the argmax slot (which takes the item's tag) varies.
    const env = tinyRecallEnv({ writeMode: 'soft' });
    let { observation } = env.reset({ seed: 0 });
    const agent = makeFixedPolicy('soft-write');
    const tagged = new Set<number>();
    for (let t = 0; t < 6; t++) {
      const r = env.step(agent.act(observation, {}));
      observation = r.observation;
      const tags = (env as unknown as { state: { bank: { tag: Int32Array } } }).state.bank.tag;
      for (let i = 0; i < 2; i++) if ((tags[i] as number) >= 0) tagged.add(i);
    }
    expect(tagged.size).toBe(2);
    const run = runEpisodes(tinyRecallEnv({ writeMode: 'soft' }), agent, 6);
    expect(new Set(run.steps.map((s) => s.action))).toEqual(new Set([STORE_AUTO, RETRIEVE]));
    // never-store scores 1/4 on this script (context only); soft writes keep some facts readable.
    expect(Math.min(...run.accuracies)).toBeGreaterThanOrEqual(0.25);
    expect(Math.max(...run.accuracies)).toBeGreaterThan(0.25);
    expect(runEpisodes(tinyRecallEnv({ writeMode: 'soft' }), makeFixedPolicy('soft-write'), 6).accuracies).toEqual(run.accuracies);
  });

  it('answers a query whose fact was the last item written: 3/3 (hand-computed)', () => {
    // 0 F:a, 1 Q:a ✓ and 2 Q:a ✓ from context; 3 Q:a: support 0 is outside {1, 2}, but a0 is the latest
    // item written (queries are not written) ✓  ⇒ 3/3.
    const script = ['F:a', 'Q:a', 'Q:a', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script, writeMode: 'soft' }), makeFixedPolicy('soft-write'), 2).accuracies).toEqual([1, 1]);
  });
});
