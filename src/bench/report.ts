/**
 * The bench report: per-backend results, one row per metric with a value per backend, the ratios
 * (VectorEnv vs single env, MAT vs ideal reader, each backend vs the reference backend), the machine
 * and the versions; and its text table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.js';
import type { BackendName } from '../model/backend.js';
import type { BenchConfig } from './config.js';
import type { BackendBenchResult } from './suite.js';

/** The report's format tag. */
export const BENCH_FORMAT = 'memgym-bench';

/** One metric with its value on each backend that measured it. */
export interface BenchRow {
  /** Stable id, e.g. `env.vector.B32.mat`, `ppo.B8.T32`, `ppo.B32.T32.W2` (2 rollout processes), `policy.forward.B32`, `mat.encode.B32.gflops`, `mat.answer.B32.kernels`. */
  id: string;
  group: 'env' | 'ppo' | 'policy' | 'mat';
  label: string;
  /** `kernels`: kernel launches per call (lower is better, unlike the rates). */
  unit: 'steps/s' | 'transitions/s' | 'obs/s' | 'items/s' | 'GFLOP/s' | 'kernels';
  values: Partial<Record<BackendName, number>>;
}

/** A ratio of two measurements (value = numerator / denominator). */
export interface BenchRatio {
  kind: 'vector-vs-single' | 'ideal-vs-mat' | 'backend';
  label: string;
  value: number;
  /** The backend both measurements come from (`vector-vs-single`, `ideal-vs-mat`). */
  backend?: BackendName;
  /** Row ids of numerator and denominator (for `backend`: the same row on two backends). */
  numerator: string;
  denominator: string;
  /** For `backend`: numerator backend / denominator backend. */
  backends?: { numerator: BackendName; denominator: BackendName };
}

/** The machine a report was measured on. */
export interface MachineInfo {
  platform: string;
  release: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine skews the numbers). */
  loadAverage: number[];
}

/** What `memgym bench` writes as JSON. */
export interface BenchReport {
  format: typeof BENCH_FORMAT;
  version: 1;
  /** ISO start time. */
  date: string;
  /** Wall time of the whole run, in seconds. */
  seconds: number;
  machine: MachineInfo;
  versions: Record<string, string>;
  config: BenchConfig;
  /** The reference backend of the `backend` ratios (the first backend run when the configured one did not). */
  reference: BackendName | null;
  backends: BackendBenchResult[];
  rows: BenchRow[];
  ratios: BenchRatio[];
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** memgym, node, v8 and the tfjs packages installed. */
export function benchVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    out.memgym = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    out.memgym = 'unknown';
  }
  out.node = process.versions.node;
  out.v8 = process.versions.v8;
  for (const pkg of [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-node-gpu',
  ]) {
    const v = packageVersion(pkg);
    if (v !== undefined) out[pkg] = v;
  }
  return out;
}

/** This machine. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Collects the metric rows of all backends, in order of first appearance. */
export function collectRows(results: readonly BackendBenchResult[]): BenchRow[] {
  const rows = new Map<string, BenchRow>();
  const put = (backend: BackendName, id: string, group: BenchRow['group'], label: string, unit: BenchRow['unit'], value: number): void => {
    let row = rows.get(id);
    if (!row) {
      row = { id, group, label, unit, values: {} };
      rows.set(id, row);
    }
    row.values[backend] = value;
  };
  for (const r of results) {
    if (!r.ok) continue;
    for (const e of r.env) {
      const id = e.kind === 'single' ? `env.single.${e.readerKind}` : `env.vector.B${e.numEnvs}.${e.readerKind}`;
      const label = e.kind === 'single' ? `env single (${e.readerKind})` : `env VectorEnv B=${e.numEnvs} (${e.readerKind})`;
      put(r.backend, id, 'env', label, 'steps/s', e.stepsPerSecond);
    }
    for (const p of r.ppo) {
      const gru = p.network === 'recurrent';
      const w = p.rolloutWorkers ?? 1;
      const overlap = p.rolloutOverlap === true;
      const id = `${gru ? 'ppo-gru' : 'ppo'}.B${p.numEnvs}.T${p.numSteps}${w > 1 || overlap ? `.W${w}` : ''}${overlap ? '.overlap' : ''}`;
      const processes = w > 1 || overlap ? `, ${w} rollout process${w === 1 ? '' : 'es'}${overlap ? ', overlapped' : ''}` : '';
      const shape = `${gru ? '(GRU slot policy) ' : ''}B=${p.numEnvs} T=${p.numSteps}${processes}`;
      put(r.backend, id, 'ppo', `PPO training ${shape}`, 'steps/s', p.stepsPerSecond);
      // Older reports (and a --baseline tree's bench) lack the fields below: their rows are then absent.
      if (p.rolloutStepsPerSecond !== undefined)
        put(r.backend, `${id}.rollout`, 'ppo', `PPO rollout only ${shape}`, 'steps/s', p.rolloutStepsPerSecond);
      if (p.updateTransitionsPerSecond !== undefined) {
        put(
          r.backend,
          `${id}.update`,
          'ppo',
          `PPO update ${shape} (${p.updateEpochs}×${p.numMinibatches} minibatches)`,
          'transitions/s',
          p.updateTransitionsPerSecond,
        );
      }
      if (p.minibatchKernels !== undefined)
        put(r.backend, `${id}.minibatch.kernels`, 'ppo', `PPO minibatch step ${shape}`, 'kernels', p.minibatchKernels);
      if (p.policy !== undefined) {
        put(r.backend, `policy.forward.B${p.policy.batch}`, 'policy', `policy forward B=${p.policy.batch}`, 'obs/s', p.policy.obsPerSecond);
        put(
          r.backend,
          `policy.forward.B${p.policy.batch}.kernels`,
          'policy',
          `policy forward B=${p.policy.batch}`,
          'kernels',
          p.policy.kernels,
        );
      }
    }
    for (const d of r.dagger ?? []) {
      put(r.backend, `dagger.B${d.numEnvs}`, 'ppo', `DAgger training B=${d.numEnvs} (${d.iterations} rounds)`, 'steps/s', d.stepsPerSecond);
    }
    for (const m of r.model) {
      for (const entry of ['encode', 'answer'] as const) {
        const f = m[entry];
        put(r.backend, `mat.${entry}.B${m.batch}`, 'mat', `MAT ${entry} B=${m.batch}`, 'items/s', f.itemsPerSecond);
        put(r.backend, `mat.${entry}.B${m.batch}.gflops`, 'mat', `MAT ${entry} B=${m.batch}`, 'GFLOP/s', f.gflops);
        if (f.kernels !== undefined)
          put(r.backend, `mat.${entry}.B${m.batch}.kernels`, 'mat', `MAT ${entry} B=${m.batch}`, 'kernels', f.kernels);
      }
    }
  }
  return [...rows.values()];
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

/** The ratios: VectorEnv B vs single env and ideal vs MAT reader (per backend), and backends vs the reference. */
export function collectRatios(
  rows: readonly BenchRow[],
  results: readonly BackendBenchResult[],
  reference: BackendName | null,
): BenchRatio[] {
  const out: BenchRatio[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ok = results.filter((r) => r.ok).map((r) => r.backend);
  for (const b of ok) {
    for (const row of rows) {
      const m = /^env\.vector\.B(\d+)\.(\w+)$/.exec(row.id);
      if (m) {
        const single = `env.single.${m[2]}`;
        const v = ratio(row.values[b], byId.get(single)?.values[b]);
        if (v !== undefined)
          out.push({
            kind: 'vector-vs-single',
            label: `VectorEnv B=${m[1]} / single env (${m[2]})`,
            value: v,
            backend: b,
            numerator: row.id,
            denominator: single,
          });
      }
    }
  }
  for (const b of ok) {
    for (const row of rows) {
      const i = /^(env\..*)\.ideal$/.exec(row.id);
      if (i) {
        const matId = `${i[1]}.mat`;
        const v = ratio(row.values[b], byId.get(matId)?.values[b]);
        const what = (byId.get(matId)?.label ?? matId).replace(/ \(mat\)$/, '');
        if (v !== undefined)
          out.push({
            kind: 'ideal-vs-mat',
            label: `${what}: ideal reader / MAT`,
            value: v,
            backend: b,
            numerator: row.id,
            denominator: matId,
          });
      }
    }
  }
  if (reference !== null) {
    for (const row of rows) {
      for (const r of results) {
        if (!r.ok || r.backend === reference) continue;
        const v = ratio(row.values[reference], row.values[r.backend]);
        if (v !== undefined) {
          out.push({
            kind: 'backend',
            label: `${row.label} ${row.unit}: ${reference} / ${r.backend}`,
            value: v,
            numerator: row.id,
            denominator: row.id,
            backends: { numerator: reference, denominator: r.backend },
          });
        }
      }
    }
  }
  return out;
}

/** Assembles the report of a run. */
export function buildReport(input: { config: BenchConfig; results: BackendBenchResult[]; date: Date; seconds: number }): BenchReport {
  const ok = input.results.filter((r) => r.ok);
  const reference = ok.find((r) => r.backend === input.config.reference)?.backend ?? ok[0]?.backend ?? null;
  const rows = collectRows(input.results);
  return {
    format: BENCH_FORMAT,
    version: 1,
    date: input.date.toISOString(),
    seconds: input.seconds,
    machine: machineInfo(),
    versions: benchVersions(),
    config: input.config,
    reference,
    backends: input.results,
    rows,
    ratios: collectRatios(rows, input.results, reference),
  };
}

/** A row's value: kernel counts as integers, everything else by {@link formatNumber}. */
export function formatValue(x: number, unit: BenchRow['unit']): string {
  return unit === 'kernels' && Number.isFinite(x) ? Math.round(x).toString() : formatNumber(x);
}

/** A number with 3–4 significant digits: 4571, 212, 39.3, 2.28, 0.137. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toString();
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** A text table: columns padded to their widest cell, the first `alignLeft` left-aligned, the rest right-aligned. */
export function formatTable(header: string[], body: string[][], alignLeft: number): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c < alignLeft ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/** The report as text: the header, the metrics table (a column per backend and per backend ratio), the ratios. */
export function formatReport(report: BenchReport): string[] {
  const m = report.machine;
  const lines = [
    `memgym bench — ${report.date}, ${m.cpuModel} × ${m.cpuCount} (${m.platform} ${m.arch}), load ${m.loadAverage.join(' ')}`,
    `node ${report.versions.node}, tfjs ${report.versions['@tensorflow/tfjs'] ?? report.versions['@tensorflow/tfjs-core'] ?? '?'}, memgym ${report.versions.memgym}; ${formatNumber(report.seconds)} s`,
    '',
  ];
  const ok = report.backends.filter((r) => r.ok).map((r) => r.backend);
  const ref = report.reference;
  const others = ref === null ? [] : ok.filter((b) => b !== ref);
  if (report.rows.length > 0) {
    const header = ['bench', 'unit', ...ok, ...others.map((b) => `${ref}/${b}`)];
    const body = report.rows.map((row) => [
      row.label,
      row.unit,
      ...ok.map((b) => (row.values[b] === undefined ? '—' : formatValue(row.values[b] as number, row.unit))),
      ...others.map((b) => {
        const a = row.values[ref as BackendName];
        const c = row.values[b];
        return a !== undefined && c !== undefined && c > 0 ? `${formatNumber(a / c)}×` : '—';
      }),
    ]);
    lines.push(...formatTable(header, body, 2));
  }
  const within = report.ratios.filter((r) => r.kind !== 'backend');
  if (within.length > 0) {
    const labels = [...new Set(within.map((r) => r.label))];
    const body = labels.map((label) => [
      label,
      ...ok.map((b) => {
        const r = within.find((x) => x.label === label && x.backend === b);
        return r ? `${formatNumber(r.value)}×` : '—';
      }),
    ]);
    lines.push('', ...formatTable(['ratio', ...ok], body, 1));
  }
  for (const r of report.backends) if (!r.ok) lines.push('', `${r.backend}: failed — ${r.error ?? 'unknown error'}`);
  return lines;
}
