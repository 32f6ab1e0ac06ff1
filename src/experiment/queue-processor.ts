/**
 * The sandboxed BullMQ processor of `memgym worker`: BullMQ runs it in a child process, so long tfjs
 * work does not stall the job lock (the worker process renews it). Runs one cell in a scratch directory
 * on the job's backend and returns its result with the files it wrote (training log, saved agent), which
 * the coordinator writes into its run directory. Not meant to be imported.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Job } from 'bullmq';
import { selectBackend, type BackendName } from '../model/backend.js';
import { runCell } from './compare-cell.js';
import type { CellFile, CellJobData, CellJobResult } from './queue-connection.js';

let backend: Promise<string> | undefined;

function setUp(name: string): Promise<string> {
  backend ??= (async () => {
    tf.env().set('PROD', true);
    return (await selectBackend({ preferred: name as BackendName })).backend;
  })();
  return backend;
}

function filesUnder(root: string, dir: string): CellFile[] {
  const out: CellFile[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else out.push({ path: relative(root, p), data: readFileSync(p).toString('base64') });
  };
  walk(join(root, dir));
  return out;
}

/** Runs the job's cell; a cell's own failure is in its result, a thrown error is the worker's (retried). */
export default async function processCell(job: Job<CellJobData, CellJobResult>): Promise<CellJobResult> {
  const { cell, backend: wanted } = job.data;
  const active = await setUp(wanted);
  if (active !== wanted) throw new Error(`expected backend ${wanted} for cell ${cell.key}, got ${active}`);
  const scratch = mkdtempSync(join(tmpdir(), 'memgym-cell-'));
  try {
    const result = await runCell({ ...cell, outDir: scratch });
    const written = readdirSync(scratch);
    const files = written.flatMap((dir) => filesUnder(scratch, dir));
    return { result, files };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
