import { describe, expect, it } from 'vitest';
import { decideLru, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { actionName, buildObs, type ObsSpec } from './build-obs.js';

const decide = (spec: ObsSpec): string => {
  const obs = buildObs(spec);
  return actionName(obs, decideLru(obs));
};

describe('lru decisions', () => {
  it('overwrites the slot accessed longest ago, not the oldest write', () => {
    expect(
      decide({
        slots: [
          { age: 9, since: 1 },
          { age: 3, since: 3 },
          { age: 5, since: 2 },
        ],
      }),
    ).toBe('STORE_1');
  });

  it('breaks ties in recency by age (older first), then by the lowest index', () => {
    expect(
      decide({
        slots: [
          { age: 4, since: 2 },
          { age: 6, since: 2 },
          { age: 8, since: 1 },
        ],
      }),
    ).toBe('STORE_1');
    expect(
      decide({
        slots: [
          { age: 4, since: 2 },
          { age: 4, since: 2 },
        ],
      }),
    ).toBe('STORE_0');
  });

  it('fills free slots first, RETRIEVEs at queries, NOOPs when nothing else is valid', () => {
    expect(decide({ slots: [{ age: 9, since: 9 }, null, null] })).toBe('STORE_1');
    expect(decide({ slots: [{ age: 9 }, { age: 1 }], isQuery: true })).toBe('RETRIEVE');
    expect(decide({ slots: [{ age: 9 }, { age: 1 }], done: true })).toBe('NOOP');
  });
});

describe('lru episodes (tiny recall, W = 2, N = 2)', () => {
  // A read at a query accesses the slot holding the queried key's fact (the only one in memory in
  // these scripts), see test/helpers/tiny-recall.ts.
  it('keeps a re-queried fact: 3/3 where fifo scores 1/3 (hand-computed)', () => {
    // 0 F:a, 1 F:b, 2 Q:a, 3 F:c, 4 Q:a, 5 -, 6 Q:a.
    // 0 a→s0, 1 b→s1; 2 Q:a in context ✓, the read accesses a (s0);
    // 3 c: sinceAccess a 1, b 2 ⇒ over b (s1); 4 Q:a: {a0, c3} ✓, accesses a;
    // 5 noise: a 1, c 2 ⇒ over c (s1); 6 Q:a: {a0, n5} ✓  ⇒ 3/3.
    const script = ['F:a', 'F:b', 'Q:a', 'F:c', 'Q:a', '-', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('lru'), 5).accuracies).toEqual([1, 1, 1, 1, 1]);
  });

  it('flushes a popular fact with two one-shot writes: 2/3 where lfu scores 3/3 (hand-computed)', () => {
    // 0 F:a, 1 F:b, 2 Q:a, 3 Q:a, 4 F:c, 5 F:d, 6 -, 7 Q:a.
    // 0 a→s0, 1 b→s1; 2 Q:a in context ✓; 3 Q:a (support 0 outside the context {1, 2}): {a0, b1} ✓;
    // 4 c: sinceAccess a 1, b 3 ⇒ over b; 5 d: a 2, c 1 ⇒ over a (s0); 6 noise: d 1, c 2 ⇒ over c;
    // 7 Q:a: {d5, n6} ✗  ⇒ 2/3.
    const script = ['F:a', 'F:b', 'Q:a', 'Q:a', 'F:c', 'F:d', '-', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('lru'), 5).accuracies).toEqual([2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
  });
});
