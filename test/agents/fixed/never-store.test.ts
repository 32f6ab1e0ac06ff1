import { describe, expect, it } from 'vitest';
import { NOOP } from '../../../envs/common/actions.js';
import { decideNeverStore, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { buildObs } from './build-obs.js';

describe('never-store', () => {
  it('always NOOPs: free memory, full memory, queries', () => {
    const agent = makeFixedPolicy('never-store');
    expect(decideNeverStore()).toBe(NOOP);
    for (const spec of [
      { slots: [null, null] },
      { slots: [{ age: 1 }, { age: 2 }] },
      { slots: [{ age: 1 }, null], isQuery: true },
      { slots: [null], done: true },
    ]) {
      expect(agent.act(buildObs(spec), {})).toBe(NOOP);
    }
  });

  it('answers only the in-context queries: 1/4 on the default tiny script (hand-computed)', () => {
    // W = 2. Queries 4 (support 1), 7 (5), 8 (3), 10 (5): only query 7 has its support among the two
    // items before it ⇒ 1/4.
    const run = runEpisodes(tinyRecallEnv(), makeFixedPolicy('never-store'), 3);
    expect(run.accuracies).toEqual([0.25, 0.25, 0.25]);
    expect(run.steps.every((s) => s.action === NOOP)).toBe(true);
  });

  it('a wider context answers more: 2/4 with W = 4 (hand-computed)', () => {
    // W = 4: query 4 (support 1 ∈ {0..3}) ✓, 7 (5 ∈ {3..6}) ✓, 8 (3 ∉ {4..7}) ✗, 10 (5 ∉ {6..9}) ✗ ⇒ 2/4.
    expect(runEpisodes(tinyRecallEnv({ contextLen: 4 }), makeFixedPolicy('never-store'), 1).accuracy).toBe(0.5);
  });
});
