/**
 * `memgym bench` (`npm run bench`): env steps/s (single env and VectorEnv, random policy, MAT in the
 * loop), PPO training steps/s end to end, and MAT forward items/s and GFLOP/s, on every available tfjs
 * backend (each in its own process); prints a table with ratios and writes the report as JSON.
 * `--baseline REF` instead runs every bench item for commit REF (a temporary git worktree) and for this
 * tree, interleaved in one run, and prints both with the ratio current / baseline (src/bench/baseline.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../util/package-root.js';
import { loadBenchConfig, settingsFor, type BenchConfig } from '../../bench/config.js';
import { baselineItems, formatBaselineReport, runBaselineBench } from '../../bench/baseline.js';
import { formatReport } from '../../bench/report.js';
import { createTempWorktree } from '../../bench/worktree.js';
import { resolveBackends, runBench } from '../../bench/run.js';
import { suitePlan } from '../../bench/suite.js';
import { BACKEND_ORDER, type BackendName } from '../../model/backend.js';
import { MemgymError } from '../../util/errors.js';
import { createProgress, silentProgress } from '../../util/progress.js';
import type { Command, CommandContext } from '../command.js';
import { INTERRUPTED_EXIT_CODE, interruptible, intFlag, runTimestamp } from '../shared.js';

/** The packaged default config. */
export const DEFAULT_BENCH_CONFIG = join(PACKAGE_ROOT, 'configs', 'bench.json');

/** `--out`: a `.json` file, or a directory that gets `bench-<timestamp>.json`; default `runs/bench-<timestamp>.json`. */
export function benchOutputPath(out: string | undefined, date: Date): string {
  const name = `bench-${runTimestamp(date)}.json`;
  if (out === undefined) return resolve('runs', name);
  return out.endsWith('.json') ? resolve(out) : resolve(out, name);
}

function parseBackends(ctx: CommandContext): BackendName[] | undefined {
  // `--backend auto` (the other commands' default) means: the config's backends.
  const single = ctx.global.backend === 'auto' ? undefined : ctx.global.backend;
  const raw = (ctx.flags.backends as string | undefined) ?? single;
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const known = ['available', ...BACKEND_ORDER] as string[];
  for (const n of names) {
    if (!known.includes(n)) throw new MemgymError('USAGE', `--backends: expected a comma list of ${known.join(', ')}, got "${n}"`);
  }
  if (names.length === 0) throw new MemgymError('USAGE', `--backends: expected at least one backend, got "${raw}"`);
  return resolveBackends(names);
}

function writeJson(file: string, value: unknown): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (err) {
    throw new MemgymError('USAGE', `cannot write the bench report to ${file}: ${(err as Error).message}`);
  }
}

/** `--baseline REF`: both trees' items interleaved on one backend (the first of --backends, else the config's reference). */
async function runBaseline(ctx: CommandContext, config: BenchConfig, ref: string, started: Date): Promise<number> {
  const backend = parseBackends(ctx)?.[0] ?? config.reference;
  const rounds = intFlag(ctx, 'rounds', { min: 1 }) ?? 1;
  const file = benchOutputPath(ctx.global.out, started);
  const tree = createTempWorktree(PACKAGE_ROOT, ref);
  try {
    if (!ctx.global.quiet)
      ctx.print(`bench: ${ref} (${tree.commit.slice(0, 12)}, worktree ${tree.dir}) vs this tree on ${backend}, ${rounds} round(s)`);
    const total = baselineItems(config, backend).length * 2 * rounds;
    const progress = ctx.global.quiet ? silentProgress : createProgress({ label: 'bench', total });
    const report = await interruptible((interrupted) =>
      runBaselineBench(config, {
        backend,
        baselineRoot: tree.dir,
        currentRoot: PACKAGE_ROOT,
        baselineRef: ref,
        baselineCommit: tree.commit,
        rounds,
        interrupted,
        logger: ctx.logger,
        onProgress: (p) => progress.update(p.index, p.label),
      }),
    );
    progress.done();
    for (const line of formatBaselineReport(report)) ctx.print(line);
    writeJson(file, { format: 'memgym-bench-baseline', version: 1, date: started.toISOString(), config, ...report });
    ctx.print(`\nwrote ${file}`);
    if (report.interrupted) return INTERRUPTED_EXIT_CODE;
    return report.rows.length > 0 ? 0 : 1;
  } finally {
    tree.remove();
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const started = new Date();
  const loaded = loadBenchConfig(ctx.global.config ?? DEFAULT_BENCH_CONFIG);
  const config: BenchConfig = ctx.global.seed === undefined ? loaded : { ...loaded, seed: ctx.global.seed };
  const baseline = ctx.flags.baseline;
  if (typeof baseline === 'string') return runBaseline(ctx, config, baseline, started);
  if (baseline === true) throw new MemgymError('USAGE', '--baseline: expected a git ref (a commit, branch or tag)');
  const backends = parseBackends(ctx) ?? resolveBackends(config.backends);
  const isolate = ctx.flags['in-process'] === true ? false : config.isolate;
  const file = benchOutputPath(ctx.global.out, started);
  const total = backends.reduce((n, b) => n + suitePlan(settingsFor(config, b)).length, 0);
  const progress = ctx.global.quiet ? silentProgress : createProgress({ label: 'bench', total });
  let done = 0;
  if (!ctx.global.quiet)
    ctx.print(`bench: ${backends.join(', ')} (${isolate ? 'one process per backend' : 'in-process'}), ${total} benches`);
  const report = await runBench(config, {
    backends,
    isolate,
    logger: ctx.logger,
    onProgress: (p) => {
      progress.update(done, `${p.backend}: ${p.label}`);
      done++;
    },
  });
  progress.done();
  for (const line of formatReport(report)) ctx.print(line);
  writeJson(file, report);
  ctx.print(`\nwrote ${file}`);
  return report.backends.some((r) => r.ok) ? 0 : 1;
}

const command: Command = {
  name: 'bench',
  summary:
    'Benchmark env steps/s (single and VectorEnv, MAT in the loop), PPO steps/s (end to end, rollout, update), policy forward obs/s, MAT forward items/s, GFLOP/s and kernel launches per call on each tfjs backend, or against another commit (--baseline); prints a table with ratios and writes JSON.',
  usage: 'memgym bench [--config FILE] [--backends LIST] [--in-process] [--baseline REF [--rounds N]] [--out FILE.json|DIR] [--seed N]',
  flags: {
    'baseline=REF':
      "also run every bench item for git commit REF (a temporary worktree), interleaved with this tree's, on one backend; prints both and current/baseline",
    'rounds=N': 'with --baseline: interleaved repetitions of every item (default 1); values are medians',
    'backends=LIST': "comma list of backends to run (wasm, cpu, tensorflow, tensorflow-gpu, available); default: the config's",
    'in-process': 'run every backend in this process instead of one child process each',
  },
  run,
};
export default command;
