/**
 * One cell of a comparison: one agent (trained first when it is a learner) on one env for one seed,
 * evaluated on that seed's episodes, its results appended as they come. An error escapes to the caller,
 * which records it in the agent's row.
 */
import { join } from 'node:path';
import type { CsvAppender } from '../report/csv.js';
import { JsonlAppender } from '../report/csv.js';
import { mean } from '../report/stats.js';
import type { UpdateStats } from '../rl/training-types.js';
import { buildAgent, type AgentSpec, type LearnerType } from './agents.js';
import type { CompareEnv, CompareResult, RunComparisonOptions } from './compare.js';
import { makeMemoryVectorEnv } from './envs.js';
import { DEFAULT_EVAL_POLICY, evaluateAgentAsync, type EpisodeMetrics } from './evaluate.js';
import { trainLearner } from './train.js';

/** Per agent label: its episodes per seed, and its error once it failed. */
export type AgentEpisodes = Map<string, { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string }>;

/** What a cell needs from its comparison. */
export interface CellContext {
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
  perAgent: AgentEpisodes;
  stopped: () => boolean;
  /** Told the agent's label as soon as it is known (for the error of a failing cell). */
  onLabel: (label: string) => void;
}

/** One cell: build (and train) one agent for one seed, evaluate it, record it; returns its label. */
export async function runCell(c: CellContext): Promise<string> {
  const { opts, env, spec, seed, s, baseSeed, results, episodesCsv, result, perAgent, stopped } = c;
  const { plan } = opts;
  const greedy = (plan.evaluation.policy ?? DEFAULT_EVAL_POLICY) === 'greedy';
  let built = await buildAgent(spec, 'agent', { evalPolicy: plan.evaluation.policy ?? DEFAULT_EVAL_POLICY });
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
      trained.agent.deterministic = greedy;
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
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

/** A label made safe for file names. */
export function safe(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}

