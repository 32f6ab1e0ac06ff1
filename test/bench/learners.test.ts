/** The learner benches: recurrent PPO (GRU slot policy) and DAgger, in the suite, the rows and --baseline items. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baselineItems } from '../../src/bench/baseline.js';
import { loadBenchConfig, settingsFor, type BenchConfig } from '../../src/bench/config.js';
import { collectRows } from '../../src/bench/report.js';
import { runSuite, suitePlan } from '../../src/bench/suite.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { useWasm } from '../helpers/tf.js';

const tiny = loadBenchConfig(join(PACKAGE_ROOT, 'configs', 'bench-tiny.json'));
const learnersOnly: BenchConfig = {
  ...tiny,
  env: { ...tiny.env, enabled: false },
  model: { ...tiny.model, enabled: false },
  ppo: { ...tiny.ppo, batchSizes: [], recurrentBatch: 2, daggerBatch: 2, daggerTimesteps: 64 },
};

beforeAll(async () => {
  await useWasm();
});

describe('learner benches', () => {
  it('plans, runs and reports recurrent PPO and DAgger steps/s', async () => {
    expect(suitePlan(settingsFor(learnersOnly, 'wasm'))).toEqual(['ppo-gru B=2', 'dagger B=2']);
    const r = await runSuite(learnersOnly, 'wasm');
    expect(r.ok).toBe(true);
    expect(r.ppo).toHaveLength(1);
    expect(r.ppo[0]?.network).toBe('recurrent');
    expect(r.ppo[0]?.stepsPerSecond).toBeGreaterThan(0);
    expect(r.dagger?.[0]?.steps).toBeGreaterThan(0);
    expect(r.dagger?.[0]?.stepsPerSecond).toBeGreaterThan(0);
    const ids = collectRows([r]).map((row) => row.id);
    expect(ids).toContain('ppo-gru.B2.T8');
    expect(ids).toContain('dagger.B2');
  });

  it('makes them --baseline items of their own, leaving their keys out of the ppo items', () => {
    const config: BenchConfig = { ...learnersOnly, ppo: { ...learnersOnly.ppo, batchSizes: [2] } };
    const items = baselineItems(config, 'wasm');
    expect(items.map((i) => i.label)).toEqual(['ppo B=2', 'ppo-gru B=2', 'dagger B=2']);
    expect(Object.keys(items[0]?.config.ppo ?? {})).not.toContain('recurrentBatch');
    expect(items[1]?.config.ppo).toMatchObject({ batchSizes: [], recurrentBatch: 2 });
    expect(items[2]?.config.ppo).toMatchObject({ batchSizes: [], daggerBatch: 2, daggerTimesteps: 64 });
  });
});
