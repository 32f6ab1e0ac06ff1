/**
 * Content keys of comparison cells: the sha256 of a canonical JSON (object keys sorted, `undefined`
 * dropped) of everything that determines a cell's result. Two cells with the same key give the same
 * result on the same backend, so a stored result can stand in for running the cell again (resume).
 *
 * The code version is the package version plus a hash of the package's source tree (`src/`, `envs/`,
 * `agents/`, `checkpoints/`: file paths and contents), not the git commit: an uncommitted edit changes
 * results too, and an installed package has no git. The built `dist/` is compiled from `src/` (shipped
 * alongside), so source and built runs of one tree share keys.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { ConfigError } from '../util/errors.js';

/** The package folders whose contents determine results. */
export const VERSIONED_FOLDERS = ['src', 'envs', 'agents', 'checkpoints'] as const;

/** What identifies the code a cell ran with. */
export interface CodeVersion {
  memgym: string;
  /** sha256 of the versioned folders' paths and contents. */
  source: string;
  tfjs: string;
  node: string;
}

/** JSON with object keys sorted at every level and `undefined` members dropped (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, '$'));
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new ConfigError(path, `expected plain JSON data in a cell key, got a ${typeof value}`);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => sortKeys(v === undefined ? null : v, `${path}[${i}]`));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v, `${path}.${k}`);
  }
  return out;
}

/** The sha256 (hex) of the canonical JSON of `value`. */
export function contentKey(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Hashes the files under `paths` (a file, or a folder walked in sorted order) into `hash`, names relative to `base`. */
export function hashFiles(hash: ReturnType<typeof createHash>, paths: readonly string[], base: string): void {
  const walk = (p: string): void => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name !== 'node_modules') walk(join(p, name));
      return;
    }
    hash.update(relative(base, p)).update('\0').update(readFileSync(p)).update('\0');
  };
  for (const p of paths) walk(p);
}

function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

let cached: CodeVersion | undefined;

/** The code version of this package (computed once per process). */
export function codeVersion(root: string = PACKAGE_ROOT): CodeVersion {
  if (cached !== undefined && root === PACKAGE_ROOT) return cached;
  const hash = createHash('sha256');
  hashFiles(
    hash,
    VERSIONED_FOLDERS.map((f) => join(root, f)),
    root,
  );
  const version: CodeVersion = {
    memgym: packageVersion(root),
    source: hash.digest('hex'),
    tfjs: tf.version_core,
    node: process.versions.node,
  };
  if (root === PACKAGE_ROOT) cached = version;
  return version;
}
