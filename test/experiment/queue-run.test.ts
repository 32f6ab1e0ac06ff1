/**
 * The queue coordinator against a real Redis (redis-server on a free port; the tests fail without it) and
 * an in-process BullMQ worker that returns made-up results at once (no tfjs): a finished comparison
 * leaves none of its jobs in Redis; a cell's job removed by another comparison is enqueued again; a
 * stopped coordinator leaves its jobs queued and the rerun collects and removes them; the jobs of cells
 * left out are removed too. The CLI runs with real cells are in test/cli/queue.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellResult, CompareCell } from '../../src/experiment/compare-cell.js';
import { CELLS_QUEUE, parseQueueUrl, type CellJobData, type CellJobResult } from '../../src/experiment/queue-connection.js';
import { runCellsOnQueue } from '../../src/experiment/queue-run.js';
import { expectNoJobs, queueLeftovers, startRedis, type RedisServer } from '../helpers/redis.js';

let redis: RedisServer;
const tmp = mkdtempSync(join(tmpdir(), 'memgym-queue-run-'));
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => {
  redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function cell(key: string, seed = 1): CompareCell {
  return {
    key,
    envIndex: 0,
    seedIndex: seed - 1,
    agentIndex: 0,
    env: { name: 'env', id: 'memgym/Recall-Easy-v0', kwargs: {} },
    spec: { type: 'fixed', policy: 'fifo' },
    seed,
    baseSeed: 0,
    training: { numEnvs: 1, totalTimesteps: 1 },
    evaluation: { episodes: 1, seed: 0, numEnvs: 1 },
    slotSweep: [],
    outDir: tmp,
  };
}

const result = (c: CompareCell): CellResult => ({
  key: c.key,
  env: c.env.name,
  agent: 'fifo',
  seed: c.seed,
  episodes: [],
  evaluated: true,
  updates: [],
  sweep: [],
  interrupted: false,
});

/** A worker that answers every cell at once (closed by the caller). */
const fakeWorker = (url: string): Worker<CellJobData, CellJobResult> =>
  new Worker<CellJobData, CellJobResult>(CELLS_QUEUE, async (job) => ({ result: result(job.data.cell), files: [] }), {
    connection: parseQueueUrl(url),
  });

const until = async (what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = performance.now() + ms;
  while (!(await ok())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const base = (url: string, got: Map<string, CellResult>) => ({
  queue: url,
  outDir: tmp,
  backend: 'wasm',
  pollMs: 20,
  onResult: (c: CompareCell, r: CellResult) => got.set(c.key, r),
});

describe('runCellsOnQueue', () => {
  it('hands on every result and leaves none of the comparison’s jobs in Redis', { timeout: 30_000 }, async () => {
    const url = redis.url(1);
    const worker = fakeWorker(url);
    const got = new Map<string, CellResult>();
    const cells = ['a', 'b', 'c'].map((k) => cell(k));
    await runCellsOnQueue([...cells, cell('a')], base(url, got)); // 'a' twice: one job
    await worker.close();
    expect([...got.keys()].sort()).toEqual(['a', 'b', 'c']);
    await expectNoJobs(url);
  });

  it('enqueues again a cell whose job another comparison removed, and completes', { timeout: 30_000 }, async () => {
    const url = redis.url(2);
    const got = new Map<string, CellResult>();
    const status: string[] = [];
    const run = runCellsOnQueue([cell('x'), cell('y')], { ...base(url, got), onStatus: (l) => status.push(l) });
    const queue = new Queue(CELLS_QUEUE, { connection: parseQueueUrl(url) });
    await until('the jobs to be queued', async () => (await queue.getJob('x')) !== undefined);
    await queue.remove('x');
    await until('x enqueued again', async () => (await queue.getJob('x')) !== undefined);
    const worker = fakeWorker(url);
    await run;
    await Promise.all([worker.close(), queue.close()]);
    expect([...got.keys()].sort()).toEqual(['x', 'y']);
    expect(status.join('\n')).toMatch(/removed by another comparison; enqueued again/);
    await expectNoJobs(url);
  });

  it('a stopped coordinator leaves its jobs; the rerun collects them and removes every job', { timeout: 30_000 }, async () => {
    const url = redis.url(3);
    const got = new Map<string, CellResult>();
    let stop = false;
    const first = runCellsOnQueue([cell('p'), cell('q')], { ...base(url, got), shouldStop: () => stop });
    const queue = new Queue(CELLS_QUEUE, { connection: parseQueueUrl(url) });
    await until('the jobs to be queued', async () => (await queue.getJob('q')) !== undefined);
    stop = true;
    await first;
    expect(got.size).toBe(0);
    expect((await queueLeftovers(url)).counts[`${CELLS_QUEUE}:waiting`]).toBe(2);
    const worker = fakeWorker(url);
    await until('the cells to complete', async () => (await queue.getJobCountByTypes('completed')) === 2);
    const status: string[] = [];
    await runCellsOnQueue([cell('p'), cell('q')], { ...base(url, got), onStatus: (l) => status.push(l) });
    await Promise.all([worker.close(), queue.close()]);
    expect(status[0]).toMatch(/0 cells enqueued, 2 queued or done before/);
    expect([...got.keys()].sort()).toEqual(['p', 'q']);
    await expectNoJobs(url); // the first run's comparison job too
  });

  it('removes the jobs of cells left out (their agent failed on an earlier seed)', { timeout: 30_000 }, async () => {
    const url = redis.url(4);
    const got = new Map<string, CellResult>();
    const run = runCellsOnQueue([cell('s1', 1), cell('s2', 2)], { ...base(url, got), skip: (c) => c.key === 's2' });
    const worker = fakeWorker(url);
    await run;
    await worker.close();
    expect([...got.keys()]).toEqual(['s1']);
    await expectNoJobs(url);
  });
});
