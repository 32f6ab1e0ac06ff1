/**
 * The observation's key history (src/memory/layout.ts `KEY_HISTORY`), hand-computed on a tiny recall
 * script (IdealReader, W = 2, N = 3, every fact stored by FIFO).
 */
import { describe, expect, it } from 'vitest';
import { makeFixedPolicy } from '../../../agents/fixed/index.js';
import { GLOBAL, SLOT, SLOT_FEATURE_DIM, type MemoryObservation } from '../../../envs/common/observation.js';
import { runEpisodes, tinyRecallEnv } from '../../helpers/tiny-recall.js';

/** A slot's key history: [keyed, stale, queries, writes, itemQueries] as counts. */
function slotHistory(obs: MemoryObservation, slot: number): number[] {
  const at = (f: number): number => obs.slots[slot * SLOT_FEATURE_DIM + f] as number;
  return [
    at(SLOT.keyed),
    at(SLOT.stale),
    Math.expm1(at(SLOT.keyQueries)),
    Math.expm1(at(SLOT.keyWrites)),
    Math.expm1(at(SLOT.itemQueries)),
  ].map((x) => Math.round(x * 1e5) / 1e5);
}

function itemHistory(obs: MemoryObservation): number[] {
  const g = obs.global;
  return [g[GLOBAL.keyed] as number, Math.expm1(g[GLOBAL.keyQueries] as number), Math.expm1(g[GLOBAL.keyWrites] as number)].map(
    (x) => Math.round(x * 1e5) / 1e5,
  );
}

describe('key history in the observation', () => {
  // 0 F:a → s0, 1 Q:a, 2 F:b → s1, 3 F:a → s2 (supersedes 0), 4 Q:a, 5 Q:b, 6 - → s0 (FIFO over the oldest).
  const script = ['F:a', 'Q:a', 'F:b', 'F:a', 'Q:a', 'Q:b', '-'];
  const steps = runEpisodes(tinyRecallEnv({ script, slots: 3 }), makeFixedPolicy('fifo'), 1).steps.map((s) => s.observation);

  it('counts the earlier queries and writes of the current item’s key, nothing for a keyless item', () => {
    expect(itemHistory(steps[0] as MemoryObservation)).toEqual([1, 0, 0]);
    expect(itemHistory(steps[1] as MemoryObservation)).toEqual([1, 0, 1]);
    expect(itemHistory(steps[3] as MemoryObservation)).toEqual([1, 1, 1]);
    expect(itemHistory(steps[5] as MemoryObservation)).toEqual([1, 0, 1]);
    expect(itemHistory(steps[6] as MemoryObservation)).toEqual([0, 0, 0]);
  });

  it("marks a slot stale from the step its key's newer fact arrives, and counts queries since each item arrived", () => {
    const at3 = steps[3] as MemoryObservation;
    expect(slotHistory(at3, 0)).toEqual([1, 1, 1, 1, 1]);
    expect(slotHistory(at3, 1)).toEqual([1, 0, 0, 1, 0]);
    const at5 = steps[5] as MemoryObservation;
    expect(slotHistory(at5, 0)).toEqual([1, 1, 2, 2, 2]);
    expect(slotHistory(at5, 1)).toEqual([1, 0, 0, 1, 0]);
    expect(slotHistory(at5, 2)).toEqual([1, 0, 2, 2, 1]);
  });

  it('gives a free slot and a keyless item no history', () => {
    expect(slotHistory(steps[1] as MemoryObservation, 1)).toEqual([0, 0, 0, 0, 0]);
    // At step 7 the noise item of step 6 sits in s0 (FIFO overwrote item 0 there).
    const again = runEpisodes(tinyRecallEnv({ script: [...script, 'Q:a'], slots: 3 }), makeFixedPolicy('fifo'), 1).steps;
    expect(slotHistory((again[7] as { observation: MemoryObservation }).observation, 0)).toEqual([0, 0, 0, 0, 0]);
  });
});
