/**
 * Test helper: a real Redis (Debian's redis-server) on 127.0.0.1 and a free port, without persistence,
 * for the BullMQ queue tests. Without redis-server the tests fail (they must not silently pass):
 * `.ci/run` installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { Queue } from 'bullmq';
import { expect } from 'vitest';
import { CELLS_QUEUE, COMPARISONS_QUEUE, parseQueueUrl } from '../../src/experiment/queue-connection.js';

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT/DB`. */
  url(db: number): string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts redis-server; throws (failing the tests) when it is not installed or does not come up. */
export async function startRedis(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'redis-server is not installed: the queue tests need a real Redis (apt-get install redis-server, or run .ci/run, which installs it)',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return { port, url: (db) => `redis://127.0.0.1:${port}/${db}`, stop: () => child.kill('SIGKILL') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not accept connections on port ${port} within 10 s`);
}

/** What the memgym queues in the database of `url` hold: job counts per queue and state, and job keys. */
export async function queueLeftovers(url: string): Promise<{ counts: Record<string, number>; keys: string[] }> {
  const out = { counts: {} as Record<string, number>, keys: [] as string[] };
  const { port, db } = parseQueueUrl(url);
  for (const name of [CELLS_QUEUE, COMPARISONS_QUEUE]) {
    const queue = new Queue(name, { connection: parseQueueUrl(url) });
    for (const [type, n] of Object.entries(await queue.getJobCounts())) out.counts[`${name}:${type}`] = n;
    await queue.close();
    const scan = spawnSync('redis-cli', ['-p', String(port), '-n', String(db ?? 0), '--scan', '--pattern', `bull:${name}:*`], {
      encoding: 'utf8',
    });
    // every key but the queue's own bookkeeping (job id counter, settings, event stream)
    out.keys.push(...scan.stdout.split('\n').filter((k) => k !== '' && !/:(id|meta|events|stalled-check|marker)$/.test(k)));
  }
  return out;
}

/** Expects the memgym queues of `url` to hold no jobs (every count zero, no job keys). */
export async function expectNoJobs(url: string): Promise<void> {
  const left = await queueLeftovers(url);
  expect(
    Object.values(left.counts).every((n) => n === 0),
    JSON.stringify(left.counts),
  ).toBe(true);
  expect(left.keys).toEqual([]);
}
