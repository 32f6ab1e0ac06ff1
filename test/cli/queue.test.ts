/**
 * SLOW (~2–3 min on 2 busy cores): comparisons on a BullMQ queue with a real Redis (redis-server on a
 * free port; the tests fail without it, `.ci/run` installs it). Two `memgym worker` processes per test,
 * each test on its own Redis database: the merged outputs equal the local run's; a worker SIGKILLed
 * mid-cell leaves the cell to the other and the comparison still completes identically; a coordinator
 * stopped by Ctrl-C resumes on a rerun; a finished comparison leaves none of its jobs in Redis. Tiny
 * configs, ideal reader.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoJobs, startRedis, type RedisServer } from '../helpers/redis.js';
import { runAndSignal } from '../helpers/signals.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'cli', 'fixtures');
const bin = join(root, 'bin', 'memgym.js');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-queue-'));
const env = { ...process.env, MEMGYM_LOG_LEVEL: 'warn' };

let redis: RedisServer;
const workers: { child: ChildProcess; log: () => string }[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => {
  for (const w of workers) killGroup(w.child);
  redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Starts a `memgym worker` in its own process group (so a SIGKILL takes its sandbox children too). */
function startWorker(url: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', url, '--lock-seconds', '2'], { cwd: tmp, env, detached: true });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const w = { child, log: () => out };
  workers.push(w);
  return w;
}

function compare(config: string, out: string, ...extra: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'compare', '--config', join(fixtures, config), '--out', out, '--backend', 'wasm', ...extra], {
    cwd: tmp,
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** summary.json without the run directory (the one path in it). */
function summary(dir: string): unknown {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { meta: Record<string, unknown> };
  delete s.meta.run;
  return s;
}

function expectSameOutputs(dir: string, reference: string): void {
  expect(summary(dir)).toEqual(summary(reference));
  for (const f of ['results.jsonl', 'episodes.csv', 'summary.csv'])
    expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(reference, f), 'utf8'));
}

const until = async (what: string, ok: () => boolean, ms = 120_000): Promise<void> => {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('compare --queue with memgym worker processes', () => {
  const reference = join(tmp, 'local-tiny');

  it(
    'two workers: the merged outputs equal the local run, no job is left in Redis, a rerun finds every cell stored',
    { timeout: 300_000 },
    async () => {
      expect(compare('compare-tiny.json', reference, '--workers', '1').code).toBe(0);
      const url = redis.url(1);
      startWorker(url);
      startWorker(url);
      const out = join(tmp, 'queue-tiny');
      const r = compare('compare-tiny.json', out, '--queue', url);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/10 cells enqueued/);
      expectSameOutputs(out, reference);
      // the trained agents came back with their cells' results
      expect(existsSync(join(out, 'agents', 'memgym_Recall-Easy-v0--ppo--seed2', 'agent.json'))).toBe(true);
      expect(readFileSync(join(out, 'training', 'memgym_Recall-Easy-v0--ppo--seed1.jsonl'), 'utf8')).toMatch(/globalStep/);
      // the finished comparison left none of its jobs in Redis; its results are in cells/, which a rerun reads
      await expectNoJobs(url);
      const r2 = compare('compare-tiny.json', out, '--queue', url);
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stdout).toMatch(/resuming: 10 of 10 cells stored/);
      expect(r2.stdout).toMatch(/0 cells enqueued, 0 queued or done before/);
      expectSameOutputs(out, reference);
      await expectNoJobs(url);
    },
  );

  it('a worker SIGKILLed mid-cell: the other retries the cell and the comparison completes identically', { timeout: 300_000 }, async () => {
    const local = join(tmp, 'local-kill');
    expect(compare('compare-queue-kill.json', local, '--workers', '1').code).toBe(0);
    const url = redis.url(2);
    const a = startWorker(url);
    const b = startWorker(url);
    const out = join(tmp, 'queue-kill');
    const coordinator = new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [bin, 'compare', '--config', join(fixtures, 'compare-queue-kill.json'), '--out', out, '--backend', 'wasm', '--queue', url],
        { cwd: tmp, env },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => done({ code, stderr }));
    });
    const ppoStarted = (w: { log: () => string }): boolean => /started: memgym\/Recall-Easy-v0 ppo seed 1/.test(w.log());
    await until('a worker to start the ppo cell', () => ppoStarted(a) || ppoStarted(b));
    const [victim, survivor] = ppoStarted(a) ? [a, b] : [b, a];
    await new Promise((r) => setTimeout(r, 1500));
    expect(victim.log()).not.toMatch(/done: memgym\/Recall-Easy-v0 ppo/);
    killGroup(victim.child);
    const r = await coordinator;
    expect(r.code, r.stderr).toBe(0);
    expect(survivor.log()).toMatch(/done: memgym\/Recall-Easy-v0 ppo seed 1/);
    expectSameOutputs(out, local);
    await expectNoJobs(url);
  });

  it(
    'a coordinator stopped by Ctrl-C keeps its finished cells; the rerun resumes and completes identically',
    { timeout: 300_000 },
    async () => {
      const url = redis.url(3);
      const out = join(tmp, 'queue-resume');
      const cells = (): number =>
        existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')).filter((f) => f.endsWith('.json')).length : 0;
      const worker = startWorker(url);
      const stopped = await runAndSignal(
        process.execPath,
        [bin, 'compare', '--config', join(fixtures, 'compare-tiny.json'), '--out', out, '--backend', 'wasm', '--queue', url],
        {
          cwd: tmp,
          leaderOnly: true, // the coordinator, not the workers
          // Once a cell is stored, the worker goes (SIGKILL, its cell left to the rerun's worker) and then
          // the Ctrl-C: one worker runs these tiny cells in well under a second, so a Ctrl-C alone could
          // come after the last one (it did once, in a CI run) and the stop would test nothing.
          ready: () => {
            if (cells() < 1) return false;
            killGroup(worker.child);
            return true;
          },
        },
      );
      expect(stopped.code, stopped.stderr).toBe(130);
      const kept = cells();
      expect(kept).toBeGreaterThanOrEqual(1);
      startWorker(url);
      const r = compare('compare-tiny.json', out, '--queue', url);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`resuming: ${kept} of 10 cells stored`));
      expectSameOutputs(out, reference);
      await expectNoJobs(url); // the stopped run's comparison job too
    },
  );
});
