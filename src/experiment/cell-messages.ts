/** The IPC protocol between a comparison and its cell worker processes (see `cell-pool.ts`). */
import type { CellResult, CompareCell } from './compare-cell.js';

/** What the coordinator sends a worker. */
export type CoordinatorMessage =
  /** First message: the backend to set up (the coordinator's), and the run's log file. */
  | { type: 'init'; backend: string; logFile?: string }
  | { type: 'run'; cell: CompareCell }
  /** Finish the current cell early (Ctrl-C): the worker returns what is complete. */
  | { type: 'stop' };

/** What a worker sends back. */
export type WorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'status'; line: string }
  | { type: 'result'; result: CellResult }
  /** The worker cannot run cells (e.g. its backend does not load). */
  | { type: 'fatal'; error: string };
