/**
 * The coordinator side of `compare --queue redis://HOST:PORT`: enqueues the cells as a BullMQ flow (the
 * comparison the parent, the cells its children, each with its content key as job id), then polls for
 * their results and hands each on as soon as its job completes, writing the files it carried (training
 * log, saved agent) into the run directory. Cells whose job is already queued or done (a stopped earlier
 * run, another comparison running now) are not enqueued again; a failed job (every attempt used) is
 * removed and enqueued anew.
 *
 * Clean-up: once a cell's result is handed on (and so stored in the run's `cells/`, which is what resume
 * reads), its job is removed; once every cell settled, so are the comparison (parent) jobs whose cells are
 * all done. A finished comparison leaves none of its jobs in Redis (only the queues' own bookkeeping:
 * `id`, `meta`, `events`). Two comparisons sharing a cell at the same time share its job: when one removed
 * it before the other saw it complete, the other enqueues it again (the cell runs twice; cells are
 * idempotent). On a stop request the coordinator stops waiting; the queued cells stay queued and a rerun
 * picks up their results.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FlowProducer, Queue, type Job } from 'bullmq';
import type { CellPoolOptions } from './cell-pool.js';
import { workerFailure } from './cell-pool.js';
import type { CompareCell } from './compare-cell.js';
import { CELL_ATTEMPTS, CELLS_QUEUE, COMPARISONS_QUEUE, parseQueueUrl, type CellJobData, type CellJobResult } from './queue-connection.js';

/** Options of {@link runCellsOnQueue}. */
export interface QueueRunOptions extends Omit<CellPoolOptions, 'workers' | 'logFile'> {
  /** `redis://host:port[/db]`. */
  queue: string;
  /** The run directory (files carried by results are written below it). */
  outDir: string;
  /** How often to look for finished jobs (ms, default 300). */
  pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The options of every cell job: the coordinator removes a job itself, once it merged the job's result. */
const CELL_JOB_OPTIONS = { attempts: CELL_ATTEMPTS, removeOnComplete: false, removeOnFail: false } as const;

/**
 * Removes a cell's job (one removed already, by another coordinator, or running again is left alone) and
 * notes its comparison job in `parents`, to remove once all its cells are done.
 */
async function removeJob(job: Job, parents: Set<string>, comparisons: Queue): Promise<boolean> {
  if (job.parent?.id !== undefined && job.parent.queueKey === comparisons.qualifiedName) parents.add(job.parent.id);
  try {
    await job.remove({ removeChildren: false });
    return true;
  } catch {
    // locked: a worker took it up (meanwhile, or again: another coordinator re-enqueued it)
    return false;
  }
}

/** Removes the comparison jobs in `parents` (ids) whose cells have all settled; others still wait for cells. */
async function removeSettledParents(comparisons: Queue, parents: ReadonlySet<string>): Promise<void> {
  for (const id of parents) {
    const parent = await comparisons.getJob(id);
    if (parent === undefined || (await parent.getState()) === 'waiting-children') continue;
    try {
      await parent.remove({ removeChildren: false });
    } catch {
      // removed meanwhile by another coordinator
    }
  }
}

/** Runs `cells` on the queue's workers; resolves when every cell settled or the stop request came. */
export async function runCellsOnQueue(cells: readonly CompareCell[], opts: QueueRunOptions): Promise<void> {
  const connection = parseQueueUrl(opts.queue);
  const queue = new Queue<CellJobData, CellJobResult>(CELLS_QUEUE, { connection });
  const comparisons = new Queue(COMPARISONS_QUEUE, { connection });
  const flow = new FlowProducer({ connection });
  const stopped = (): boolean => opts.shouldStop?.() ?? false;
  /** The comparison jobs of the cell jobs removed (removed at the end, once all their cells are done). */
  const parents = new Set<string>();
  try {
    const pending = new Map<string, CompareCell[]>();
    const toAdd: CompareCell[] = [];
    for (const cell of cells) {
      const same = pending.get(cell.key);
      if (same !== undefined) {
        same.push(cell); // the same cell twice in one plan: one job
        continue;
      }
      pending.set(cell.key, [cell]);
      const job = await queue.getJob(cell.key);
      let state = job === undefined ? 'missing' : await job.getState();
      // a failed job, or a completed one whose agent failed, runs again (as failed cells do locally)
      if (state === 'completed' && (job as Job<CellJobData, CellJobResult>).returnvalue?.result.error !== undefined) state = 'failed';
      if (job !== undefined && state === 'failed') await removeJob(job, parents, comparisons);
      if (job === undefined || state === 'failed' || state === 'unknown') toAdd.push(cell);
    }
    if (toAdd.length > 0) {
      const id = createHash('sha256')
        .update(toAdd.map((c) => c.key).join(','))
        .digest('hex')
        .slice(0, 32);
      await flow.add({
        name: 'comparison',
        queueName: COMPARISONS_QUEUE,
        data: { cells: toAdd.length },
        opts: { jobId: `${id}-${Date.now()}` },
        children: toAdd.map((cell) => ({
          name: 'cell',
          queueName: CELLS_QUEUE,
          data: { cell, backend: opts.backend },
          opts: { jobId: cell.key, ...CELL_JOB_OPTIONS, ignoreDependencyOnFailure: true },
        })),
      });
    }
    opts.onStatus?.(
      `queue ${opts.queue}: ${toAdd.length} cells enqueued, ${pending.size - toAdd.length} queued or done before; \`memgym worker --queue ${opts.queue}\` on any machine runs them`,
    );
    while (pending.size > 0 && !stopped()) {
      for (const [key, same] of [...pending]) {
        if (stopped()) break;
        let job = (await queue.getJob(key)) as Job<CellJobData, CellJobResult> | undefined;
        if (same.every((c) => opts.skip?.(c) ?? false)) {
          // left out (its agent failed on an earlier seed): its job goes, once no worker runs it
          const state = job === undefined ? 'missing' : await job.getState();
          if (state === 'active') continue;
          // a worker may take it up between the two reads: then it is removed once it settled
          if (job !== undefined && !(await removeJob(job, parents, comparisons))) continue;
          pending.delete(key);
          continue;
        }
        if (job === undefined) {
          // removed by another comparison that shared the cell and collected it first: run it again
          const cell = same[0] as CompareCell;
          await queue.add('cell', { cell, backend: opts.backend }, { jobId: key, ...CELL_JOB_OPTIONS });
          opts.onStatus?.(
            `queue: the job of ${cell.env.name} ${cell.spec.name ?? cell.spec.type} seed ${cell.seed} was removed by another comparison; enqueued again`,
          );
          continue;
        }
        const state = await job.getState();
        // completed after it was read: read it again for its return value
        if (state === 'completed' && job.returnvalue == null) job = (await queue.getJob(key)) ?? job;
        if (state === 'completed' && job.returnvalue == null) continue;
        const settled = state === 'completed' || state === 'failed';
        if (state === 'completed') {
          const { result, files } = job.returnvalue;
          for (const f of files) {
            const file = join(opts.outDir, f.path);
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, Buffer.from(f.data, 'base64'));
          }
          for (const cell of same) opts.onResult(cell, result);
          pending.delete(key);
        } else if (state === 'failed') {
          for (const cell of same)
            opts.onResult(cell, workerFailure(cell, `the cell's job failed ${job.attemptsMade} times: ${job.failedReason}`));
          pending.delete(key);
        }
        // the result is merged and stored in cells/ (resume reads it there): the job has served
        if (settled) await removeJob(job, parents, comparisons);
      }
      if (pending.size > 0) await sleep(opts.pollMs ?? 300);
    }
    if (!stopped()) await removeSettledParents(comparisons, parents);
  } finally {
    await Promise.all([queue.close(), comparisons.close(), flow.close()]);
  }
}
