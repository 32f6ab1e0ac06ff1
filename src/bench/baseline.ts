/**
 * `memgym bench --baseline <ref>`: the same bench items for another commit and for this tree, side by
 * side in one run. The machine is noisy and its load drifts, so only ratios from one run compare; the
 * items are therefore interleaved — for every item, baseline then current, `rounds` times — and each run
 * is its own child process executing that tree's own bench code (its `src/bench/worker.ts`, see
 * {@link runSuiteInChild}), on one backend.
 *
 * An item is one entry of the suite plan (one env bench, one PPO batch size, one MAT batch size): the
 * config restricted to it. Both trees get the same config (this tree's schema, defaults filled in); an
 * older bench ignores the keys it does not know, and a row its results lack is reported as n/a. Values
 * over rounds are medians; the ratio is the median over rounds of current / baseline within the round
 * (each pair ran back to back, so drifting load cancels better than in a ratio of medians). For
 * `kernels` rows lower is better.
 */
import type { BackendName } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import { settingsFor, type BenchConfig } from './config.js';
import { collectRows, formatNumber, formatTable, formatValue, type BenchRow } from './report.js';
import { runSuiteInChild } from './run.js';

/** One bench item: a suite-plan label and the config that runs only it. */
export interface BaselineItem {
  label: string;
  config: BenchConfig;
}

/** The items of `config` on `backend`, in suite order (see the module doc). */
export function baselineItems(config: BenchConfig, backend: BackendName): BaselineItem[] {
  const s = settingsFor(config, backend);
  // Per-backend overrides are already applied to `s`; the item configs carry them directly.
  const base: BenchConfig = {
    ...config,
    backends: [backend],
    overrides: {},
    env: { ...s.env, enabled: false },
    ppo: { ...s.ppo, enabled: false },
    model: { ...s.model, enabled: false },
  };
  const items: BaselineItem[] = [];
  if (s.env.enabled) {
    for (const r of s.env.readers) {
      if (s.env.single)
        items.push({ label: `env single (${r})`, config: { ...base, env: { ...s.env, readers: [r], single: true, batchSizes: [] } } });
      for (const b of s.env.batchSizes) {
        items.push({
          label: `env vector B=${b} (${r})`,
          config: { ...base, env: { ...s.env, readers: [r], single: false, batchSizes: [b] } },
        });
      }
    }
  }
  if (s.ppo.enabled) {
    // The learner benches are items of their own; a ppo item leaves their keys out (an older tree's
    // schema does not know them).
    const { parallelBatch, rolloutWorkers, overlapBatch, overlapWorkers, recurrentBatch, daggerBatch, daggerTimesteps, ...ppoOnly } = s.ppo;
    const only = (extra: Partial<typeof s.ppo>): BenchConfig => ({
      ...base,
      ppo: { ...ppoOnly, batchSizes: [], ...extra } as typeof s.ppo,
    });
    for (const b of s.ppo.batchSizes) items.push({ label: `ppo B=${b}`, config: only({ batchSizes: [b] }) });
    if (parallelBatch > 0) {
      items.push({ label: `ppo B=${parallelBatch} W=${rolloutWorkers}`, config: only({ parallelBatch, rolloutWorkers }) });
    }
    if (overlapBatch > 0) {
      items.push({ label: `ppo B=${overlapBatch} W=${overlapWorkers} overlapped`, config: only({ overlapBatch, overlapWorkers }) });
    }
    if (recurrentBatch > 0) items.push({ label: `ppo-gru B=${recurrentBatch}`, config: only({ recurrentBatch }) });
    if (daggerBatch > 0) items.push({ label: `dagger B=${daggerBatch}`, config: only({ daggerBatch, daggerTimesteps }) });
  }
  if (s.model.enabled)
    for (const b of s.model.batchSizes)
      items.push({ label: `mat forward B=${b}`, config: { ...base, model: { ...s.model, batchSizes: [b] } } });
  return items;
}

/** One metric of both trees. */
export interface BaselineRow {
  id: string;
  label: string;
  unit: BenchRow['unit'];
  /** Median over the rounds; null when that tree's bench did not report the row. */
  baseline: number | null;
  current: number | null;
  /** Median over the rounds of current / baseline in the same round; null when no round has both. */
  ratio: number | null;
  /** Per round (index = round), the value of each tree; null where that run lacks the row. */
  rounds: { baseline: number | null; current: number | null }[];
  /**
   * For PPO end to end with worker processes (no baseline row: the old tree cannot run them): current /
   * the baseline's one-process PPO of the same batch, per round and their median (issue 14's "3× with 2
   * processes" is against that one-process baseline).
   */
  versusOneProcess?: { ratio: number | null; rounds: (number | null)[] };
}

/** What {@link runBaselineBench} returns. */
export interface BaselineReport {
  backend: BackendName;
  baselineRef: string;
  baselineCommit: string;
  rounds: number;
  rows: BaselineRow[];
  /** Items whose run failed, per tree, with the error. */
  failures: { tree: 'baseline' | 'current'; item: string; error: string }[];
  /** True when stopped early (Ctrl-C): the rows cover the items done. */
  interrupted: boolean;
}

/** Options of {@link runBaselineBench}. */
export interface BaselineBenchOptions {
  backend: BackendName;
  /** Root of the baseline tree (a checked-out commit) and of the current tree. */
  baselineRoot: string;
  currentRoot: string;
  baselineRef: string;
  baselineCommit: string;
  /** Interleaved repetitions of every item (default 1). */
  rounds?: number;
  /** Before each child run. */
  onProgress?: (p: { index: number; total: number; label: string }) => void;
  /** Polled between runs: true stops after the current one. */
  interrupted?: () => boolean;
  logger?: Logger;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs every item of `config` for both trees, interleaved; see the module doc. */
export async function runBaselineBench(config: BenchConfig, opts: BaselineBenchOptions): Promise<BaselineReport> {
  const rounds = opts.rounds ?? 1;
  const items = baselineItems(config, opts.backend);
  const trees = [
    { tree: 'baseline' as const, root: opts.baselineRoot },
    { tree: 'current' as const, root: opts.currentRoot },
  ];
  const meta = new Map<string, Pick<BaselineRow, 'label' | 'unit'>>();
  const values = new Map<string, BaselineRow['rounds']>();
  const failures: BaselineReport['failures'] = [];
  const total = items.length * rounds * trees.length;
  let index = 0;
  let interrupted = false;
  outer: for (const item of items) {
    for (let round = 0; round < rounds; round++) {
      for (const { tree, root } of trees) {
        if (opts.interrupted?.()) {
          interrupted = true;
          break outer;
        }
        opts.onProgress?.({ index: index++, total, label: `${tree}: ${item.label}` });
        const result = await runSuiteInChild(item.config, opts.backend, { root, ...(opts.logger ? { logger: opts.logger } : {}) });
        if (!result.ok) {
          failures.push({ tree, item: item.label, error: result.error ?? 'unknown error' });
          continue;
        }
        for (const row of collectRows([result])) {
          const v = row.values[opts.backend];
          if (v === undefined) continue;
          if (!meta.has(row.id)) meta.set(row.id, { label: row.label, unit: row.unit });
          const perRound = values.get(row.id) ?? Array.from({ length: rounds }, () => ({ baseline: null, current: null }));
          (perRound[round] as BaselineRow['rounds'][number])[tree] = v;
          values.set(row.id, perRound);
        }
      }
    }
  }
  const rows: BaselineRow[] = [...meta.entries()].map(([id, m]) => {
    const perRound = values.get(id) ?? [];
    const of = (tree: 'baseline' | 'current'): number[] => perRound.map((r) => r[tree]).filter((x): x is number => x !== null);
    const paired = perRound.map((r) => ratioOf(r.current, r.baseline)).filter((x): x is number => x !== null);
    return { id, ...m, baseline: median(of('baseline')), current: median(of('current')), ratio: median(paired), rounds: perRound };
  });
  return {
    backend: opts.backend,
    baselineRef: opts.baselineRef,
    baselineCommit: opts.baselineCommit,
    rounds,
    rows: withOneProcessRatios(rows),
    failures,
    interrupted,
  };
}

/** current / base, or null when either is missing or base is not positive. */
function ratioOf(current: number | null, base: number | null): number | null {
  return current !== null && base !== null && base > 0 ? current / base : null;
}

/** End-to-end PPO rows with worker processes, `ppo.B<b>.T<t>.W<w>` and `….overlap`: group 1 is the in-process row. */
const WORKER_PPO_ROW = /^(ppo\.B\d+\.T\d+)\.W\d+(?:\.overlap)?$/;

/** `rows` with {@link BaselineRow.versusOneProcess} set on the worker PPO rows that lack a baseline. */
export function withOneProcessRatios(rows: readonly BaselineRow[]): BaselineRow[] {
  return rows.map((row) => {
    const m = WORKER_PPO_ROW.exec(row.id);
    const one = m ? rows.find((r) => r.id === m[1]) : undefined;
    if (!one || row.ratio !== null) return row;
    const perRound = row.rounds.map((r, i) => ratioOf(r.current, one.rounds[i]?.baseline ?? null));
    return { ...row, versusOneProcess: { ratio: median(perRound.filter((x): x is number => x !== null)), rounds: perRound } };
  });
}

/**
 * The per-round ratios current / baseline (or / the baseline's one-process PPO), two decimals,
 * space-separated; '' with fewer than two rounds or none paired.
 */
function perRoundRatios(row: BaselineRow): string {
  if (row.rounds.length < 2) return '';
  const paired = row.versusOneProcess ? row.versusOneProcess.rounds : row.rounds.map((r) => ratioOf(r.current, r.baseline));
  const ratios = paired.map((x) => (x === null ? '–' : x.toFixed(2)));
  return ratios.every((x) => x === '–') ? '' : ratios.join(' ');
}

/** The ratio cell: current/baseline, or for worker PPO rows "…× of 1 process" (against the baseline's one-process PPO). */
function ratioCell(row: BaselineRow): string {
  if (row.ratio !== null) return `${formatNumber(row.ratio)}×`;
  const one = row.versusOneProcess?.ratio ?? null;
  return one === null ? 'n/a' : `${formatNumber(one)}× of 1 process`;
}

/**
 * The report as a text table: bench, unit, baseline, current, current/baseline (n/a where a tree lacks
 * the row) and, with two or more rounds, each round's ratio (the spread the median hides).
 */
export function formatBaselineReport(report: BaselineReport): string[] {
  const cell = (x: number | null, unit: BenchRow['unit']): string => (x === null ? 'n/a' : formatValue(x, unit));
  const ref = `baseline ${report.baselineRef}`;
  const rounds = report.rounds >= 2;
  const header = ['bench', 'unit', ref, 'current', 'current/baseline', ...(rounds ? ['per round'] : [])];
  const body = report.rows.map((r) => [
    r.label,
    r.unit,
    cell(r.baseline, r.unit),
    cell(r.current, r.unit),
    ratioCell(r),
    ...(rounds ? [perRoundRatios(r)] : []),
  ]);
  const lines = [
    `bench --baseline ${report.baselineRef} (${report.baselineCommit.slice(0, 12)}) on ${report.backend}, ${report.rounds} round${report.rounds === 1 ? '' : 's'} interleaved (baseline, current per item); medians, ratio = median of the per-round ratios`,
    '',
    ...formatTable(header, body, 2),
  ];
  for (const f of report.failures) lines.push('', `${f.tree} ${f.item}: failed — ${f.error}`);
  if (report.interrupted) lines.push('', 'interrupted: the rows cover the items run before the stop');
  return lines;
}
