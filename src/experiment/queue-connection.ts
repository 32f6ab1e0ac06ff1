/**
 * The queue of `compare --queue` / `memgym worker --queue`: BullMQ on Redis. Cells are jobs in the
 * `memgym-cells` queue, each with its content key as job id (a cell is enqueued once, and its stored
 * return value serves any later comparison with that cell: resume across runs and machines); the
 * comparison is their parent job in `memgym-comparisons` (a BullMQ flow), a record no worker processes.
 */
import { siblingModule } from '../util/child-entry.js';
import { MemgymError } from '../util/errors.js';
import type { CellResult, CompareCell } from './compare-cell.js';

/** The queue the cells are jobs in. */
export const CELLS_QUEUE = 'memgym-cells';
/** The queue of comparison (parent) jobs. */
export const COMPARISONS_QUEUE = 'memgym-comparisons';
/** Attempts per cell: a worker that dies mid-cell leaves it to another (at-least-once delivery). */
export const CELL_ATTEMPTS = 3;

/** Redis connection options parsed from a `redis://[user:password@]host:port[/db]` URL. */
export interface RedisAddress {
  host: string;
  port: number;
  db?: number;
  username?: string;
  password?: string;
  /** Required by BullMQ workers (blocking commands must not time out). */
  maxRetriesPerRequest: null;
}

/** Parses a queue URL, or throws a usage error naming what was expected. */
export function parseQueueUrl(text: string, path = '--queue'): RedisAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MemgymError('USAGE', `${path}: expected a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'redis:') throw new MemgymError('USAGE', `${path}: expected a redis:// URL, got protocol "${url.protocol}"`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText))
    throw new MemgymError('USAGE', `${path}: expected a database number after the port (redis://host:port/0), got "/${dbText}"`);
  return {
    host: url.hostname || '127.0.0.1',
    port,
    ...(dbText === '' ? {} : { db: Number(dbText) }),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    maxRetriesPerRequest: null,
  };
}

/** The data of a cell job. */
export interface CellJobData {
  cell: CompareCell;
  /** The tfjs backend the cell must run on (part of its key). */
  backend: string;
}

/** A file a cell wrote (training log, saved agent), carried back to the coordinator's run directory. */
export interface CellFile {
  /** Relative to the run directory. */
  path: string;
  /** The contents, base64. */
  data: string;
}

/** The return value of a cell job. */
export interface CellJobResult {
  result: CellResult;
  files: CellFile[];
}

/** The sandboxed processor file `memgym worker` gives BullMQ (`.ts` from the sources, `.js` built). */
export function processorFile(): string {
  return siblingModule(import.meta.url, 'queue-processor');
}
