import { describe, expect, it } from 'vitest';
import { makeFixedPolicy } from '../../../agents/fixed/index.js';
import { buildTask } from '../../../envs/common/family.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import { MemoryVectorEnv } from '../../../envs/common/memory-vector-env.js';
import type { MemoryObservation } from '../../../envs/common/observation.js';
import { PRESET_NAMES, type PresetName } from '../../../envs/common/preset.js';
import { FORECAST_FAMILY } from '../../../envs/forecast/index.js';
import { FORECAST_PRESETS } from '../../../envs/forecast/presets.js';

/** Mean accuracy of a fixed policy over `seeds` episodes of a preset with the ideal reader. */
function meanAccuracy(preset: PresetName, policy: string, seeds: readonly number[]): number {
  const env = new MemoryEnv(buildTask(FORECAST_FAMILY, { preset, reader: 'ideal', privileged: true }));
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

describe('forecast env (ideal reader): memory decides accuracy', () => {
  for (const preset of PRESET_NAMES) {
    it(`${preset}: the oracle scores clearly higher than never-store`, () => {
      const oracle = meanAccuracy(preset, 'oracle', SEEDS);
      const never = meanAccuracy(preset, 'never-store', SEEDS);
      expect(never).toBe(0); // every support lies beyond the working context
      expect(oracle).toBeGreaterThan(0.7);
    });
  }

  it('FIFO holds the last period on easy; no fixed policy keeps the right phases on medium', () => {
    const seeds = [2000, 2001, 2002, 2003, 2004, 2005];
    expect(FORECAST_PRESETS.easy.favours).toBe('fifo');
    const easy = Object.fromEntries(['fifo', 'lru', 'lfu'].map((p) => [p, meanAccuracy('easy', p, seeds)]));
    expect(easy.fifo).toBeGreaterThan(Math.max(easy.lru!, easy.lfu!) + 0.3);
    for (const p of ['fifo', 'lru', 'lfu', 'relevance']) expect(meanAccuracy('medium', p, seeds)).toBeLessThan(0.05);
    const hard = Object.fromEntries(['fifo', 'lru', 'lfu'].map((p) => [p, meanAccuracy('hard', p, seeds)]));
    expect(hard.fifo).toBeGreaterThan(Math.max(hard.lru!, hard.lfu!));
  });

  it('scores multi-token forecasts the same in the vector env (isCorrect passed unbound)', () => {
    const agent = makeFixedPolicy('oracle');
    const env = new MemoryVectorEnv(buildTask(FORECAST_FAMILY, { preset: 'easy', reader: 'ideal', privileged: true }), 2);
    let { observations, infos } = env.reset({ seed: 3 });
    const correct = [0, 0];
    const T = FORECAST_PRESETS.easy.params.length;
    for (let t = 0; t < T; t++) {
      const r = env.step(agent.actBatch(observations, infos));
      observations = r.observations;
      infos = r.infos;
      r.infos.forEach((info, i) => {
        if (info.correct === true) correct[i]! += 1;
      });
    }
    const single = new MemoryEnv(buildTask(FORECAST_FAMILY, { preset: 'easy', reader: 'ideal', privileged: true }));
    [3, 4].forEach((seed, i) => {
      let { observation, info } = single.reset({ seed });
      for (;;) {
        const r = single.step(agent.act(observation as MemoryObservation, info));
        observation = r.observation;
        info = r.info;
        if (r.terminated) break;
      }
      expect(correct[i]).toBe(info.correctAnswers);
      expect(correct[i]).toBeGreaterThan(20);
    });
  });
});
