/**
 * With the committed pretrained MATs (checkpoints/<family>, reproducible with `memgym pretrain --config
 * configs/pretrain-<family>.json`), memory decides accuracy: on every preset of every family the
 * Belady oracle manager scores clearly above never-store, through the MAT's own answers, and the MAT reads
 * as well as the ideal reader (the oracle within 0.10 of its ideal-reader score; story-qa's MAT needs its
 * chained reads for that, see the README's pretrained-MAT table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixedPolicy } from '../../agents/fixed/index.js';
import { clearModelCache } from '../../envs/common/family.js';
import '../../envs/index.js';
import { makeMemoryVectorEnv } from '../../src/experiment/envs.js';
import { evaluateAgent } from '../../src/experiment/evaluate.js';
import { useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});
afterAll(() => clearModelCache());

const IDS = ['Recall', 'StoryQA', 'Forecast'].flatMap((f) => ['Easy', 'Medium', 'Hard'].map((p) => `memgym/${f}-${p}-v0`));

function accuracy(id: string, policy: 'oracle' | 'never-store', reader: 'mat' | 'ideal' = 'mat'): number {
  const agent = makeFixedPolicy(policy);
  const episodes = evaluateAgent({
    agent,
    makeEnv: (n) => makeMemoryVectorEnv(id, { reader, ...agent.requiredEnvOptions }, n),
    episodes: 8,
    baseSeed: 4242,
    numEnvs: 8,
  });
  return episodes.reduce((s, e) => s + e.accuracy, 0) / episodes.length;
}

describe('the pretrained MAT makes memory matter', () => {
  it.each(IDS)('%s: oracle ≫ never-store', { timeout: 60_000 }, (id) => {
    const oracle = accuracy(id, 'oracle');
    const never = accuracy(id, 'never-store');
    expect(oracle).toBeGreaterThan(never + 0.1);
    expect(oracle).toBeGreaterThan(accuracy(id, 'oracle', 'ideal') - 0.1);
  });
});
