import { describe, expect, it } from 'vitest';
import { makeFixedPolicy, readOracleInfo } from '../../../agents/fixed/index.js';
import { decideParrot } from '../../../agents/parrot-expert.js';
import type { Info } from '../../../src/core/env.js';
import { buildTask } from '../../../envs/common/family.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import type { MemoryObservation } from '../../../envs/common/observation.js';
import { PRESET_NAMES, type PresetName } from '../../../envs/common/preset.js';
import { RECALL_FAMILY } from '../../../envs/recall/index.js';

/** Mean accuracy of a fixed policy over `seeds` episodes of a preset with the ideal reader. */
function meanAccuracy(preset: PresetName, policy: string | ((o: MemoryObservation, i: Info) => number), seeds: readonly number[]): number {
  const env = new MemoryEnv(buildTask(RECALL_FAMILY, { preset, reader: 'ideal', privileged: true }));
  const agent = typeof policy === 'string' ? makeFixedPolicy(policy) : { act: policy };
  let sum = 0;
  for (const seed of seeds) {
    let { observation, info } = env.reset({ seed });
    for (;;) {
      const r = env.step(agent.act(observation as MemoryObservation, info));
      observation = r.observation;
      info = r.info;
      if (r.terminated) break;
    }
    sum += info.accuracy as number;
  }
  return sum / seeds.length;
}

const SEEDS = [1000, 1001, 1002];

describe('recall env (ideal reader): memory decides accuracy', () => {
  for (const preset of PRESET_NAMES) {
    it(`${preset}: the oracle scores clearly higher than never-store`, () => {
      const oracle = meanAccuracy(preset, 'oracle', SEEDS);
      const never = meanAccuracy(preset, 'never-store', SEEDS);
      expect(oracle).toBeGreaterThan(0.75);
      expect(oracle).toBeGreaterThan(never + 0.6);
    });
  }
});

describe('recall env: the oracle look-ahead for the Parrot-style expert', () => {
  it('marks only noise items as of a kind no query needs', () => {
    const env = new MemoryEnv(buildTask(RECALL_FAMILY, { preset: 'medium', reader: 'ideal', privileged: true }));
    let { observation, info } = env.reset({ seed: 7 });
    const seen = new Map<string, Set<boolean>>();
    for (;;) {
      const kind = ['fact', 'noise', 'query'][(observation as MemoryObservation).item.slice(-9, -6).indexOf(1)] ?? '?';
      const needed = readOracleInfo(info).itemKindNeeded;
      seen.set(kind, (seen.get(kind) ?? new Set()).add(needed));
      const r = env.step(0);
      if (r.terminated) break;
      observation = r.observation;
      info = r.info;
    }
    expect(seen.get('noise')).toEqual(new Set([false]));
    expect(seen.get('fact')).toEqual(new Set([true]));
  });

  it('the Parrot-style expert stays near the oracle and far above LFU (medium)', () => {
    const parrot = meanAccuracy('medium', (o, i) => decideParrot(o, readOracleInfo(i)), SEEDS);
    expect(parrot).toBeGreaterThan(meanAccuracy('medium', 'lfu', SEEDS) + 0.3);
    expect(parrot).toBeGreaterThan(meanAccuracy('medium', 'oracle', SEEDS) - 0.15);
  });
});
