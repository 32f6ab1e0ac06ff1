import { describe, expect, it } from 'vitest';
import { parseBenchConfig } from '../../src/bench/config.js';
import type { BenchFigures, BenchModelResult } from '../../src/bench/model.js';
import { buildReport, collectRows, formatNumber, formatReport } from '../../src/bench/report.js';
import type { BackendBenchResult, EnvBenchEntry } from '../../src/bench/suite.js';
import type { BackendName } from '../../src/model/backend.js';

function envEntry(kind: 'single' | 'vector', numEnvs: number, readerKind: 'mat' | 'ideal', stepsPerSecond: number): EnvBenchEntry {
  return { kind, numEnvs, reader: readerKind, readerKind, steps: stepsPerSecond, seconds: 1, stepsPerSecond, episodes: 1 };
}

function figures(itemsPerSecond: number, gflops: number): BenchFigures {
  return { itemsPerSecond, gflops, msPerCall: 1, flopsPerCall: 1, calls: 1 };
}

function model(batch: number, scale: number): BenchModelResult {
  return {
    backend: 'x',
    batch,
    contextItems: 4,
    slots: 16,
    parameters: 1,
    encode: figures(100 * scale, scale),
    answer: figures(50 * scale, 2 * scale),
    itemsPerSecond: 1,
    gflops: 1,
  };
}

function result(backend: BackendName, scale: number, withVector = true): BackendBenchResult {
  return {
    backend,
    ok: true,
    isolated: false,
    seconds: 1,
    env: [
      envEntry('single', 1, 'mat', 100 * scale),
      ...(withVector ? [envEntry('vector', 8, 'mat', 400 * scale)] : []),
      envEntry('single', 1, 'ideal', 5000 * scale),
    ],
    ppo: [
      {
        numEnvs: 8,
        numSteps: 32,
        numMinibatches: 4,
        updateEpochs: 4,
        updates: 2,
        steps: 512,
        seconds: 1,
        stepsPerSecond: 30 * scale,
        warmupSeconds: 1,
      },
    ],
    model: [model(8, scale)],
  };
}

describe('bench report', () => {
  const config = parseBenchConfig({ backends: ['wasm', 'cpu', 'tensorflow'] });
  const results: BackendBenchResult[] = [
    result('wasm', 10),
    result('cpu', 1, false),
    {
      backend: 'tensorflow',
      ok: false,
      error: 'expected backend "tensorflow" to load',
      isolated: true,
      seconds: 0,
      env: [],
      ppo: [],
      model: [],
    },
  ];
  const report = buildReport({ config, results, date: new Date('2025-01-01T00:00:00Z'), seconds: 12 });

  it('has one row per metric with a value per backend', () => {
    const ids = report.rows.map((r) => r.id);
    expect(ids).toEqual([
      'env.single.mat',
      'env.vector.B8.mat',
      'env.single.ideal',
      'ppo.B8.T32',
      'mat.encode.B8',
      'mat.encode.B8.gflops',
      'mat.answer.B8',
      'mat.answer.B8.gflops',
    ]);
    const vector = report.rows.find((r) => r.id === 'env.vector.B8.mat');
    expect(vector?.values).toEqual({ wasm: 4000 });
    expect(report.rows.find((r) => r.id === 'ppo.B8.T32')?.values).toEqual({ wasm: 300, cpu: 30 });
    expect(report.rows.find((r) => r.id === 'mat.answer.B8.gflops')?.unit).toBe('GFLOP/s');
  });

  it('computes the ratios: vector vs single, ideal vs MAT, reference backend vs others', () => {
    expect(report.reference).toBe('wasm');
    const vs = report.ratios.filter((r) => r.kind === 'vector-vs-single');
    expect(vs).toHaveLength(1);
    expect(vs[0]?.value).toBeCloseTo(4);
    expect(vs[0]?.backend).toBe('wasm');
    const ideal = report.ratios.filter((r) => r.kind === 'ideal-vs-mat');
    expect(ideal.map((r) => [r.backend, r.value])).toEqual([
      ['wasm', 50],
      ['cpu', 50],
    ]);
    const backend = report.ratios.filter((r) => r.kind === 'backend');
    expect(backend.every((r) => r.backends?.numerator === 'wasm' && r.backends.denominator === 'cpu')).toBe(true);
    expect(backend.every((r) => Math.abs(r.value - 10) < 1e-9)).toBe(true);
    expect(backend.map((r) => r.numerator)).not.toContain('env.vector.B8.mat');
  });

  it('records the machine, the versions and the date', () => {
    expect(report.format).toBe('memgym-bench');
    expect(report.date).toBe('2025-01-01T00:00:00.000Z');
    expect(report.machine.cpuCount).toBeGreaterThan(0);
    expect(report.machine.cpuModel.length).toBeGreaterThan(0);
    expect(report.versions.node).toBe(process.versions.node);
    expect(report.versions['@tensorflow/tfjs']).toMatch(/^\d+\.\d+/);
    expect(report.versions.memgym).toMatch(/^\d+\.\d+/);
  });

  it('formats a table with a column per backend and per ratio, and lists failures', () => {
    const text = formatReport(report).join('\n');
    expect(text).toMatch(/bench\s+unit\s+wasm\s+cpu\s+wasm\/cpu/);
    expect(text).toMatch(/PPO training B=8 T=32\s+steps\/s\s+300\s+30\.0\s+10\.0×/);
    expect(text).toMatch(/env VectorEnv B=8 \(mat\)\s+steps\/s\s+4000\s+—\s+—/);
    expect(text).toMatch(/VectorEnv B=8 \/ single env \(mat\)\s+4\.00×\s+—/);
    expect(text).toContain('tensorflow: failed — expected backend "tensorflow" to load');
  });

  it('falls back to the first backend that ran as the reference', () => {
    const r = buildReport({ config, results: [results[1] as BackendBenchResult], date: new Date(), seconds: 1 });
    expect(r.reference).toBe('cpu');
    expect(r.ratios.filter((x) => x.kind === 'backend')).toEqual([]);
  });

  it('formats numbers with 3–4 significant digits', () => {
    expect(formatNumber(4571.4)).toBe('4571');
    expect(formatNumber(39.33)).toBe('39.3');
    expect(formatNumber(2.284)).toBe('2.28');
    expect(formatNumber(0.13712)).toBe('0.137');
  });
});

describe('bench report: the throughput split and kernel counts', () => {
  it('adds rollout, update, policy forward and kernel rows when the results have them', () => {
    const base = result('wasm', 1);
    const full: BackendBenchResult = {
      ...base,
      ppo: [
        {
          ...(base.ppo[0] as BackendBenchResult['ppo'][number]),
          rolloutStepsPerSecond: 90,
          updateTransitionsPerSecond: 45,
          minibatchKernels: 400,
          policy: { batch: 32, obsPerSecond: 9000, msPerCall: 3.5, kernels: 60 },
        },
      ],
      model: [{ ...model(8, 1), encode: { ...figures(100, 1), kernels: 70 }, answer: { ...figures(50, 2), kernels: 120 } }],
    };
    const rows = collectRows([full]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('ppo.B8.T32.rollout')).toMatchObject({ unit: 'steps/s', values: { wasm: 90 } });
    expect(byId.get('ppo.B8.T32.update')).toMatchObject({ unit: 'transitions/s', values: { wasm: 45 } });
    expect(byId.get('ppo.B8.T32.minibatch.kernels')).toMatchObject({ unit: 'kernels', values: { wasm: 400 } });
    expect(byId.get('policy.forward.B32')).toMatchObject({ unit: 'obs/s', values: { wasm: 9000 } });
    expect(byId.get('policy.forward.B32.kernels')).toMatchObject({ unit: 'kernels', values: { wasm: 60 } });
    expect(byId.get('mat.encode.B8.kernels')?.values).toEqual({ wasm: 70 });
    expect(byId.get('mat.answer.B8.kernels')?.values).toEqual({ wasm: 120 });
    // A result without them (an older bench) has none of these rows.
    expect(collectRows([base]).some((r) => r.unit === 'kernels' || r.id.endsWith('.rollout'))).toBe(false);
  });
});
