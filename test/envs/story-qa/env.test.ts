import { describe, expect, it } from 'vitest';
import { makeFixedPolicy } from '../../../agents/fixed/index.js';
import { buildTask } from '../../../envs/common/family.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import type { MemoryObservation } from '../../../envs/common/observation.js';
import { PRESET_NAMES, type PresetName } from '../../../envs/common/preset.js';
import { STORY_QA_FAMILY } from '../../../envs/story-qa/index.js';

/** Mean accuracy of a fixed policy over `seeds` episodes of a preset with the ideal reader. */
function meanAccuracy(preset: PresetName, policy: string, seeds: readonly number[]): number {
  const env = new MemoryEnv(buildTask(STORY_QA_FAMILY, { preset, reader: 'ideal', privileged: true }));
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

const SEEDS = [1000, 1001, 1002, 1003];
/** The policy ranking needs more episodes (the gaps are a few points on hard). */
const MANY = Array.from({ length: 16 }, (_, i) => 2000 + i);

describe('story-QA env (ideal reader): memory decides accuracy', () => {
  for (const preset of PRESET_NAMES) {
    it(`${preset}: the oracle scores clearly higher than never-store`, () => {
      const oracle = meanAccuracy(preset, 'oracle', SEEDS);
      const never = meanAccuracy(preset, 'never-store', SEEDS);
      expect(oracle).toBeGreaterThan(0.8);
      expect(oracle).toBeGreaterThan(never + 0.6);
    });
  }

  it('each preset favours the fixed policy its doc names', () => {
    for (const preset of PRESET_NAMES) {
      const favoured = STORY_QA_FAMILY.presets[preset] as unknown as { favours: string };
      const scores = Object.fromEntries(['fifo', 'lru', 'lfu'].map((p) => [p, meanAccuracy(preset, p, MANY)]));
      const best = Object.entries(scores).sort((a, b) => b[1] - a[1])[0]![0];
      expect({ preset, best }).toEqual({ preset, best: favoured.favours });
    }
  });
});
