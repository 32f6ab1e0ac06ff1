/**
 * The comparison of learned agents with fixed policies on the same seeded evaluation episodes.
 *
 * Unit of replication: a *seed*. For seed s, each learner is trained with seed s, and every agent is then
 * evaluated on the same block of `episodes` episodes (episode seeds `eval.seed + s·10⁶ + k`). The per-seed
 * mean accuracy is one sample; the report gives mean ± 95% Student-t CI over seeds, so a learner's CI
 * includes its training variance, and fixed policies are measured on exactly the same episodes.
 * Normalised score: (acc − acc_random) / (acc_oracle − acc_random) per env. The winner is the best
 * non-oracle agent (the oracle sees the future and is an upper bound, not a competitor).
 *
 * Slot budgets (see `compare-budget.ts`): by default every agent gets the same N (GROW/SHRINK masked);
 * `budget: 'adaptive'` lets agents resize at a per-slot cost. Each row reports the mean slot count, and
 * `budgets` says per env which mode ran and whether the agents' slot counts ended up equal.
 *
 * Every finished evaluation is appended to `results.jsonl`/`episodes.csv` at once, so an interrupted
 * comparison keeps its results; the summary and report are rewritten after each env.
 */
import { join } from 'node:path';
import { CsvAppender, JsonlAppender } from '../report/csv.js';
import { confidenceInterval, mean, normalisedScore } from '../report/stats.js';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { parseAgentSpec, type AgentSpec } from './agents.js';
import { budgetKwargs, measureBudget, type BudgetMode, type EnvBudget } from './compare-budget.js';
import { oneLine, runCell, type AgentEpisodes } from './compare-cell.js';
import type { EpisodeMetrics, EvalPolicy } from './evaluate.js';

/** One env of a comparison. */
export interface CompareEnv {
  /** The label in tables, files and results (unique within a plan; defaults to the id). */
  name: string;
  id: string;
  kwargs: Record<string, unknown>;
}

/** The validated inputs of a comparison. */
export interface ComparePlan {
  envs: CompareEnv[];
  /** Agent entries: learners are trained per seed; others are built once. */
  agents: AgentSpec[];
  seeds: number[];
  training: { numEnvs: number; totalTimesteps: number };
  evaluation: { episodes: number; seed: number; numEnvs: number; /** How learned agents act (default `sample`). */ policy?: EvalPolicy };
  /** Slot counts for the accuracy-vs-slots sweep (empty: none); evaluated on the first seed's block. */
  slotSweep: number[];
  /** Slot budget mode (default `fixed`: the same N for every agent, GROW/SHRINK masked). */
  budget?: BudgetMode;
}

/** Per (env, agent): the aggregate row of the table. */
export interface CompareRow {
  env: string;
  agent: string;
  kind: 'learned' | 'fixed' | 'custom';
  /** Per-seed mean accuracies. */
  seedAccuracies: number[];
  accuracy: number;
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  normalisedScore: number;
  slotsUsed: number;
  /** Mean slot count N (the agent's budget; above the env's N only when it GROWs). */
  slotCount: number;
  retrievalsPerQuery: number;
  return: number;
  winner: boolean;
  /** Why the agent failed (its first error, one line), when it did; its stats cover the seeds before. */
  error?: string;
}

/** A learning curve: (env steps, mean episodic return) per update. */
export interface LearningCurve {
  env: string;
  agent: string;
  seed: number;
  points: { x: number; y: number }[];
}

/** The whole result, as written to `summary.json`. */
export interface CompareResult {
  rows: CompareRow[];
  curves: LearningCurve[];
  /** env → agent → slot count → mean accuracy. */
  sweep: { env: string; agent: string; slots: number; accuracy: number }[];
  /** Learned agent's margin over the best non-oracle fixed policy, per env. */
  margins: { env: string; learner: string; bestFixed: string; margin: number }[];
  /** Agents that failed (threw, or returned an invalid action): the others' results are still complete. */
  failures: CompareFailure[];
  /** Per env: the budget mode that ran and whether every agent had the same slot count. */
  budgets: EnvBudget[];
  /** False when interrupted. */
  complete: boolean;
}

/** An agent that failed on an env: its later seeds are skipped. */
export interface CompareFailure {
  env: string;
  agent: string;
  seed: number;
  /** The error's message (one line). */
  error: string;
}

/** Options of {@link runComparison}. */
export interface RunComparisonOptions {
  plan: ComparePlan;
  outDir: string;
  logger?: Logger;
  progress?: (label: string, total: number) => Progress;
  shouldStop?: () => boolean;
  /** Called after each env with the results so far (the CLI rewrites the report). */
  onEnvDone?: (result: CompareResult) => void;
  /** One-line status messages for the user. */
  onStatus?: (line: string) => void;
}

const EPISODE_COLUMNS = ['env', 'agent', 'seed', 'episodeSeed', 'accuracy', 'queries', 'correct', 'return', 'length', 'slotsUsed', 'slotCount', 'retrievalsPerQuery', 'evictions'] as const;

function kindOf(spec: AgentSpec): CompareRow['kind'] {
  if (spec.type === 'fixed') return 'fixed';
  if (spec.type === 'module') return 'custom';
  return 'learned';
}

/** Parses agent entries of a config (strings or objects). */
export function parseAgentEntries(entries: readonly unknown[], path = 'agents'): AgentSpec[] {
  return entries.map((e, i) => parseAgentSpec(e, `${path}[${i}]`));
}

/** Runs the comparison; results are appended under `outDir` as they come. */
export async function runComparison(opts: RunComparisonOptions): Promise<CompareResult> {
  const { plan } = opts;
  const results = new JsonlAppender(join(opts.outDir, 'results.jsonl'));
  const episodesCsv = new CsvAppender(join(opts.outDir, 'episodes.csv'), EPISODE_COLUMNS);
  const result: CompareResult = { rows: [], curves: [], sweep: [], margins: [], failures: [], budgets: [], complete: false };
  const mode = plan.budget ?? 'fixed';
  const stopped = (): boolean => opts.shouldStop?.() ?? false;

  for (const planned of plan.envs) {
    const env = budgetedEnv(planned, mode);
    // per agent label → per seed → episodes
    const perAgent: AgentEpisodes = new Map();
    const failed = new Set<AgentSpec>();
    for (const [s, seed] of plan.seeds.entries()) {
      const baseSeed = plan.evaluation.seed + seed * 1_000_000;
      for (const spec of plan.agents) {
        if (stopped()) break;
        if (failed.has(spec)) continue;
        const fallback = spec.name ?? spec.module ?? spec.policy ?? spec.checkpoint ?? spec.type;
        let label = fallback;
        try {
          label = await runCell({ opts, env, spec, seed, s, baseSeed, results, episodesCsv, result, perAgent, stopped, onLabel: (l) => (label = l) });
        } catch (err) {
          const error = oneLine(err);
          failed.add(spec);
          result.failures.push({ env: env.name, agent: label, seed, error });
          const entry = perAgent.get(label) ?? { spec, seeds: [] };
          entry.error = error;
          perAgent.set(label, entry);
          results.append({ env: env.name, agent: label, seed, error });
          opts.logger?.error({ env: env.name, agent: label, seed, err }, `agent ${label} failed on ${env.name} (seed ${seed}): ${error}`);
          opts.onStatus?.(`${env.name}: agent ${label} failed (seed ${seed}): ${error}`);
        }
      }
    }
    const rows = aggregate(env.name, perAgent);
    result.rows.push(...rows);
    result.budgets.push(measureBudget(env.name, mode, typeof env.kwargs.slotCost === 'number' ? env.kwargs.slotCost : 0, rows));
    result.margins.push(...margins(env.name, result.rows.filter((r) => r.env === env.name && r.error === undefined)));
    opts.onEnvDone?.(result);
    if (stopped()) return result;
  }
  result.complete = true;
  return result;
}

/** An env with its kwargs under the budget mode (see `compare-budget.ts`). */
export function budgetedEnv(env: CompareEnv, mode: BudgetMode): CompareEnv {
  return { ...env, kwargs: budgetKwargs(env.kwargs, mode, `envs[${JSON.stringify(env.name)}].kwargs`) };
}

function aggregate(env: string, perAgent: AgentEpisodes): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const [agent, { spec, seeds, error }] of perAgent) {
    const done = seeds.filter((e): e is EpisodeMetrics[] => e !== undefined && e.length > 0);
    const seedAcc = done.map((eps) => mean(eps.map((e) => e.accuracy)));
    const all = done.flat();
    const ci = confidenceInterval(seedAcc);
    rows.push({
      env,
      agent,
      kind: kindOf(spec),
      seedAccuracies: seedAcc,
      accuracy: ci.mean,
      ciLow: ci.low,
      ciHigh: ci.high,
      halfWidth: ci.halfWidth,
      normalisedScore: NaN,
      slotsUsed: mean(all.map((e) => e.slotsUsed)),
      slotCount: mean(all.map((e) => e.slotCount)),
      retrievalsPerQuery: mean(all.map((e) => e.retrievalsPerQuery)),
      return: mean(all.map((e) => e.return)),
      winner: false,
      ...(error === undefined ? {} : { error }),
    });
  }
  const random = rows.find((r) => r.agent === 'random')?.accuracy ?? NaN;
  const oracle = rows.find((r) => r.agent === 'oracle')?.accuracy ?? NaN;
  for (const r of rows) r.normalisedScore = normalisedScore(r.accuracy, { random, oracle });
  const contenders = rows.filter((r) => r.agent !== 'oracle' && r.error === undefined);
  const best = Math.max(...contenders.map((r) => r.accuracy));
  for (const r of contenders) r.winner = r.accuracy === best;
  return rows;
}

function margins(env: string, rows: readonly CompareRow[]): CompareResult['margins'] {
  const fixed = rows.filter((r) => r.kind === 'fixed' && r.agent !== 'oracle');
  if (fixed.length === 0) return [];
  const bestFixed = fixed.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  return rows
    .filter((r) => r.kind !== 'fixed')
    .map((r) => ({ env, learner: r.agent, bestFixed: bestFixed.agent, margin: r.accuracy - bestFixed.accuracy }));
}
