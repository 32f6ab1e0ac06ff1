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
 * Execution (`compare-run.ts`): the comparison is a list of independent cells (env, agent, seed; see
 * `compare-cell.ts`), each with a content key (`compare-cells.ts`). Cells run in this process
 * (`workers: 1`) or in worker processes (`cell-pool.ts`); each finished cell is stored as
 * `cells/<key>.json` (a rerun with the same `outDir` skips it), and results merge in the fixed cell order
 * (`compare-merge.ts`) into `results.jsonl`/`episodes.csv` as they come, whatever the number of workers.
 */
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { parseAgentSpec, type AgentSpec } from './agents.js';
import type { BudgetMode, EnvBudget } from './compare-budget.js';
import type { CellResult, CompareCell } from './compare-cell.js';
import type { EvalPolicy } from './evaluate.js';

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
  evaluation: { episodes: number; seed: number; numEnvs: number /** How learned agents act (default `sample`). */; policy?: EvalPolicy };
  /** Slot counts for the accuracy-vs-slots sweep (empty: none); evaluated on the first seed's block. */
  slotSweep: number[];
  /** Slot budget mode (default `fixed`: the same N for every agent, GROW/SHRINK masked). */
  budget?: BudgetMode;
  /**
   * Per env (by index): the indices into `agents` that run on it. Default: every agent on every env. A
   * sweep over env kwargs uses it (each trial's agent on its own env, see `sweep-plan.ts`).
   */
  envAgents?: readonly (readonly number[])[];
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
  /**
   * Worker processes (default 1: every cell in this process, one after another, with per-cell progress).
   * Results do not depend on it.
   */
  workers?: number;
  /**
   * `redis://host:port[/db]`: enqueue the cells on this BullMQ queue for `memgym worker`s (on any machine)
   * instead of running them here; `workers` is then unused.
   */
  queue?: string;
  /** The tfjs backend (part of every cell's key; workers set it up). Default: the active one. */
  backend?: string;
  /** The run's log file, for the workers' log lines (the coordinator's go to `logger`). */
  logFile?: string;
  /** Told about every cell as it settles: run now, or `reused` from `cells/<key>.json`. */
  onCell?: (event: CellEvent) => void;
}

/** A settled cell (see {@link RunComparisonOptions.onCell}). */
export interface CellEvent {
  cell: CompareCell;
  result: CellResult;
  /** True when the result was stored by an earlier run (not run again). */
  reused: boolean;
}

/** Parses agent entries of a config (strings or objects). */
export function parseAgentEntries(entries: readonly unknown[], path = 'agents'): AgentSpec[] {
  return entries.map((e, i) => parseAgentSpec(e, `${path}[${i}]`));
}

export { budgetedEnv } from './compare-budget.js';
export { runComparison } from './compare-run.js';
