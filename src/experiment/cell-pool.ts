/**
 * Runs cells in N worker processes (`compare --workers N`): wasm threads do not work in Node, processes
 * do. Each worker is `cell-worker.ts` (or its build), set up with the coordinator's backend, running one
 * cell at a time; a result comes back over IPC as soon as the cell ends. On a stop request (Ctrl-C) no
 * further cell starts, running ones are asked to finish early, and the pool resolves once every worker
 * has sent what it had and exited. A worker that dies mid-cell turns that cell into a failure (with the
 * exit code or signal), and a fresh worker takes over the rest.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loaderArgs, siblingModule } from '../util/child-entry.js';
import type { CoordinatorMessage, WorkerMessage } from './cell-messages.js';
import { specLabel } from './agent-spec-schema.js';
import type { CellResult, CompareCell } from './compare-cell.js';

/** Options of {@link runCellsInWorkers}. */
export interface CellPoolOptions {
  workers: number;
  /** The backend every worker sets up (the coordinator's). */
  backend: string;
  /** The run's log file (workers append their log lines to it). */
  logFile?: string;
  /** Polled every 100 ms; true stops the pool (running cells end early). */
  shouldStop?: () => boolean;
  /** Asked before a cell starts; true skips it (its agent failed on an earlier seed). */
  skip?: (cell: CompareCell) => boolean;
  onStatus?: (line: string) => void;
  /** Told when a cell starts in a worker. */
  onStart?: (cell: CompareCell) => void;
  onResult: (cell: CompareCell, result: CellResult) => void;
}

/** A cell's result when its worker could not run it. */
export function workerFailure(cell: CompareCell, error: string): CellResult {
  const spec = cell.spec;
  const agent = specLabel(spec);
  return {
    key: cell.key,
    env: cell.env.name,
    agent,
    seed: cell.seed,
    episodes: [],
    evaluated: false,
    updates: [],
    sweep: [],
    error,
    interrupted: false,
  };
}

interface Slot {
  child: ChildProcess;
  cell?: CompareCell;
  ready: boolean;
  /** A fatal setup error reported by the worker. */
  fatal?: string;
}

/** Runs `cells` (in this order of start) in worker processes; resolves when all ran or the pool stopped. */
export function runCellsInWorkers(cells: readonly CompareCell[], opts: CellPoolOptions): Promise<void> {
  const queue = [...cells];
  const slots = new Set<Slot>();
  let stopping = false;
  const sourceArgs = loaderArgs(import.meta.url, true);
  return new Promise((resolve) => {
    const stopped = (): boolean => stopping || (opts.shouldStop?.() ?? false);
    const poll = setInterval(() => {
      if (stopping || !(opts.shouldStop?.() ?? false)) return;
      stopping = true;
      for (const slot of slots) {
        if (slot.cell !== undefined) post(slot, { type: 'stop' });
        else shut(slot);
      }
    }, 100);
    const post = (slot: Slot, message: CoordinatorMessage): void => {
      if (slot.child.connected) slot.child.send(message);
    };
    const shut = (slot: Slot): void => {
      if (slot.child.connected) slot.child.disconnect();
    };
    const nextCell = (): CompareCell | undefined => {
      for (let cell = queue.shift(); cell !== undefined; cell = queue.shift()) if (!(opts.skip?.(cell) ?? false)) return cell;
      return undefined;
    };
    const dispatch = (slot: Slot): void => {
      const cell = stopped() ? undefined : nextCell();
      if (cell === undefined) {
        shut(slot);
        return;
      }
      slot.cell = cell;
      opts.onStart?.(cell);
      post(slot, { type: 'run', cell });
    };
    const start = (): void => {
      const child = fork(siblingModule(import.meta.url, 'cell-worker'), [], {
        // from the sources: the tsx loader; from the build: the coordinator's own node flags (e.g. a loader
        // that lets it import a .ts agent module)
        execArgv: sourceArgs.length > 0 ? sourceArgs : process.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 2, 'inherit', 'ipc'],
      });
      const slot: Slot = { child, ready: false };
      slots.add(slot);
      child.on('message', (raw) => {
        const m = raw as WorkerMessage;
        if (m.type === 'ready') {
          slot.ready = true;
          dispatch(slot);
        } else if (m.type === 'status') opts.onStatus?.(m.line);
        else if (m.type === 'fatal') slot.fatal = m.error;
        else if (m.type === 'result' && slot.cell !== undefined) {
          const cell = slot.cell;
          slot.cell = undefined;
          opts.onResult(cell, m.result);
          dispatch(slot);
        }
      });
      child.on('error', (err) => {
        slot.fatal ??= `cannot start a cell worker: ${err.message}`;
      });
      child.on('exit', (code, signal) => {
        slots.delete(slot);
        const why = slot.fatal ?? `the cell worker exited with ${signal ?? `code ${code}`} while running the cell`;
        if (slot.cell !== undefined) opts.onResult(slot.cell, workerFailure(slot.cell, why));
        else if (slot.fatal !== undefined && !slot.ready) {
          // the worker never ran: its backend (or start) failed, and would for every other worker too
          for (let cell = nextCell(); cell !== undefined; cell = nextCell()) opts.onResult(cell, workerFailure(cell, why));
        }
        if (!stopped() && queue.length > 0 && slots.size < opts.workers) start();
        if (slots.size === 0) {
          clearInterval(poll);
          resolve();
        }
      });
      post(slot, { type: 'init', backend: opts.backend, ...(opts.logFile !== undefined ? { logFile: opts.logFile } : {}) });
    };
    const n = Math.max(1, Math.min(opts.workers, queue.length));
    if (queue.length === 0) {
      clearInterval(poll);
      resolve();
      return;
    }
    for (let i = 0; i < n; i++) start();
  });
}
