import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBenchConfig, settingsFor } from '../../src/bench/config.js';
import { benchEnv, benchTask, createBenchMat } from '../../src/bench/env.js';
import { availableBackends, resolveBackends, runBench } from '../../src/bench/run.js';
import { runSuite, suitePlan, type SuiteProgress } from '../../src/bench/suite.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { RECALL_FAMILY } from '../../envs/recall/index.js';
import { useWasm } from '../helpers/tf.js';

const tiny = loadBenchConfig(join(PACKAGE_ROOT, 'configs', 'bench-tiny.json'));
const finitePositive = (x: number): boolean => Number.isFinite(x) && x > 0;

beforeAll(async () => {
  await useWasm();
});

describe('bench suite (tiny config, in-process, wasm)', () => {
  it('returns finite positive numbers for every bench of the plan', async () => {
    const progress: SuiteProgress[] = [];
    const r = await runSuite(tiny, 'wasm', { onProgress: (p) => progress.push(p) });
    const plan = suitePlan(settingsFor(tiny, 'wasm'));
    expect(progress.map((p) => p.label)).toEqual(plan);
    expect(r.ok).toBe(true);
    expect(r.backend).toBe('wasm');
    expect(r.tfBackend).toBe('wasm');
    expect(r.env.map((e) => `${e.kind}/${e.numEnvs}/${e.readerKind}`)).toEqual([
      'single/1/mat',
      'vector/2/mat',
      'single/1/ideal',
      'vector/2/ideal',
    ]);
    for (const e of r.env) {
      expect(finitePositive(e.stepsPerSecond)).toBe(true);
      expect(e.steps).toBeGreaterThan(0);
    }
    expect(r.ppo).toHaveLength(1);
    const ppo = r.ppo[0]!;
    expect(ppo.updates).toBeGreaterThanOrEqual(1);
    expect(ppo.steps).toBe(ppo.updates * 2 * 8);
    expect(finitePositive(ppo.stepsPerSecond)).toBe(true);
    expect(finitePositive(ppo.rolloutStepsPerSecond as number)).toBe(true);
    expect(finitePositive(ppo.updateTransitionsPerSecond as number)).toBe(true);
    // Rollout and update each take part of the update's wall time: each rate exceeds the end-to-end one.
    expect(ppo.rolloutStepsPerSecond as number).toBeGreaterThan(ppo.stepsPerSecond);
    expect(Number.isInteger(ppo.minibatchKernels) && (ppo.minibatchKernels as number) > 10).toBe(true);
    expect(ppo.policy?.batch).toBe(4);
    expect(finitePositive(ppo.policy?.obsPerSecond as number)).toBe(true);
    expect(ppo.policy?.kernels as number).toBeGreaterThan(10);
    expect(ppo.policy?.kernels as number).toBeLessThan(ppo.minibatchKernels as number);
    expect(r.model).toHaveLength(1);
    for (const f of [r.model[0]!.encode, r.model[0]!.answer]) {
      expect(finitePositive(f.itemsPerSecond)).toBe(true);
      expect(finitePositive(f.gflops)).toBe(true);
      expect(f.kernels as number).toBeGreaterThan(5);
    }
  });

  it('PPO with 2 rollout processes: its own rows next to the in-process ones, no extras', { timeout: 120_000 }, async () => {
    const config = {
      ...tiny,
      env: { ...tiny.env, enabled: false },
      ppo: { ...tiny.ppo, parallelBatch: 2, rolloutWorkers: 2 },
      model: { ...tiny.model, enabled: false },
    };
    expect(suitePlan(settingsFor(config, 'wasm'))).toEqual(['ppo B=2', 'ppo B=2 W=2']);
    const report = await runBench(config, { backends: ['wasm'], isolate: false });
    const ppo = report.backends[0]?.ppo ?? [];
    expect(ppo.map((p) => p.rolloutWorkers)).toEqual([undefined, 2]);
    expect(ppo[1]?.steps).toBe((ppo[1]?.updates ?? 0) * 2 * 8);
    expect(finitePositive(ppo[1]?.stepsPerSecond as number)).toBe(true);
    expect(ppo[1]?.policy).toBeUndefined();
    const ids = report.rows.map((r) => r.id);
    expect(ids.filter((id) => id.endsWith('.W2') || id.includes('.W2.'))).toEqual([
      'ppo.B2.T8.W2',
      'ppo.B2.T8.W2.rollout',
      'ppo.B2.T8.W2.update',
    ]);
    expect(ids.indexOf('ppo.B2.T8.W2')).toBeGreaterThan(ids.indexOf('ppo.B2.T8'));
    expect(report.rows.find((r) => r.id === 'ppo.B2.T8.W2')?.label).toBe('PPO training B=2 T=8, 2 rollout processes');
  });

  it('PPO with 1 rollout process, overlapped: its own rows (training, update; no rollout-only rate)', { timeout: 120_000 }, async () => {
    const config = {
      ...tiny,
      env: { ...tiny.env, enabled: false },
      ppo: { ...tiny.ppo, batchSizes: [], overlapBatch: 2, overlapWorkers: 1 },
      model: { ...tiny.model, enabled: false },
    };
    expect(suitePlan(settingsFor(config, 'wasm'))).toEqual(['ppo B=2 W=1 overlapped']);
    const report = await runBench(config, { backends: ['wasm'], isolate: false });
    const ppo = report.backends[0]?.ppo ?? [];
    expect(ppo.map((p) => [p.rolloutWorkers, p.rolloutOverlap])).toEqual([[1, true]]);
    expect(ppo[0]?.steps).toBe((ppo[0]?.updates ?? 0) * 2 * 8);
    expect(finitePositive(ppo[0]?.stepsPerSecond as number)).toBe(true);
    expect(ppo[0]?.rolloutStepsPerSecond).toBeUndefined();
    expect(report.rows.map((r) => r.id)).toEqual(['ppo.B2.T8.W1.overlap', 'ppo.B2.T8.W1.overlap.update']);
    expect(report.rows[0]?.label).toBe('PPO training B=2 T=8, 1 rollout process, overlapped');
  });

  it('runBench in-process builds rows and ratios', async () => {
    const config = { ...tiny, ppo: { ...tiny.ppo, enabled: false }, model: { ...tiny.model, enabled: false } };
    const report = await runBench(config, { backends: ['wasm'], isolate: false });
    expect(report.backends.map((b) => [b.backend, b.ok, b.isolated])).toEqual([['wasm', true, false]]);
    expect(report.rows.map((r) => r.id)).toEqual(['env.single.mat', 'env.vector.B2.mat', 'env.single.ideal', 'env.vector.B2.ideal']);
    for (const row of report.rows) expect(finitePositive(row.values.wasm as number)).toBe(true);
    expect(report.ratios.filter((r) => r.kind === 'vector-vs-single')).toHaveLength(2);
    expect(report.ratios.filter((r) => r.kind === 'ideal-vs-mat')).toHaveLength(2);
  });

  it.skipIf(availableBackends().includes('tensorflow-gpu'))('a backend that cannot load is reported, not thrown', async () => {
    const config = {
      ...tiny,
      env: { ...tiny.env, enabled: false },
      ppo: { ...tiny.ppo, enabled: false },
      model: { ...tiny.model, enabled: false },
    };
    const report = await runBench(config, { backends: ['tensorflow-gpu'], isolate: false });
    expect(report.backends).toHaveLength(1);
    expect(report.backends[0]?.ok).toBe(false);
    expect(report.backends[0]?.error).toMatch(/tensorflow-gpu/);
    expect(report.rows).toEqual([]);
  });

  it('the env bench steps the MAT task with a random-init MAT (single and vector)', () => {
    const mat = createBenchMat(RECALL_FAMILY, 'easy', { dModel: 16, nHeads: 2, nLayers: 1, dFF: 32 });
    const task = benchTask(RECALL_FAMILY, 'easy', mat);
    expect(task.reader.name).toMatch(/^mat/);
    expect(task.mechanics.contextLen).toBe(mat.config.contextLen);
    const single = benchEnv({ task, numEnvs: null, seconds: 0, warmupSteps: 0 });
    expect(single.steps).toBe(1);
    const vector = benchEnv({ task, numEnvs: 3, seconds: 0, warmupSteps: 0 });
    expect(vector.steps).toBe(3);
    mat.dispose();
  });

  it('expands "available" to wasm and cpu (plus installed native backends)', () => {
    expect(resolveBackends(['available']).slice(0, 2)).toEqual(['wasm', 'cpu']);
    expect(resolveBackends(['cpu', 'available', 'cpu'])[0]).toBe('cpu');
    expect(resolveBackends(['cpu', 'available']).filter((b) => b === 'cpu')).toHaveLength(1);
  });
});
