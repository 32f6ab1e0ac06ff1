/**
 * What every CLI command shares: loading its validated config, selecting and reporting the tfjs backend,
 * and the run directory (config, meta with seed/backend/versions, JSONL logs) that results are written to
 * as they come.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName, type BackendSelection } from '../model/backend.js';
import type { z } from 'zod';
import { loadConfigFile, parseConfig } from '../util/zod-config.js';
import { MemgymError } from '../util/errors.js';
import { createLogger, type Logger } from '../util/logger.js';
import { createProgress, silentProgress, type Progress } from '../util/progress.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import type { CommandContext } from './command.js';
import { parseIntFlag, type IntFlagBounds } from './flags.js';

export { parseIntFlag, type IntFlagBounds } from './flags.js';

/** The path of a config shipped in the package's `configs/` folder. */
export function packagedConfig(name: string): string {
  return join(PACKAGE_ROOT, 'configs', name);
}

/**
 * Loads the command's config: `--config FILE` when given, else `defaultFile` (a packaged config) when
 * given, else `{}` with every default. Always validated against `schema` (unknown keys are errors).
 */
export function loadCommandConfig<S extends z.ZodType>(ctx: CommandContext, schema: S, defaultFile?: string): z.output<S> {
  const file = ctx.global.config ?? defaultFile;
  if (file === undefined) return parseConfig(schema, {});
  return loadConfigFile(file, schema);
}

/** The directory of `--config FILE` (relative paths in a config are resolved against it), else undefined. */
export function configDir(ctx: CommandContext): string | undefined {
  return ctx.global.config === undefined ? undefined : dirname(resolve(ctx.global.config));
}

/** Selects the tfjs backend (`--backend` over the config's, else auto) and prints which one runs. */
export async function setupBackend(ctx: CommandContext, configured?: string): Promise<BackendSelection> {
  const preferred = (ctx.global.backend ?? configured ?? 'auto') as BackendName | 'auto';
  // tfjs's PROD flag only silences its console banners (e.g. "install the node backend", printed when the
  // cpu backend allocates its first tensor); the CLI reports the chosen backend itself.
  tf.env().set('PROD', true);
  const selection = await selectBackend({ preferred, logger: ctx.logger });
  if (!ctx.global.quiet) ctx.print(`backend: ${selection.backend}`);
  return selection;
}

/** The seed of a run: `--seed` over the config's. */
export function runSeed(ctx: CommandContext, configured: number): number {
  return ctx.global.seed ?? configured;
}

/** A run directory: where a command writes its config, meta, logs and results. */
export interface RunDir {
  readonly dir: string;
  /** pino logger writing JSON lines to `<dir>/log.jsonl` (and warnings to the console logger). */
  readonly logger: Logger;
  /** Writes (overwrites) a JSON file in the run directory; returns its path. */
  writeJson(name: string, value: unknown): string;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Versions recorded with every run. */
export function versions(): Record<string, string> {
  return { memgym: packageVersion(), node: process.versions.node, tfjs: tf.version_core };
}

/** The UTC time stamp in run names, `2026-12-01_00-04-08`. */
export function runTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

/**
 * Creates the run directory (`--out`, else `runs/<kind>-<timestamp>`) and writes `config.json` and
 * `meta.json` (seed, backend, versions, argv, start time) into it.
 */
export function createRunDir(ctx: CommandContext, kind: string, config: unknown, meta: Record<string, unknown>): RunDir {
  const dir = resolve(ctx.global.out ?? join('runs', `${kind}-${runTimestamp()}`));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new MemgymError('USAGE', `cannot create the output directory ${dir}: ${(err as Error).message}`);
  }
  const writeJson = (name: string, value: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    return file;
  };
  writeJson('config.json', config);
  writeJson('meta.json', { kind, ...meta, versions: versions(), argv: process.argv.slice(2), startedAt: new Date().toISOString() });
  const logger = createLogger({ level: 'info', file: join(dir, 'log.jsonl') });
  return { dir, logger, writeJson };
}

/** A progress bar on a TTY, plain lines otherwise; nothing with `--quiet`. */
export function progressFor(ctx: CommandContext, label: string, total: number): Progress {
  return ctx.global.quiet ? silentProgress : createProgress({ label, total });
}

/** The exit code of a run stopped by Ctrl-C (after it wrote what was complete), as shells report SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

/** The signals {@link interruptible} turns into a stop flag: Ctrl-C, and a polite kill. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `work` with SIGINT and SIGTERM turned into a flag the work polls (`interrupted()`), so a Ctrl-C
 * ends the current unit of work cleanly and keeps every result written so far. A second signal exits at
 * once (130) — unless it comes within `relayWindowMs` of the first: launchers (npm, bin/memgym.js) may
 * relay the terminal's one SIGINT a second time immediately, and that echo must not turn a clean stop
 * into an abort. Without a signal the handlers are removed when `work` ends; after one they stay (see below).
 */
export async function interruptible<T>(work: (interrupted: () => boolean) => Promise<T>, relayWindowMs = 1000): Promise<T> {
  let stop = false;
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop) {
      if (performance.now() - firstAt < relayWindowMs) return;
      process.stderr.write(`\nsecond ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: exiting now\n`);
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    stop = true;
    firstAt = performance.now();
    process.stderr.write(
      `\n${signal === 'SIGINT' ? 'interrupted' : `${signal} received`}: finishing the current step and keeping the results so far (Ctrl-C again to abort)\n`,
    );
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    return await work(() => stop);
  } finally {
    // After a stop the handler stays for the rest of the process: the command still writes its summary and
    // report after `work` returns, and the launcher's relayed echo of the same Ctrl-C (bin/memgym.js
    // forwards what the group already got) may arrive only now — with Node's default action it would kill
    // the process before those files exist. A signal handler does not keep the process alive.
    if (!stop) for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}

/**
 * Parses an integer flag value (decimal digits, optionally negative) or throws a usage error naming the
 * flag and its range: `--episodes 0` is an error, not an empty run.
 */
export function intFlag(ctx: CommandContext, name: string, bounds: IntFlagBounds = {}): number | undefined {
  const raw = ctx.flags[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  return parseIntFlag(name, raw, bounds);
}
