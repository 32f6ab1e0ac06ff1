/**
 * `memgym compare`: learned agents vs every fixed policy on the same seeded episodes of each env. Prints
 * the table and writes results.jsonl / episodes.csv as they come, then summary.json, summary.csv and a
 * self-contained report.html (rewritten after each env, so an interrupted run keeps a report).
 */
import { t, type Infer } from '../../util/config.js';
import { ConfigError } from '../../util/errors.js';
import { FIXED_POLICY_NAMES } from '../../../agents/fixed/index.js';
import { parseAgentEntries, runComparison, type ComparePlan } from '../../experiment/compare.js';
import { formatComparison, writeComparison } from '../../experiment/compare-report.js';
import { makeMemoryVectorEnv } from '../../experiment/envs.js';
import type { Command, CommandContext } from '../command.js';
import { createRunDir, interruptible, loadCommandConfig, packagedConfig, progressFor, runSeed, setupBackend } from '../shared.js';

/** `"all-fixed"` in `agents` expands to every fixed policy. */
export const ALL_FIXED = 'all-fixed';

/** The compare config (configs/compare-*.json). */
export const compareConfigSchema = t.object({
  /**
   * Env ids, or `{ id, kwargs, name }` objects; `name` labels the env in tables and files (default: the id)
   * and must be unique, e.g. to compare one id under two readers.
   */
  envs: t.array(t.unknown(), { minLength: 1 }),
  /** Applied to every env (before an env's own kwargs). */
  envKwargs: t.optional(t.record(t.unknown()), {}),
  agents: t.optional(t.array(t.unknown(), { minLength: 1 }), ['ppo', ALL_FIXED]),
  seeds: t.optional(t.array(t.number({ integer: true, min: 0 }), { minLength: 1 }), [1, 2, 3]),
  training: t.optional(
    t.object({
      numEnvs: t.optional(t.number({ integer: true, min: 1 }), 8),
      totalTimesteps: t.optional(t.number({ integer: true, min: 1 }), 30_000),
    }),
    {},
  ),
  eval: t.optional(
    t.object({
      episodes: t.optional(t.number({ integer: true, min: 1 }), 32),
      seed: t.optional(t.number({ integer: true, min: 0 }), 1_000_000),
      numEnvs: t.optional(t.number({ integer: true, min: 1 }), 16),
    }),
    {},
  ),
  /** Slot counts for the accuracy-vs-N plot (each agent of the first seed); [] for none. */
  slotSweep: t.optional(t.array(t.number({ integer: true, min: 1 })), []),
  backend: t.optional(t.string()),
});
export type CompareConfig = Infer<typeof compareConfigSchema>;

const envEntrySchema = t.object({ id: t.string(), name: t.optional(t.string()), kwargs: t.optional(t.record(t.unknown()), {}) });

/** Turns a validated config into a plan (agents parsed, envs resolved, `all-fixed` expanded). */
export function comparePlan(config: CompareConfig, seedOverride?: number): ComparePlan {
  const envs = config.envs.map((e, i) => {
    const entry = typeof e === 'string' ? { id: e, kwargs: {} } : envEntrySchema.parse(e, `envs[${i}]`);
    return { name: entry.name ?? entry.id, id: entry.id, kwargs: { ...config.envKwargs, ...entry.kwargs } };
  });
  const seen = new Set<string>();
  envs.forEach((env, i) => {
    if (seen.has(env.name)) {
      throw new ConfigError(`envs[${i}]`, `expected a unique env name, got "${env.name}" twice; give the entries distinct "name"s`);
    }
    seen.add(env.name);
  });
  const entries = config.agents.flatMap((a) => (a === ALL_FIXED ? [...FIXED_POLICY_NAMES] : [a]));
  return {
    envs,
    agents: parseAgentEntries(entries),
    seeds: seedOverride === undefined ? config.seeds : config.seeds.map((s, i) => seedOverride + i),
    training: config.training,
    evaluation: config.eval,
    slotSweep: config.slotSweep,
  };
}

/** Runs a comparison for a command context (shared with `npm start`). */
export async function runCompareCommand(ctx: CommandContext, defaultConfig?: string): Promise<number> {
  const config = loadCommandConfig(ctx, compareConfigSchema, defaultConfig);
  const plan = comparePlan(config, ctx.global.seed);
  // The backend first: a MAT loaded before it would put its weights on tfjs's default (cpu) backend.
  const selection = await setupBackend(ctx, config.backend);
  for (const env of plan.envs) makeMemoryVectorEnv(env.id, env.kwargs, 1).close(); // fail fast
  const runDir = createRunDir(ctx, 'compare', config, { seeds: plan.seeds, backend: selection.backend });
  const meta = { backend: selection.backend, seeds: plan.seeds.join(', '), 'eval episodes per seed': plan.evaluation.episodes, 'training steps': plan.training.totalTimesteps, run: runDir.dir };
  ctx.print(`comparing ${plan.agents.length} agents on ${plan.envs.map((e) => e.name).join(', ')} (seeds ${plan.seeds.join(', ')}) → ${runDir.dir}`);
  let report = '';
  const result = await interruptible((interrupted) =>
    runComparison({
      plan,
      outDir: runDir.dir,
      logger: runDir.logger,
      progress: (label, total) => progressFor(ctx, label, total),
      shouldStop: interrupted,
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
  return 0;
}

const command: Command = {
  name: 'compare',
  summary: 'Compare learned agents with every fixed policy on the same seeded episodes; table, CSV/JSON and an HTML report.',
  usage: 'memgym compare --config configs/compare-recall.json [--seed N] [--out DIR]',
  flags: {},
  run: (ctx) => runCompareCommand(ctx, packagedConfig('compare-recall.json')),
};
export default command;
