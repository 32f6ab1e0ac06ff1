import { describe, expect, it } from 'vitest';
import { makeFixedPolicy } from '../../../agents/fixed/index.js';
import { buildTask } from '../../../envs/common/family.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import type { MemoryObservation } from '../../../envs/common/observation.js';
import { PRESET_NAMES, type PresetName } from '../../../envs/common/preset.js';
import { RECALL_FAMILY } from '../../../envs/recall/index.js';

/** Mean accuracy of a fixed policy over `seeds` episodes of a preset with the ideal reader. */
function meanAccuracy(preset: PresetName, policy: string, seeds: readonly number[]): number {
  const env = new MemoryEnv(buildTask(RECALL_FAMILY, { preset, reader: 'ideal', privileged: true }));
  const agent = makeFixedPolicy(policy);
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
