/**
 * `memgym worker --queue redis://HOST:PORT`: processes comparison cells from the BullMQ queue that
 * `memgym compare --queue` fills, on this machine, until Ctrl-C. Each cell runs in BullMQ's sandboxed
 * child process (so long tfjs work does not stall the job lock, which this process renews); a worker
 * killed mid-cell leaves its cell to another worker once the lock expires (at-least-once delivery).
 * Ctrl-C finishes the current cells, then exits; a second Ctrl-C exits at once.
 */
import {
  CELL_ATTEMPTS,
  CELLS_QUEUE,
  parseQueueUrl,
  processorFile,
  type CellJobData,
  type CellJobResult,
} from '../../experiment/queue-connection.js';
import { specField } from '../../experiment/agent-spec-schema.js';
import { MemgymError } from '../../util/errors.js';
import type { Command, CommandContext } from '../command.js';
import { INTERRUPTED_EXIT_CODE, STOP_SIGNALS, intFlag } from '../shared.js';

/** Default seconds of a job lock (renewed every half; a dead worker's cell is retried after it). */
export const DEFAULT_LOCK_SECONDS = 30;

async function run(ctx: CommandContext): Promise<number> {
  const url = ctx.flags.queue;
  if (typeof url !== 'string') throw new MemgymError('USAGE', 'expected --queue redis://HOST:PORT, got none');
  const connection = parseQueueUrl(url);
  const concurrency = intFlag(ctx, 'concurrency', { min: 1, max: 256 }) ?? 1;
  const lockMs = (intFlag(ctx, 'lock-seconds', { min: 1, max: 3600 }) ?? DEFAULT_LOCK_SECONDS) * 1000;
  const { Worker } = await import('bullmq');
  const worker = new Worker<CellJobData, CellJobResult>(CELLS_QUEUE, processorFile(), {
    connection,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: CELL_ATTEMPTS - 1,
    useWorkerThreads: false,
  });
  const about = (data: CellJobData): string =>
    `${data.cell.env.name} ${data.cell.spec.name ?? specField(data.cell.spec, 'policy') ?? data.cell.spec.type} seed ${data.cell.seed}`;
  worker.on('active', (job) => ctx.print(`cell ${job.id ?? '?'} started: ${about(job.data)}`));
  worker.on('completed', (job) =>
    ctx.print(
      `cell ${job.id ?? '?'} done: ${about(job.data)}${job.returnvalue.result.error ? ` (agent failed: ${job.returnvalue.result.error})` : ''}`,
    ),
  );
  worker.on('failed', (job, err) =>
    ctx.print(`cell ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'} of ${CELL_ATTEMPTS}): ${err.message}`),
  );
  let lastError = '';
  worker.on('error', (err) => {
    if (err.message !== lastError) ctx.logger.error({ err }, `worker: ${err.message}`);
    lastError = err.message;
  });
  await worker.waitUntilReady();
  ctx.print(`worker: processing cells from ${url} (${concurrency} at a time); Ctrl-C to stop`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const s of STOP_SIGNALS) process.once(s, () => resolve(s));
  });
  process.stderr.write(
    `\n${signal === 'SIGINT' ? 'interrupted' : `${signal} received`}: finishing the current cells (Ctrl-C again to abort)\n`,
  );
  const force = (): void => {
    process.stderr.write('\nsecond signal: exiting now\n');
    void worker.close(true).finally(() => process.exit(INTERRUPTED_EXIT_CODE));
  };
  for (const s of STOP_SIGNALS) process.once(s, force);
  await worker.close();
  return INTERRUPTED_EXIT_CODE;
}

const command: Command = {
  name: 'worker',
  summary: 'Process comparison cells from a BullMQ queue on Redis (filled by memgym compare --queue), until Ctrl-C.',
  usage: 'memgym worker --queue redis://HOST:PORT [--concurrency N] [--lock-seconds N]',
  flags: {
    'queue=URL': 'the Redis of the queue, redis://host:port[/db]',
    'concurrency=N': 'cells at a time, each in its own process (default 1)',
    'lock-seconds=N': `job lock; a dead worker's cell is retried after it (default ${DEFAULT_LOCK_SECONDS})`,
  },
  run,
};
export default command;
