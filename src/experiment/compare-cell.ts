/**
 * One cell of a comparison: one agent (trained first when it is a learner, or a module agent that has
 * `learn`) on one env for one seed, evaluated on that seed's episode block, plus its slot sweep on the
 * first seed. A cell is plain data in
 * ({@link CompareCell}) and plain data out ({@link CellResult}), so it runs the same in this process or
 * in a worker process; an agent's error is part of its result, not thrown.
 */
import { join } from 'node:path';
import { JsonlAppender } from '../report/csv.js';
import { mean } from '../report/stats.js';
import type { UpdateStats } from '../rl/training-types.js';
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { buildAgent, specLabel, type AgentSpec, type LearnerType } from './agents.js';
import type { CompareEnv, ComparePlan } from './compare.js';
import { makeMemoryVectorEnv } from './envs.js';
import { DEFAULT_EVAL_POLICY, evaluateAgentAsync, type EpisodeMetrics } from './evaluate.js';
import { trainAgent, trainLearner, type LearningAgent, type TrainAgentOptions } from './train.js';

/** One cell, as data (what a worker process receives). */
export interface CompareCell {
  /** The content key (see `compare-cells.ts`). */
  key: string;
  /** Where the cell stands in the plan (the merge order: env, then seed, then agent). */
  envIndex: number;
  seedIndex: number;
  agentIndex: number;
  /** The env under the comparison's budget mode. */
  env: CompareEnv;
  spec: AgentSpec;
  seed: number;
  /** The first episode seed of the seed's block. */
  baseSeed: number;
  training: ComparePlan['training'];
  evaluation: ComparePlan['evaluation'];
  /** Slot counts to sweep (the plan's on the first seed, none on the others). */
  slotSweep: number[];
  /** The run directory: training logs and saved agents are written below it. */
  outDir: string;
}

/** One point of the accuracy-vs-slots sweep. */
export interface SweepPoint {
  slots: number;
  accuracy: number;
}

/** What a cell produced: plain data (stored as `cells/<key>.json`, sent over IPC). */
export interface CellResult {
  key: string;
  env: string;
  /** The agent's display label. */
  agent: string;
  seed: number;
  /** The finished evaluation episodes, in the order they finished. */
  episodes: EpisodeMetrics[];
  /** True when the whole episode block ran (the cell's accuracy counts). */
  evaluated: boolean;
  /** The learner's training updates (none for agents that do not train). */
  updates: UpdateStats[];
  sweep: SweepPoint[];
  /** The saved agent's directory, relative to the run directory (learners only). */
  agentDir?: string;
  /** The agent's error (one line), when it failed. */
  error?: string;
  /** The error's stack, for the log. */
  errorStack?: string;
  /** True when a stop request ended the cell early: such a result is merged but not stored. */
  interrupted: boolean;
}

/** What a cell may report to, and be stopped by, while it runs. */
export interface CellHooks {
  logger?: Logger;
  progress?: (label: string, total: number) => Progress;
  shouldStop?: () => boolean;
  /** One-line status messages for the user. */
  onStatus?: (line: string) => void;
}

/** The training log and the saved agent of a learner cell, relative to the run directory. */
export function cellPaths(envName: string, spec: AgentSpec, seed: number): { trainingLog: string; agentDir: string } {
  const stem = `${safe(envName)}--${safe(spec.name ?? spec.type)}--seed${seed}`;
  return { trainingLog: join('training', `${stem}.jsonl`), agentDir: join('agents', stem) };
}

/** Runs one cell: build (and train) the agent, evaluate it, sweep slots; never throws for the agent's errors. */
export async function runCell(cell: CompareCell, hooks: CellHooks = {}): Promise<CellResult> {
  const { spec } = cell;
  const result: CellResult = {
    key: cell.key,
    env: cell.env.name,
    agent: specLabel(spec),
    seed: cell.seed,
    episodes: [],
    evaluated: false,
    updates: [],
    sweep: [],
    interrupted: false,
  };
  try {
    await fillCell(cell, hooks, result);
  } catch (err) {
    result.error = oneLine(err);
    if (err instanceof Error && err.stack !== undefined) result.errorStack = err.stack;
  }
  return result;
}

async function fillCell(cell: CompareCell, hooks: CellHooks, result: CellResult): Promise<void> {
  const { env, spec, seed, baseSeed } = cell;
  const stopped = (): boolean => hooks.shouldStop?.() ?? false;
  const policy = cell.evaluation.policy ?? DEFAULT_EVAL_POLICY;
  let built = await buildAgent(spec, 'agent', { evalPolicy: policy });
  result.agent = built.label;
  try {
    // The training run of a learner or of a user's agent that can learn: the same budget, log and stop flag.
    const trainingRun = (label: string, save: boolean): TrainAgentOptions => {
      const paths = cellPaths(env.name, spec, seed);
      const updateLog = new JsonlAppender(join(cell.outDir, paths.trainingLog));
      const steps = cell.training.totalTimesteps;
      hooks.onStatus?.(`${env.name}: training ${label} (seed ${seed}, ${steps} steps)`);
      if (save) result.agentDir = paths.agentDir;
      return {
        env: env.id,
        envKwargs: env.kwargs,
        numEnvs: cell.training.numEnvs,
        totalTimesteps: steps,
        seed,
        ...(hooks.logger ? { logger: hooks.logger } : {}),
        ...(hooks.progress ? { progress: hooks.progress(`train ${label} s${seed}`, steps) } : {}),
        onUpdate: (u) => updateLog.append(u),
        ...(save ? { saveDir: join(cell.outDir, paths.agentDir) } : {}),
        shouldStop: stopped,
      };
    };
    if (built.learner && spec.type !== 'checkpoint') {
      built.agent.dispose?.();
      const trained = await trainLearner({
        spec: spec as AgentSpec & { type: LearnerType },
        ...trainingRun(spec.name ?? spec.type, true),
      });
      trained.agent.deterministic = policy === 'greedy';
      result.updates = trained.updates;
      built = { ...built, agent: trained.agent };
      if (stopped()) {
        result.interrupted = true; // the agent is saved, not evaluated
        return;
      }
    }
    if (spec.type === 'module' && typeof built.agent.learn === 'function') {
      // A user's agent that can learn is trained like a built-in learner (saved when it has `save`).
      const trained = await trainAgent(built.agent as LearningAgent, trainingRun(built.label, built.agent.save !== undefined));
      result.updates = trained.updates;
      if (stopped()) {
        result.interrupted = true;
        return;
      }
    }
    const agentKwargs = built.envKwargs;
    const evalProgress = hooks.progress?.(`eval ${built.label} s${seed}`, cell.evaluation.episodes);
    const evaluate = (kwargs: Record<string, unknown>, onEpisode?: (m: EpisodeMetrics, done: number) => void): Promise<EpisodeMetrics[]> =>
      evaluateAgentAsync({
        agent: built.agent,
        makeEnv: (n) => makeMemoryVectorEnv(env.id, { ...env.kwargs, ...agentKwargs, ...kwargs }, n),
        episodes: cell.evaluation.episodes,
        baseSeed,
        numEnvs: cell.evaluation.numEnvs,
        shouldStop: stopped,
        ...(onEpisode ? { onEpisode } : {}),
      });
    const episodes = await evaluate({}, (m, done) => {
      result.episodes.push(m);
      evalProgress?.update(done);
    });
    evalProgress?.done();
    if (episodes.length !== cell.evaluation.episodes) {
      result.interrupted = true; // not a complete sample
      return;
    }
    result.evaluated = true;
    for (const slots of cell.slotSweep) {
      if (stopped()) break;
      const sweepEpisodes = await evaluate({ slotCount: String(slots), maxSlots: Math.max(slots, 1) });
      if (sweepEpisodes.length !== cell.evaluation.episodes) break;
      result.sweep.push({ slots, accuracy: mean(sweepEpisodes.map((e) => e.accuracy)) });
    }
    if (result.sweep.length < cell.slotSweep.length) result.interrupted = true;
  } finally {
    built.agent.dispose?.();
  }
}

/** An error as one line for tables and logs. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

/** A label made safe for file names. */
export function safe(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}
