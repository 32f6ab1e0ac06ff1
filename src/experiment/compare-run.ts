/**
 * Runs a comparison as cells: stored results (`cells/<key>.json`) are reused, the rest run in this
 * process (`workers: 1`, one after another in the fixed order, as before cells existed), in worker
 * processes (`cell-pool.ts`), or on a BullMQ queue (`queue-run.ts`); in both of the latter learners
 * start first, the longest cells first, so the workers finish together. Results are merged
 * in the fixed cell order as they settle: `results.jsonl`/`episodes.csv` grow by the finished prefix, the
 * report is rewritten after each env, and an interrupted run keeps (and stores) every finished cell.
 */
import { join } from 'node:path';
import { CsvAppender, JsonlAppender } from '../report/csv.js';
import { currentBackend } from '../model/backend.js';
import { DEFAULT_INIT_TIMESTEPS } from './agents.js';
import { runCellsInWorkers } from './cell-pool.js';
import { loadCell, storeCell } from './cell-store.js';
import { runCell, type CellResult, type CompareCell } from './compare-cell.js';
import { planCells, trainsInCell } from './compare-cells.js';
import { ComparisonMerge, EPISODE_COLUMNS, type MergedLines } from './compare-merge.js';
import type { CompareResult, RunComparisonOptions } from './compare.js';

/** Runs the comparison; results are written under `outDir` as they come (see the module comment). */
export async function runComparison(opts: RunComparisonOptions): Promise<CompareResult> {
  const { plan } = opts;
  const cells = planCells(plan, { outDir: opts.outDir, backend: opts.backend ?? currentBackend() });
  const merge = new ComparisonMerge(plan, cells);
  const results = new JsonlAppender(join(opts.outDir, 'results.jsonl'));
  const episodesCsv = new CsvAppender(join(opts.outDir, 'episodes.csv'), EPISODE_COLUMNS);
  const stopped = (): boolean => opts.shouldStop?.() ?? false;
  let envsReported = 0;
  let interrupted = false;

  const write = (lines: MergedLines): void => {
    episodesCsv.appendAll(lines.episodes);
    for (const line of lines.results) results.append(line);
    for (const r of lines.failed) {
      opts.logger?.error(
        { env: r.env, agent: r.agent, seed: r.seed, error: r.error, stack: r.errorStack },
        `agent ${r.agent} failed on ${r.env} (seed ${r.seed}): ${r.error}`,
      );
      opts.onStatus?.(`${r.env}: agent ${r.agent} failed (seed ${r.seed}): ${r.error}`);
    }
  };
  const settle = (index: number, result: CellResult, reused: boolean): void => {
    merge.settle(index, result);
    if (result.interrupted) interrupted = true;
    if (!reused) storeCell(opts.outDir, result);
    opts.onCell?.({ cell: cells[index] as CompareCell, result, reused });
    write(merge.takeLines());
    while (envsReported < plan.envs.length && merge.envDone(envsReported)) {
      envsReported += 1;
      opts.onEnvDone?.(merge.result(false));
    }
  };

  let reused = 0;
  cells.forEach((cell, i) => {
    const stored = loadCell(opts.outDir, cell.key);
    if (stored === undefined) return;
    settle(i, stored, true);
    reused += 1;
  });
  if (reused > 0) opts.onStatus?.(`resuming: ${reused} of ${cells.length} cells stored in ${join(opts.outDir, 'cells')}, not run again`);
  const todo = cells.map((_, i) => i).filter((i) => !merge.settled(i));
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));

  if (opts.queue === undefined && workers === 1) {
    for (const i of todo) {
      if (stopped()) break;
      if (merge.excluded(i)) continue;
      const hooks = { shouldStop: stopped, ...pick(opts) };
      settle(i, await runCell(cells[i] as CompareCell, hooks), false);
    }
  } else {
    const index = new Map(cells.map((c, i) => [c, i]));
    const bar = opts.progress?.(opts.queue === undefined ? `cells (${workers} workers)` : 'cells (queue)', todo.length);
    let finished = 0;
    const common = {
      backend: opts.backend ?? currentBackend(),
      shouldStop: stopped,
      skip: (cell: CompareCell) => merge.excluded(index.get(cell) as number),
      ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
      onResult: (cell: CompareCell, result: CellResult) => {
        settle(index.get(cell) as number, result, false);
        bar?.update((finished += 1), `${result.env} ${result.agent} s${result.seed}`);
      },
    };
    const ordered = scheduleOrder(todo.map((i) => cells[i] as CompareCell));
    if (opts.queue !== undefined) {
      const { runCellsOnQueue } = await import('./queue-run.js');
      await runCellsOnQueue(ordered, { ...common, queue: opts.queue, outDir: opts.outDir });
    } else {
      await runCellsInWorkers(ordered, { ...common, workers, ...(opts.logFile !== undefined ? { logFile: opts.logFile } : {}) });
    }
    bar?.done();
  }
  write(merge.takeLines(true));
  return merge.result(!stopped() && !interrupted && merge.done());
}

function pick(opts: RunComparisonOptions): Pick<RunComparisonOptions, 'logger' | 'progress' | 'onStatus'> {
  return {
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
  };
}

/**
 * The estimated work of a cell, for the start order only: a learner's env steps (its `init` learner's
 * too), plus its evaluation episodes (the slot sweep repeats them), so learners start first, then the
 * cells with a sweep.
 */
export function cellCost(cell: CompareCell): number {
  const evaluation = cell.evaluation.episodes * (1 + cell.slotSweep.length);
  if (!trainsInCell(cell.spec)) return evaluation;
  const init = cell.spec.init === 'bc' || cell.spec.init === 'dagger' ? (cell.spec.initTimesteps ?? DEFAULT_INIT_TIMESTEPS) : 0;
  return cell.training.totalTimesteps + init + evaluation;
}

/** The order cells start in across workers: the costliest first (stable), so the workers end together. */
export function scheduleOrder(cells: readonly CompareCell[]): CompareCell[] {
  return cells
    .map((cell, i) => ({ cell, i, cost: cellCost(cell) }))
    .sort((a, b) => b.cost - a.cost || a.i - b.i)
    .map((x) => x.cell);
}
