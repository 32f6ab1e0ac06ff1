import { describe, expect, it } from 'vitest';
import { decayLifetime, decideDecay, makeFixedPolicy, slotStrength, type DecayParams } from '../../../agents/fixed/index.js';
import { AgentError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';
import { actionName, buildObs, type ObsSpec } from './build-obs.js';

/** λ 0.5, threshold 0.2: 0.5² = 0.25 ≥ 0.2 > 0.5³, so a slot fades at 3 steps. */
const L3: Partial<DecayParams> = { lambda: 0.5, threshold: 0.2 };

/** The decision on a hand-built observation; T = `spec.T` (default 100), `null` for an unknown T. */
const decide = (spec: ObsSpec, params: Partial<DecayParams> = L3, T: number | null = spec.T ?? 100): string => {
  const obs = buildObs(spec);
  const full = makeFixedPolicy('decay', params).params;
  return actionName(obs, decideDecay(obs, full, { policy: 'decay', rng: new Rng(0), episodeLength: T ?? undefined }));
};

describe('decay lifetime and strength', () => {
  it('L = min{a : λ^a < threshold}', () => {
    expect(decayLifetime(0.5, 0.2)).toBe(3);
    expect(decayLifetime(0.5, 0.25)).toBe(3); // 0.5² = 0.25 is not below 0.25
    expect(decayLifetime(0.8, 0.05)).toBe(14); // the defaults: 0.8^13 ≈ 0.055, 0.8^14 ≈ 0.044
    expect(decayLifetime(0.9, 1)).toBe(1);
    expect(decayLifetime(0, 0.05)).toBe(1);
    expect(decayLifetime(1, 0.05)).toBe(Infinity);
  });

  it('strength is λ^age, or λ^sinceAccess with refresh', () => {
    const obs = buildObs({ slots: [{ age: 3, since: 1 }], T: 50 });
    expect(slotStrength(obs, 0, { lambda: 0.5, refresh: false }, 50)).toBeCloseTo(0.125, 12);
    expect(slotStrength(obs, 0, { lambda: 0.5, refresh: true }, 50)).toBeCloseTo(0.5, 12);
  });
});

describe('decay decisions (λ 0.5, threshold 0.2: faded from 3 steps)', () => {
  it('stores into the lowest free slot first, even when a faded slot exists', () => {
    expect(decide({ slots: [{ age: 50 }, null, null] })).toBe('STORE_1');
  });

  it('reuses the weakest faded slot when memory is full', () => {
    expect(decide({ slots: [{ age: 2 }, { age: 3 }, { age: 5 }] })).toBe('STORE_2');
    expect(decide({ slots: [{ age: 2 }, { age: 3 }, { age: 1 }] })).toBe('STORE_1');
  });

  it('drops the item (NOOP) while every slot is younger than its lifetime', () => {
    expect(decide({ slots: [{ age: 1 }, { age: 2 }, { age: 2 }] })).toBe('NOOP');
  });

  it('counts from the last access with refresh', () => {
    const slots = [
      { age: 10, since: 1 },
      { age: 4, since: 4 },
    ];
    expect(decide({ slots })).toBe('STORE_0'); // by age both faded, slot 0 is the weaker
    expect(decide({ slots }, { ...L3, refresh: true })).toBe('STORE_1'); // slot 0 was just read
    expect(
      decide(
        {
          slots: [
            { age: 10, since: 2 },
            { age: 4, since: 1 },
          ],
        },
        { ...L3, refresh: true },
      ),
    ).toBe('NOOP');
    // equally weak: the older write goes first, then the lowest index
    expect(
      decide(
        {
          slots: [
            { age: 5, since: 3 },
            { age: 8, since: 3 },
          ],
        },
        { ...L3, refresh: true },
      ),
    ).toBe('STORE_1');
    expect(
      decide(
        {
          slots: [
            { age: 8, since: 3 },
            { age: 8, since: 3 },
          ],
        },
        { ...L3, refresh: true },
      ),
    ).toBe('STORE_0');
  });

  it('λ = 0 is fifo; λ = 1 keeps the first N items (and needs no T)', () => {
    const full = { slots: [{ age: 1 }, { age: 3 }, { age: 2 }] };
    expect(decide(full, { lambda: 0 })).toBe('STORE_1');
    expect(decide(full, { lambda: 1 }, null)).toBe('NOOP');
    expect(decide({ slots: [{ age: 90 }, null] }, { lambda: 1 }, null)).toBe('STORE_1');
  });

  it('converts the normalised ages with T', () => {
    // age 3 in an episode of T = 7 is observed as 3/7.
    expect(decide({ slots: [{ age: 3 }, { age: 2 }], T: 7 })).toBe('STORE_0');
    expect(decide({ slots: [{ age: 2 }, { age: 1 }], T: 7 })).toBe('NOOP');
  });

  it('RETRIEVEs at a query and NOOPs when nothing else is valid', () => {
    expect(decide({ slots: [{ age: 9 }, { age: 9 }], isQuery: true })).toBe('RETRIEVE');
    expect(decide({ slots: [{ age: 9 }, null], done: true })).toBe('NOOP');
  });

  it('throws AgentError when it needs T and cannot know it', () => {
    expect(() => decide({ slots: [{ age: 3 }, { age: 2 }] }, L3, null)).toThrow(AgentError);
    expect(() => decide({ slots: [{ age: 3 }, { age: 2 }] }, L3, null)).toThrow(/expected params\.episodeLength/);
  });
});

describe('decay episodes (tiny recall, W = 2, N = 2)', () => {
  const script = ['F:a', '-', '-', 'Q:a', 'F:b', '-', '-', 'Q:b'];

  it('keeps each fact for its lifetime: 2/2 where fifo scores 0/2 (hand-computed)', () => {
    // λ 0.5, threshold 0.2 (lifetime 3). 0 F:a, 1 -, 2 -, 3 Q:a, 4 F:b, 5 -, 6 -, 7 Q:b.
    // 0 a→s0, 1 noise→s1; 2 noise: a age 2, n1 age 1, none faded ⇒ dropped;
    // 3 Q:a (support 0, context {1, 2}): {a0, n1} ✓; 4 b: a age 4, n1 age 3, both faded ⇒ over a (weaker);
    // 5 noise: n1 age 4 faded ⇒ over n1; 6 noise: b age 2, n5 age 1 ⇒ dropped; 7 Q:b (context {5, 6}): {b4, n5} ✓.
    // (fifo: 2 noise over a, 3 Q:a ✗ …, 7 Q:b: {n5, n6} ✗ ⇒ 0/2.)
    const run = runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('decay', L3), 3);
    expect(run.accuracies).toEqual([1, 1, 1]);
    const env = tinyRecallEnv({ script });
    expect(run.steps.slice(0, 8).map((s) => env.state.layout.name(s.action))).toEqual([
      'STORE_0',
      'STORE_1',
      'NOOP',
      'RETRIEVE',
      'STORE_0',
      'STORE_1',
      'NOOP',
      'RETRIEVE',
    ]);
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('fifo'), 1).accuracy).toBe(0);
  });

  it('λ = 0 scores like fifo (0/2) and λ = 1 keeps a but never stores b (1/2)', () => {
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('decay', { lambda: 0 }), 2).accuracies).toEqual([0, 0]);
    expect(runEpisodes(tinyRecallEnv({ script }), makeFixedPolicy('decay', { lambda: 1 }), 2).accuracies).toEqual([0.5, 0.5]);
  });

  it('with the defaults (lifetime 14 > T) scores 2/4 on the default script (hand-computed)', () => {
    // 0 a→s0, 1 b→s1, then memory is full and nothing fades within the 11 steps: every later item is
    // dropped. 4 Q:b: {a0, b1} ✓; 7 Q:a in context ✓; 8 Q:c ✗; 10 Q:a (support 5) ✗  ⇒ 2/4.
    expect(runEpisodes(tinyRecallEnv(), makeFixedPolicy('decay'), 3).accuracies).toEqual([0.5, 0.5, 0.5]);
  });
});
