/**
 * The coordinator side of `compare --queue redis://HOST:PORT`: enqueues the cells as a BullMQ flow (the
 * comparison the parent, the cells its children, each with its content key as job id), then polls for
 * their results and hands each on as soon as its job completes, writing the files it carried (training
 * log, saved agent) into the run directory. Cells whose job already completed (an earlier run, another
 * comparison) are not enqueued again; a failed job (every attempt used) is removed and enqueued anew.
 * On a stop request the coordinator stops waiting; the queued cells stay queued and a rerun picks up
 * their results.
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

/** Runs `cells` on the queue's workers; resolves when every cell settled or the stop request came. */
export async function runCellsOnQueue(cells: readonly CompareCell[], opts: QueueRunOptions): Promise<void> {
  const connection = parseQueueUrl(opts.queue);
  const queue = new Queue<CellJobData, CellJobResult>(CELLS_QUEUE, { connection });
  const flow = new FlowProducer({ connection });
  const stopped = (): boolean => opts.shouldStop?.() ?? false;
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
      if (state === 'completed' && (job as Job<CellJobData, CellJobResult>).returnvalue.result.error !== undefined) state = 'failed';
      if (job !== undefined && state === 'failed') await job.remove();
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
          opts: { jobId: cell.key, attempts: CELL_ATTEMPTS, removeOnComplete: false, removeOnFail: false, ignoreDependencyOnFailure: true },
        })),
      });
    }
    opts.onStatus?.(
      `queue ${opts.queue}: ${toAdd.length} cells enqueued, ${pending.size - toAdd.length} queued or done before; \`memgym worker --queue ${opts.queue}\` on any machine runs them`,
    );
    while (pending.size > 0 && !stopped()) {
      for (const [key, same] of [...pending]) {
        if (stopped()) break;
        if (same.every((c) => opts.skip?.(c) ?? false)) {
          pending.delete(key);
          continue;
        }
        const job = (await queue.getJob(key)) as Job<CellJobData, CellJobResult> | undefined;
        if (job === undefined) continue;
        const state = await job.getState();
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
      }
      if (pending.size > 0) await sleep(opts.pollMs ?? 300);
    }
  } finally {
    await Promise.all([queue.close(), flow.close()]);
  }
}
