/**
 * `memgym compare`: learned agents vs every fixed policy on the same seeded episodes of each env. Prints
 * the table and writes results.jsonl / episodes.csv as they come, then summary.json, summary.csv and a
 * self-contained report.html (rewritten after each env, so an interrupted run keeps a report). Cells run in
 * `--workers N` processes (default: the number of cores); finished cells are stored under `cells/` and a
 * rerun with the same `--out` skips them.
 */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { envKwargsField } from '../../../envs/common/family.js';
import { agentEntry } from '../../experiment/agent-spec-schema.js';
import { array, looseRecord, number } from '../../util/schemas.js';
import { configSchema, parseConfig } from '../../util/zod-config.js';
import { MAX_EPISODES, MAX_NUM_ENVS, MAX_TIMESTEPS, checkSeedRange } from '../../experiment/limits.js';
import { ConfigError, MemgymError } from '../../util/errors.js';
import { FIXED_POLICY_NAMES } from '../../../agents/fixed/index.js';
import { budgetedEnv, runComparison, type CompareEnv, type ComparePlan, type CompareResult } from '../../experiment/compare.js';
import { BUDGET_MODES } from '../../experiment/compare-budget.js';
import { checkAgentSpecs, parseAgentSpec } from '../../experiment/agents.js';
import { DEFAULT_EVAL_POLICY, EVAL_POLICIES } from '../../experiment/evaluate.js';
import { formatComparison, writeComparison } from '../../experiment/compare-report.js';
import { makeMemoryVectorEnv } from '../../experiment/envs.js';
import { parseQueueUrl } from '../../experiment/queue-connection.js';
import type { Command, CommandContext } from '../command.js';
import {
  INTERRUPTED_EXIT_CODE,
  createRunDir,
  type RunDir,
  interruptible,
  intFlag,
  loadCommandConfig,
  packagedConfig,
  progressFor,
  setupBackend,
} from '../shared.js';

/** The exit code of a comparison in which some agent failed (the others' results and the report are written). */
export const AGENT_FAILED_EXIT_CODE = 1;

/** The most `--workers` (each is a process with its own tfjs and MAT). */
export const MAX_WORKERS = 256;

/** `"all-fixed"` in `agents` expands to every fixed policy. */
export const ALL_FIXED = 'all-fixed';

/** The compare config (configs/compare-*.json). */
export const compareConfigSchema = configSchema({
  /**
   * Env ids, or `{ id, kwargs, name }` objects; `name` labels the env in tables and files (default: the id)
   * and must be unique, e.g. to compare one id under two readers.
   */
  envs: array(z.unknown(), { minLength: 1 }),
  /** Applied to every env (before an env's own kwargs). */
  envKwargs: envKwargsField.prefault({}),
  agents: array(agentEntry, { minLength: 1 }).prefault(['ppo', ALL_FIXED]),
  seeds: array(number({ integer: true, min: 0 }), { minLength: 1, unique: true }).prefault([1, 2, 3]),
  training: z
    .strictObject({
      numEnvs: number({ integer: true, min: 1, max: MAX_NUM_ENVS }).default(8),
      totalTimesteps: number({ integer: true, min: 1, max: MAX_TIMESTEPS }).default(30_000),
    })
    .prefault({}),
  eval: z
    .strictObject({
      episodes: number({ integer: true, min: 1, max: MAX_EPISODES }).default(32),
      seed: number({ integer: true, min: 0 }).default(1_000_000),
      numEnvs: number({ integer: true, min: 1, max: MAX_NUM_ENVS }).default(16),
      /** How learned agents act: `sample` (default) or `greedy`; see EVAL_POLICIES. */
      policy: z.enum(EVAL_POLICIES).default(DEFAULT_EVAL_POLICY),
    })
    .prefault({}),
  /** Slot counts for the accuracy-vs-N plot (each agent of the first seed); [] for none. */
  slotSweep: array(number({ integer: true, min: 1 })).prefault([]),
  /**
   * `fixed` (default): every agent gets the env's N slots, GROW/SHRINK masked. `adaptive`: agents may
   * GROW/SHRINK, each slot costs the env's `slotCost` per step (default 0.01 when unset).
   */
  budget: z.enum(BUDGET_MODES).default('fixed'),
  backend: z.string().optional(),
});
export type CompareConfig = z.output<typeof compareConfigSchema>;

const envEntrySchema = z.strictObject({ id: z.string(), name: z.string().optional(), kwargs: looseRecord().prefault({}) });

/** An env entry of a config (an id, or `{ id, name, kwargs }`) with its name defaulted to the id. */
export function parseEnvEntry(e: unknown, path: string): CompareEnv {
  const entry = typeof e === 'string' ? { id: e, kwargs: {} } : parseConfig(envEntrySchema, e, path);
  return { name: entry.name ?? entry.id, id: entry.id, kwargs: entry.kwargs };
}

/**
 * Turns a validated config into a plan (agents parsed, envs resolved, `all-fixed` expanded). Relative
 * agent paths are resolved against `baseDir` (the config file's directory) when given.
 */
export function comparePlan(config: CompareConfig, seedOverride?: number, baseDir?: string): ComparePlan {
  const envs = config.envs.map((e, i) => {
    const entry = parseEnvEntry(e, `envs[${i}]`);
    return { ...entry, kwargs: { ...config.envKwargs, ...entry.kwargs } };
  });
  const seen = new Set<string>();
  envs.forEach((env, i) => {
    if (seen.has(env.name)) {
      throw new ConfigError(`envs[${i}]`, `expected a unique env name, got "${env.name}" twice; give the entries distinct "name"s`);
    }
    seen.add(env.name);
  });
  const agents = config.agents.flatMap((a, i) =>
    a === ALL_FIXED ? FIXED_POLICY_NAMES.map((name) => parseAgentSpec(name, `agents[${i}]`)) : [parseAgentSpec(a, `agents[${i}]`, baseDir)],
  );
  const seeds = seedOverride === undefined ? config.seeds : config.seeds.map((_, i) => seedOverride + i);
  if (seedOverride !== undefined) checkSeedRange('--seed', seedOverride, seeds.length);
  const maxSeed = Math.max(...seeds);
  checkSeedRange(seedOverride === undefined ? 'seeds' : '--seed', maxSeed, config.training.numEnvs);
  checkSeedRange('eval.seed', config.eval.seed + maxSeed * 1_000_000, config.eval.episodes);
  return {
    envs,
    agents,
    seeds,
    training: config.training,
    evaluation: config.eval,
    slotSweep: config.slotSweep,
    budget: config.budget,
  };
}

/** A finished (or interrupted) comparison run of {@link executeComparison}. */
export interface ComparisonRun {
  result: CompareResult;
  runDir: RunDir;
  /** The command's exit code: 0, interrupted, or agent failed. */
  code: number;
}

/**
 * Runs a validated comparison config for a command context: `--workers` / `--queue`, the backend, the
 * fail-fast checks, the run directory (`kind`-<time>), progress, incremental outputs and the table.
 * Shared by `compare` (and `npm start`) and `sweep`.
 */
export async function executeComparison(
  ctx: CommandContext,
  config: CompareConfig,
  file: string | undefined,
  kind = 'compare',
  /** Per env, the agents that run on it (see {@link ComparePlan.envAgents}); default all. */
  envAgents?: ComparePlan['envAgents'],
): Promise<ComparisonRun> {
  const workers = intFlag(ctx, 'workers', { min: 1, max: MAX_WORKERS }) ?? availableParallelism();
  const queue = typeof ctx.flags.queue === 'string' ? ctx.flags.queue : undefined;
  if (queue !== undefined) parseQueueUrl(queue); // a bad URL is a usage error before any work
  if (queue !== undefined && ctx.flags.workers !== undefined) {
    throw new MemgymError(
      'USAGE',
      '--workers and --queue: expected one of them (with --queue, memgym worker processes run the cells), got both',
    );
  }
  const plan: ComparePlan = {
    ...comparePlan(config, ctx.global.seed, file === undefined ? undefined : dirname(resolve(file))),
    ...(envAgents === undefined ? {} : { envAgents }),
  };
  // The backend first: a MAT loaded before it would put its weights on tfjs's default (cpu) backend.
  const selection = await setupBackend(ctx, config.backend);
  // Fail fast, before any training: every env builds, every agent loads (modules, saved agents, params).
  for (const env of plan.envs) {
    const budgeted = budgetedEnv(env, plan.budget ?? 'fixed');
    makeMemoryVectorEnv(budgeted.id, budgeted.kwargs, 1).close();
  }
  await checkAgentSpecs(plan.agents);
  const runDir = createRunDir(ctx, kind, config, { seeds: plan.seeds, backend: selection.backend, workers });
  const meta = {
    backend: selection.backend,
    seeds: plan.seeds.join(', '),
    'eval episodes per seed': plan.evaluation.episodes,
    'training steps': plan.training.totalTimesteps,
    'eval policy': plan.evaluation.policy ?? DEFAULT_EVAL_POLICY,
    budget: plan.budget ?? 'fixed',
    run: runDir.dir,
  };
  const cores = queue !== undefined ? `, cells on the queue ${queue}` : workers === 1 ? '' : `, ${workers} worker processes`;
  ctx.print(
    `comparing ${plan.agents.length} agents on ${plan.envs.map((e) => e.name).join(', ')} (seeds ${plan.seeds.join(', ')}${cores}) → ${runDir.dir}`,
  );
  let report = '';
  const result = await interruptible((interrupted) =>
    runComparison({
      plan,
      outDir: runDir.dir,
      logger: runDir.logger,
      progress: (label, total) => progressFor(ctx, label, total),
      shouldStop: interrupted,
      workers,
      ...(queue === undefined ? {} : { queue }),
      backend: selection.backend,
      logFile: join(runDir.dir, 'log.jsonl'),
      onStatus: (line) => {
        if (!ctx.global.quiet) ctx.print(line);
      },
      onEnvDone: (partial) => {
        report = writeComparison(runDir.dir, partial, meta);
      },
    }),
  );
  report = writeComparison(runDir.dir, result, meta);
  ctx.print(formatComparison(result));
  ctx.print(`\nreport: ${report}`);
  const code = !result.complete ? INTERRUPTED_EXIT_CODE : result.failures.length > 0 ? AGENT_FAILED_EXIT_CODE : 0;
  return { result, runDir, code };
}

/** Runs a comparison for a command context (shared with `npm start`). */
export async function runCompareCommand(ctx: CommandContext, defaultConfig?: string): Promise<number> {
  const config = loadCommandConfig(ctx, compareConfigSchema, defaultConfig);
  return (await executeComparison(ctx, config, ctx.global.config ?? defaultConfig)).code;
}

/** The flags of the commands that run comparison cells (compare, sweep). */
export const CELL_FLAGS: Readonly<Record<string, string>> = {
  'workers=N': 'cell worker processes (default: the number of cores; 1 runs every cell in this process)',
  'queue=URL': 'enqueue the cells on a BullMQ queue on Redis, redis://host:port[/db], for memgym worker processes',
};

const command: Command = {
  name: 'compare',
  summary: 'Compare learned agents with every fixed policy on the same seeded episodes; table, CSV/JSON and an HTML report.',
  usage: 'memgym compare --config configs/compare-recall.json [--seed N] [--out DIR] [--workers N | --queue redis://HOST:PORT]',
  flags: CELL_FLAGS,
  run: (ctx) => runCompareCommand(ctx, packagedConfig('compare-recall.json')),
};
export default command;
