/**
 * Runs the bench suite over backends and assembles the report.
 *
 * Backends run one per child process by default (`isolate: true`): the child is `process.execPath` with
 * the tsx loader on `worker.ts`, talking over IPC. Why not switch with `tf.setBackend` in one process?
 * Switching does work for plain tensor code, but each backend then keeps its own kernel registry and
 * memory (wasm's heap, tensorflow's native session) alive for the rest of the process, the second backend
 * runs in a process whose JIT and heap were shaped by the first, and tfjs-node patches globals on import;
 * separate processes give every backend the same clean start, and a backend that crashes or fails to load
 * cannot take the others down. `isolate: false` runs in-process (used by tests and for a single backend).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loaderArgs, siblingModule } from '../util/child-entry.js';
import type { BackendName } from '../model/backend.js';
import type { Logger } from '../util/logger.js';
import type { BenchConfig } from './config.js';
import { buildReport, type BenchReport } from './report.js';
import { runSuite, type BackendBenchResult, type SuiteProgress } from './suite.js';

/** What the parent sends a worker. */
export interface WorkerRequest {
  config: BenchConfig;
  backend: BackendName;
}

/** What a worker sends back. */
export type WorkerMessage =
  | { type: 'progress'; progress: SuiteProgress }
  | { type: 'result'; result: BackendBenchResult }
  | { type: 'error'; message: string };

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** Backends to run (overrides `config.backends`). */
  backends?: readonly BackendName[];
  /** Overrides `config.isolate`. */
  isolate?: boolean;
  onProgress?: (p: SuiteProgress) => void;
  logger?: Logger;
}

const require = createRequire(import.meta.url);

function resolvable(moduleName: string): boolean {
  try {
    require.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backends that can run here: wasm and cpu always; tensorflow and tensorflow-gpu when their package
 * (`@tensorflow/tfjs-node`, `@tensorflow/tfjs-node-gpu`) is installed. Whether it then loads is found out
 * by running it (a failure is reported, not fatal).
 */
export function availableBackends(): BackendName[] {
  const out: BackendName[] = ['wasm', 'cpu'];
  if (resolvable('@tensorflow/tfjs-node')) out.push('tensorflow');
  if (resolvable('@tensorflow/tfjs-node-gpu')) out.push('tensorflow-gpu');
  return out;
}

/** `config.backends` with `available` expanded, without duplicates, in order. */
export function resolveBackends(requested: readonly string[]): BackendName[] {
  const out: BackendName[] = [];
  for (const name of requested) {
    const names = name === 'available' ? availableBackends() : [name as BackendName];
    for (const n of names) if (!out.includes(n)) out.push(n);
  }
  return out;
}

function failed(backend: BackendName, isolated: boolean, error: string, seconds: number): BackendBenchResult {
  return { backend, ok: false, error, isolated, seconds, env: [], ppo: [], model: [] };
}

/** Options of {@link runSuiteInChild}. */
export interface ChildSuiteOptions extends Pick<RunBenchOptions, 'onProgress' | 'logger'> {
  /**
   * Run the bench of the source tree at this path (its `src/bench/worker.ts` under the tsx loader, cwd
   * there) instead of this module's own worker: how `--baseline` runs another commit's code.
   */
  root?: string;
}

/** Node arguments and cwd of a bench worker: this module's own, or the one of the tree at `root`. */
function workerCommand(root: string | undefined): { args: string[]; cwd?: string } {
  if (root === undefined) return { args: [...loaderArgs(import.meta.url), siblingModule(import.meta.url, 'worker')] };
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return { args: ['--import', tsx, '--conditions=memgym-source', join(root, 'src', 'bench', 'worker.ts')], cwd: root };
}

/** Runs one backend's suite in a child process; never throws (a failure is a result with `ok: false`). */
export function runSuiteInChild(config: BenchConfig, backend: BackendName, opts: ChildSuiteOptions = {}): Promise<BackendBenchResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  return new Promise((resolve) => {
    let result: BackendBenchResult | undefined;
    let error: string | undefined;
    let stderr = '';
    const command = workerCommand(opts.root);
    const child = spawn(process.execPath, command.args, {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env },
      ...(command.cwd ? { cwd: command.cwd } : {}),
    });
    const keep = (chunk: Buffer): void => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (raw) => {
      const m = raw as WorkerMessage;
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'result') result = m.result;
      else if (m.type === 'error') error = m.message;
    });
    child.on('error', (err) => {
      error ??= `cannot start the bench worker: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      if (result) {
        resolve(result);
        return;
      }
      const tail = stderr.trim().split('\n').slice(-5).join(' | ');
      const why = error ?? `the bench worker exited with ${signal ?? `code ${code}`}${tail ? `: ${tail}` : ''}`;
      opts.logger?.warn({ backend, error: why }, `bench: backend ${backend} failed`);
      resolve(failed(backend, true, why, elapsed()));
    });
    const request: WorkerRequest = { config, backend };
    child.send(request);
  });
}

/**
 * Runs the suite on every backend of the config (or `opts.backends`) and builds the report: per backend
 * results, a row per metric with one value per backend, and the ratios (VectorEnv vs single env, each
 * backend vs the reference). A backend that fails is reported with its error; the others still run.
 */
export async function runBench(config: BenchConfig, opts: RunBenchOptions = {}): Promise<BenchReport> {
  const started = new Date();
  const t0 = performance.now();
  const backends = opts.backends ? [...opts.backends] : resolveBackends(config.backends);
  const isolate = opts.isolate ?? config.isolate;
  const results: BackendBenchResult[] = [];
  for (const backend of backends) {
    if (isolate) {
      results.push(await runSuiteInChild(config, backend, opts));
      continue;
    }
    const s = performance.now();
    try {
      results.push(await runSuite(config, backend, { onProgress: opts.onProgress, isolated: false }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      opts.logger?.warn({ backend, error: message }, `bench: backend ${backend} failed`);
      results.push(failed(backend, false, message, (performance.now() - s) / 1000));
    }
  }
  return buildReport({ config, results, date: started, seconds: (performance.now() - t0) / 1000 });
}
