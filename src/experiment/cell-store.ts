/**
 * Finished cells on disk: `<run dir>/cells/<key>.json`, written atomically (a temporary file, then a
 * rename) as each cell completes, so an interrupted comparison keeps them and a rerun with the same
 * `--out` skips them (resume). Only complete results are stored: a failed or interrupted cell runs again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellResult } from './compare-cell.js';

/** The folder of stored cell results in a run directory. */
export const CELLS_DIR = 'cells';

/** Whether a result is complete and worth storing (no error, not interrupted, evaluated). */
export function isStorable(result: CellResult): boolean {
  return result.error === undefined && !result.interrupted && result.evaluated;
}

/** The stored result file of a key. */
export function cellFile(outDir: string, key: string): string {
  return join(outDir, CELLS_DIR, `${key}.json`);
}

/** Writes a complete result (others are ignored); returns whether it was stored. */
export function storeCell(outDir: string, result: CellResult): boolean {
  if (!isStorable(result)) return false;
  mkdirSync(join(outDir, CELLS_DIR), { recursive: true });
  const file = cellFile(outDir, result.key);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(result)}\n`);
  renameSync(tmp, file);
  return true;
}

/** The stored result of a key, or undefined when there is none (or it is unreadable or not that key's). */
export function loadCell(outDir: string, key: string): CellResult | undefined {
  const file = cellFile(outDir, key);
  if (!existsSync(file)) return undefined;
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as CellResult;
    return result.key === key && isStorable(result) ? result : undefined;
  } catch {
    return undefined;
  }
}
