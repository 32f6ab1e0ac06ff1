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
 * Every finished evaluation is appended to `results.jsonl`/`episodes.csv` at once, so an interrupted
 * comparison keeps its results; the summary and report are rewritten after each env.
 */
import { join } from 'node:path';
import { CsvAppender, JsonlAppender } from '../report/csv.js';
import { confidenceInterval, mean, normalisedScore } from '../report/stats.js';
import type { UpdateStats } from '../rl/training-types.js';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { buildAgent, parseAgentSpec, type AgentSpec, type LearnerType } from './agents.js';
import { makeMemoryVectorEnv } from './envs.js';
import { evaluateAgentAsync, type EpisodeMetrics } from './evaluate.js';
import { trainLearner } from './train.js';

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
  evaluation: { episodes: number; seed: number; numEnvs: number };
  /** Slot counts for the accuracy-vs-slots sweep (empty: none); evaluated on the first seed's block. */
  slotSweep: number[];
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
  const result: CompareResult = { rows: [], curves: [], sweep: [], margins: [], failures: [], complete: false };
  const stopped = (): boolean => opts.shouldStop?.() ?? false;

  for (const env of plan.envs) {
    // per agent label → per seed → episodes
    const perAgent = new Map<string, { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string }>();
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
    result.rows.push(...aggregate(env.name, perAgent));
    result.margins.push(...margins(env.name, result.rows.filter((r) => r.env === env.name && r.error === undefined)));
    opts.onEnvDone?.(result);
    if (stopped()) return result;
  }
  result.complete = true;
  return result;
}

interface CellContext {
  opts: RunComparisonOptions;
  env: CompareEnv;
  spec: AgentSpec;
  seed: number;
  /** The seed's index in the plan. */
  s: number;
  baseSeed: number;
  results: JsonlAppender;
  episodesCsv: CsvAppender;
  result: CompareResult;
  perAgent: Map<string, { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string }>;
  stopped: () => boolean;
  /** Told the agent's label as soon as it is known (for the error of a failing cell). */
  onLabel: (label: string) => void;
}

/** One cell: build (and train) one agent for one seed, evaluate it, record it; returns its label. */
async function runCell(c: CellContext): Promise<string> {
  const { opts, env, spec, seed, s, baseSeed, results, episodesCsv, result, perAgent, stopped } = c;
  const { plan } = opts;
  let built = await buildAgent(spec);
  c.onLabel(built.label);
  try {
    let updates: UpdateStats[] = [];
    if (built.learner && spec.type !== 'checkpoint') {
      built.agent.dispose?.();
      const updateLog = new JsonlAppender(join(opts.outDir, 'training', `${safe(env.name)}--${safe(spec.name ?? spec.type)}--seed${seed}.jsonl`));
      opts.onStatus?.(`${env.name}: training ${spec.name ?? spec.type} (seed ${seed}, ${plan.training.totalTimesteps} steps)`);
      const trained = await trainLearner({
        spec: spec as AgentSpec & { type: LearnerType },
        env: env.id,
        envKwargs: env.kwargs,
        numEnvs: plan.training.numEnvs,
        totalTimesteps: plan.training.totalTimesteps,
        seed,
        ...(opts.logger ? { logger: opts.logger } : {}),
        ...(opts.progress ? { progress: opts.progress(`train ${spec.name ?? spec.type} s${seed}`, plan.training.totalTimesteps) } : {}),
        onUpdate: (u) => updateLog.append(u),
        saveDir: join(opts.outDir, 'agents', `${safe(env.name)}--${safe(spec.name ?? spec.type)}--seed${seed}`),
        shouldStop: stopped,
      });
      trained.agent.deterministic = true;
      updates = trained.updates;
      built = { ...built, agent: trained.agent };
      if (stopped()) return built.label; // interrupted: the agent is saved, not evaluated
    }
    const label = built.label;
    const agentKwargs = built.envKwargs;
    const evalProgress = opts.progress?.(`eval ${label} s${seed}`, plan.evaluation.episodes);
    const episodes = await evaluateAgentAsync({
      agent: built.agent,
      makeEnv: (n) => makeMemoryVectorEnv(env.id, { ...env.kwargs, ...agentKwargs }, n),
      episodes: plan.evaluation.episodes,
      baseSeed,
      numEnvs: plan.evaluation.numEnvs,
      shouldStop: stopped,
      onEpisode: (m, done) => {
        episodesCsv.append({ ...m, env: env.name, agent: label, seed, episodeSeed: m.seed });
        evalProgress?.update(done);
      },
    });
    evalProgress?.done();
    if (episodes.length !== plan.evaluation.episodes) return label; // interrupted: not a complete sample
    results.append({ env: env.name, agent: label, seed, accuracy: mean(episodes.map((e) => e.accuracy)), episodes: episodes.length });
    const entry = perAgent.get(label) ?? { spec, seeds: [] };
    entry.seeds[s] = episodes;
    perAgent.set(label, entry);
    if (updates.length > 0) {
      result.curves.push({
        env: env.name,
        agent: label,
        seed,
        points: updates.filter((u) => u.episodicReturnMean !== null).map((u) => ({ x: u.globalStep, y: u.episodicReturnMean as number })),
      });
    }
    if (s === 0) {
      for (const slots of plan.slotSweep) {
        if (stopped()) break;
        const sweepEpisodes = await evaluateAgentAsync({
          agent: built.agent,
          makeEnv: (n) => makeMemoryVectorEnv(env.id, { ...env.kwargs, ...agentKwargs, slotCount: String(slots), maxSlots: Math.max(slots, 1) }, n),
          episodes: plan.evaluation.episodes,
          baseSeed,
          numEnvs: plan.evaluation.numEnvs,
          shouldStop: stopped,
        });
        if (sweepEpisodes.length !== plan.evaluation.episodes) break;
        const point = { env: env.name, agent: label, slots, accuracy: mean(sweepEpisodes.map((e) => e.accuracy)) };
        result.sweep.push(point);
        results.append({ sweep: true, ...point });
      }
    }
    return label;
  } finally {
    built.agent.dispose?.();
  }
}

/** An error as one line for tables and logs. */
function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

function safe(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}

function aggregate(env: string, perAgent: Map<string, { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string }>): CompareRow[] {
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
