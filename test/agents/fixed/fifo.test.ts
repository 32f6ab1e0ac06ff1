import { describe, expect, it } from 'vitest';
import { decideFifo, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { actionName, buildObs } from './build-obs.js';

const decide = (spec: Parameters<typeof buildObs>[0]): string => {
  const obs = buildObs(spec);
  return actionName(obs, decideFifo(obs));
};

describe('fifo decisions', () => {
  it('stores into the lowest free slot while there is one', () => {
    expect(decide({ slots: [{ age: 3 }, null, { age: 1 }, null] })).toBe('STORE_1');
    expect(decide({ slots: [null, null] })).toBe('STORE_0');
  });

  it('overwrites the oldest write when memory is full, whatever the accesses', () => {
    expect(decide({ slots: [{ age: 2 }, { age: 5 }, { age: 3 }] })).toBe('STORE_1');
    // Slot 0 is the oldest even though it was read just now and often.
    expect(decide({ slots: [{ age: 5, since: 0, count: 9 }, { age: 2 }] })).toBe('STORE_0');
  });

  it('breaks ties between equally old slots by the lowest index', () => {
    expect(decide({ slots: [{ age: 1 }, { age: 4 }, { age: 4 }] })).toBe('STORE_1');
  });

  it('only uses active slots: N = 2 of maxSlots 4 is full', () => {
    expect(decide({ slots: [{ age: 1 }, { age: 2 }], maxSlots: 4 })).toBe('STORE_1');
  });

  it('RETRIEVEs at a query and NOOPs when nothing else is valid', () => {
    expect(decide({ slots: [{ age: 1 }, null], isQuery: true })).toBe('RETRIEVE');
    expect(decide({ slots: [{ age: 1 }, null], done: true })).toBe('NOOP');
  });
});

describe('fifo episodes', () => {
  it('scores 1/4 on the default tiny script (hand-computed)', () => {
    // Script (W = 2, N = 2): 0 F:a, 1 F:b, 2 -, 3 F:c, 4 Q:b, 5 F:a, 6 -, 7 Q:a, 8 Q:c, 9 -, 10 Q:a.
    // 0 a→s0, 1 b→s1, 2 noise over a (oldest, s0), 3 c over b (s1); 4 Q:b: memory {n2, c3} ✗;
    // 5 a over n2 (s0), 6 noise over c (s1); 7 Q:a: support 5 is in context ✓; 8 Q:c: {a5, n6} ✗;
    // 9 noise over a5 (s0); 10 Q:a: {n9, n6} ✗  ⇒ 1/4.
    const { accuracies, steps } = runEpisodes(tinyRecallEnv(), makeFixedPolicy('fifo'), 3);
    expect(accuracies).toEqual([0.25, 0.25, 0.25]);
    const env = tinyRecallEnv();
    const names = steps.slice(0, 11).map((s) => env.state.layout.name(s.action));
    expect(names).toEqual([
      'STORE_0',
      'STORE_1',
      'STORE_0',
      'STORE_1',
      'RETRIEVE',
      'STORE_0',
      'STORE_1',
      'RETRIEVE',
      'RETRIEVE',
      'STORE_0',
      'RETRIEVE',
    ]);
  });

  it('scores 1/3 where an early, re-queried fact must survive (hand-computed)', () => {
    // Script: 0 F:a, 1 F:b, 2 Q:a, 3 F:c, 4 Q:a, 5 -, 6 Q:a.
    // 0 a→s0, 1 b→s1; 2 Q:a in context ✓; 3 c over a (oldest); 4 Q:a: {c3, b1} ✗; 5 noise over b;
    // 6 Q:a: {c3, n5} ✗  ⇒ 1/3 (lru and lfu keep a and score 3/3).
    const script = ['F:a', 'F:b', 'Q:a', 'F:c', 'Q:a', '-', 'Q:a'];
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('fifo'), 3).accuracies).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});
