import { describe, expect, it } from 'vitest';
import { decideLfu, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { actionName, buildObs, type ObsSpec } from './build-obs.js';

const decide = (spec: ObsSpec): string => {
  const obs = buildObs(spec);
  return actionName(obs, decideLfu(obs));
};

describe('lfu decisions', () => {
  it('overwrites the least counted slot, however recent', () => {
    expect(
      decide({
        slots: [
          { count: 5, age: 9 },
          { count: 2, age: 1, since: 0 },
          { count: 3, age: 2 },
        ],
      }),
    ).toBe('STORE_1');
    expect(decide({ slots: [{ count: 101 }, { count: 100 }] })).toBe('STORE_1');
  });

  it('breaks ties in count by age (older first), then by the lowest index', () => {
    expect(
      decide({
        slots: [
          { count: 2, age: 3 },
          { count: 2, age: 7 },
          { count: 4, age: 9 },
        ],
      }),
    ).toBe('STORE_1');
    expect(
      decide({
        slots: [
          { count: 4, age: 9 },
          { count: 2, age: 3 },
          { count: 2, age: 3 },
        ],
      }),
    ).toBe('STORE_1');
  });

  it('ignores recency: a slot read just now with the fewest accesses goes first', () => {
    expect(
      decide({
        slots: [
          { count: 3, age: 5, since: 5 },
          { count: 1, age: 2, since: 0 },
        ],
      }),
    ).toBe('STORE_1');
  });

  it('fills free slots first, RETRIEVEs at queries, NOOPs when nothing else is valid', () => {
    expect(decide({ slots: [{ count: 9 }, null] })).toBe('STORE_1');
    expect(decide({ slots: [{ count: 9 }, { count: 1 }], isQuery: true })).toBe('RETRIEVE');
    expect(decide({ slots: [{ count: 9 }, { count: 1 }], done: true })).toBe('NOOP');
  });
});

describe('lfu episodes (tiny recall, W = 2, N = 2)', () => {
  // A read at a query accesses the slot holding the queried key's fact (the only one in memory in
  // these scripts), see test/helpers/tiny-recall.ts. Counts: a store sets 1, each such read adds 1.
  it('keeps a popular fact through one-shot writes: 3/3 where lru and fifo score 2/3 (hand-computed)', () => {
    // 0 F:a, 1 F:b, 2 Q:a, 3 Q:a, 4 F:c, 5 F:d, 6 -, 7 Q:a.
    // 0 a→s0 (1), 1 b→s1 (1); 2 Q:a in context ✓, a → 2; 3 Q:a from memory ✓, a → 3;
    // 4 c over b (1 < 3); 5 d over c (1 < 3); 6 noise over d (1 < 3); 7 Q:a: {a0, n6} ✓  ⇒ 3/3.
    const script = ['F:a', 'F:b', 'Q:a', 'Q:a', 'F:c', 'F:d', '-', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('lfu'), 5).accuracies).toEqual([1, 1, 1, 1, 1]);
  });

  it('evicts each new write first once older slots were read: 2/3 (hand-computed)', () => {
    // 0 F:a, 1 F:b, 2 Q:a, 3 Q:b, 4 F:c, 5 -, 6 -, 7 Q:c.
    // 0 a→s0 (1), 1 b→s1 (1); 2 Q:a in context ✓ (a → 2); 3 Q:b in context ✓ (b → 2);
    // 4 c: a 2, b 2, a tie ⇒ the older, a (s0); 5 noise over c (1 < 2); 6 noise over n5 (1 < 2);
    // 7 Q:c (support 4, context {5, 6}): {n6, b1} ✗  ⇒ 2/3.
    const script = ['F:a', 'F:b', 'Q:a', 'Q:b', 'F:c', '-', '-', 'Q:c'];
    const run = runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('lfu'), 5);
    expect(run.accuracies).toEqual([2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
    const env = tinyRecallEnv({ script });
    expect(run.steps.slice(0, 8).map((s) => env.state.layout.name(s.action))).toEqual([
      'STORE_0',
      'STORE_1',
      'RETRIEVE',
      'RETRIEVE',
      'STORE_0',
      'STORE_0',
      'STORE_0',
      'RETRIEVE',
    ]);
  });
});
