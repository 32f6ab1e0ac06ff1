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

  it('scores 1/4 on the default script (hand-computed)', () => {
    // From an empty memory every slot scores the same, so every soft write has uniform weights and
    // the rows stay identical; the write's item tag goes to slot 0 (the tie-break), so the IdealReader
    // sees only the latest item written. 4 Q:b: latest c3 ✗; 7 Q:a in context ✓; 8 Q:c: latest n6 ✗;
    // 10 Q:a: latest n9 ✗  ⇒ 1/4, the same as never-store.
    const run = runEpisodes(tinyRecallEnv({ writeMode: 'soft' }), makeFixedPolicy('soft-write'), 3);
    expect(run.accuracies).toEqual([0.25, 0.25, 0.25]);
    expect(new Set(run.steps.map((s) => s.action))).toEqual(new Set([STORE_AUTO, RETRIEVE]));
  });

  it('answers a query whose fact was the last item written: 3/3 (hand-computed)', () => {
    // 0 F:a, 1 Q:a ✓ and 2 Q:a ✓ from context; 3 Q:a: support 0 is outside {1, 2}, but a0 is the latest
    // item written (queries are not written) ✓  ⇒ 3/3.
    const script = ['F:a', 'Q:a', 'Q:a', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script, writeMode: 'soft' }), makeFixedPolicy('soft-write'), 2).accuracies).toEqual([1, 1]);
  });
});
