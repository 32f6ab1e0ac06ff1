/**
 * Seeded evaluation of an agent on a memory vector env: every agent sees the same episodes (episode k
 * uses seed `baseSeed + k`), run in waves of B sub-envs so the MAT is batched across them.
 */
import type { Info } from '../core/env.js';
import type { VectorEnv } from '../core/vector.js';
import { actBatch, type Agent } from '../rl/agent.js';
import { RETRIEVE } from '../../envs/common/actions.js';

/**
 * How a learned agent acts when evaluated: `sample` draws from π(·|s) with the agent's seeded act RNG
 * (default), `greedy` takes the most likely operation, then its most likely slot.
 *
 * Why sampling is the default: PPO's slot choice is often nearly tied (its scores barely separate the
 * slots), and greedy acting turns a near-uniform (random-eviction) choice into "always slot 0". Measured on
 * Recall-Easy with the ideal reader (3 PPO seeds × 3 hyperparameter variants, 16 held-out episodes): greedy
 * accuracy 0.12–0.50 with 5 of 9 runs stuck at never-store level (one slot used); sampled 0.42–0.47 for
 * the same 9 networks. SB3's `evaluate_policy` defaults to greedy; here greedy is an option.
 */
export const EVAL_POLICIES = ['sample', 'greedy'] as const;
export type EvalPolicy = (typeof EVAL_POLICIES)[number];
export const DEFAULT_EVAL_POLICY: EvalPolicy = 'sample';

/** The metrics of one evaluation episode. */
export interface EpisodeMetrics {
  /** The episode's seed. */
  seed: number;
  /** Correct answers / queries (the task accuracy; 0 when there were no queries). */
  accuracy: number;
  queries: number;
  correct: number;
  /** Undiscounted return (accuracy minus costs). */
  return: number;
  length: number;
  /** Mean occupied slots over the steps. */
  slotsUsed: number;
  /** Mean slot count N over the steps (differs from the initial N when the agent GROWs/SHRINKs). */
  slotCount: number;
  /** RETRIEVE actions per query. */
  retrievalsPerQuery: number;
  /** Evictions (a STORE that overwrote an occupied slot). */
  evictions: number;
}

/** Options of {@link evaluateAgent}. */
export interface EvaluateOptions {
  agent: Agent;
  /** Builds the vector env of `numEnvs` sub-envs (`next-step` or `same-step` autoreset both work). */
  makeEnv: (numEnvs: number) => VectorEnv<unknown, number>;
  episodes: number;
  baseSeed: number;
  /** Sub-envs per wave (default min(16, episodes)). */
  numEnvs?: number;
  /** Called with each finished episode (results can be written as they come). */
  onEpisode?: (metrics: EpisodeMetrics, done: number) => void;
  /** Polled between steps; when it returns true the finished episodes so far are returned. */
  shouldStop?: () => boolean;
}

/** `n` of a Discrete action space, else undefined (the masks bound the actions). */
function discreteActionCountOf(space: unknown): number | undefined {
  const n = (space as { n?: unknown } | null | undefined)?.n;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

interface Tally {
  ret: number;
  length: number;
  queries: number;
  correct: number;
  retrievals: number;
  slotsUsed: number;
  slotCount: number;
  evictions: number;
}

function emptyTally(): Tally {
  return { ret: 0, length: 0, queries: 0, correct: 0, retrievals: 0, slotsUsed: 0, slotCount: 0, evictions: 0 };
}

function num(info: Info, key: string): number {
  const v = info[key];
  return typeof v === 'number' ? v : 0;
}

/**
 * The evaluation as a generator that yields after every vector step (so the async variant can let
 * signals in) and returns the episodes' metrics in seed order.
 */
function* evaluation(opts: EvaluateOptions): Generator<void, EpisodeMetrics[], void> {
  const B = Math.max(1, Math.min(opts.numEnvs ?? 16, opts.episodes));
  const env = opts.makeEnv(B);
  const numActions = discreteActionCountOf(env.singleActionSpace);
  const results: EpisodeMetrics[] = [];
  try {
    for (let start = 0; start < opts.episodes; start += B) {
      const width = Math.min(B, opts.episodes - start);
      const seeds = Array.from({ length: B }, (_, i) => opts.baseSeed + start + i);
      let { observations, infos } = env.reset({ seed: seeds });
      opts.agent.reset?.();
      const tallies = Array.from({ length: B }, emptyTally);
      const done = new Uint8Array(B);
      for (let i = width; i < B; i++) done[i] = 1; // padding sub-envs of the last wave
      let remaining = width;
      const resetting = new Uint8Array(B); // next-step autoreset: the env ignores these sub-envs' next action
      while (remaining > 0) {
        if (opts.shouldStop?.()) return results;
        const masks = env.actionMasks?.();
        const actions = actBatch(opts.agent, observations, infos, masks, { numActions, ignored: resetting });
        const step = env.step(Array.from(actions));
        if (env.autoresetMode === 'next-step') {
          for (let i = 0; i < B; i++) resetting[i] = step.terminated[i] === 1 || step.truncated[i] === 1 ? 1 : 0;
        }
        for (let i = 0; i < B; i++) {
          if (done[i] === 1) continue;
          const t = tallies[i] as Tally;
          const info = step.infos[i] ?? {};
          const final = (info.finalInfo as Info | undefined) ?? info;
          t.ret += step.rewards[i] as number;
          t.length += 1;
          if (actions[i] === RETRIEVE) t.retrievals += 1;
          if (final.isQuery === true) t.queries += 1;
          if (final.correct === true) t.correct += 1;
          if (final.evicted !== null && final.evicted !== undefined && final.evicted !== -1) t.evictions += 1;
          t.slotsUsed += num(final, 'slotsUsed');
          t.slotCount += num(final, 'slots');
          if (step.terminated[i] === 1 || step.truncated[i] === 1) {
            done[i] = 1;
            remaining -= 1;
            const m: EpisodeMetrics = {
              seed: seeds[i] as number,
              accuracy: t.queries > 0 ? t.correct / t.queries : 0,
              queries: t.queries,
              correct: t.correct,
              return: t.ret,
              length: t.length,
              slotsUsed: t.slotsUsed / t.length,
              slotCount: t.slotCount / t.length,
              retrievalsPerQuery: t.queries > 0 ? t.retrievals / t.queries : 0,
              evictions: t.evictions,
            };
            results.push(m);
            opts.onEpisode?.(m, results.length);
          }
        }
        observations = step.observations;
        infos = step.infos;
        yield;
      }
    }
    results.sort((a, b) => a.seed - b.seed);
    return results;
  } finally {
    env.close();
  }
}

/** Runs `episodes` seeded episodes and returns their metrics in seed order. */
export function evaluateAgent(opts: EvaluateOptions): EpisodeMetrics[] {
  const run = evaluation(opts);
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
  }
}

/** How long {@link evaluateAgentAsync} works between two turns of the event loop. */
const YIELD_EVERY_MS = 25;

/**
 * {@link evaluateAgent} that lets the event loop run every few milliseconds, so a Ctrl-C handler (the
 * CLI's `interruptible`) sees the signal while the evaluation runs and `shouldStop` can end it.
 */
export async function evaluateAgentAsync(opts: EvaluateOptions): Promise<EpisodeMetrics[]> {
  const run = evaluation(opts);
  let last = performance.now();
  for (;;) {
    const next = run.next();
    if (next.done === true) return next.value;
    if (performance.now() - last >= YIELD_EVERY_MS) {
      await new Promise((r) => setImmediate(r));
      last = performance.now();
    }
  }
}

/** Means of the per-episode metrics. */
export interface EvaluationSummary {
  episodes: number;
  accuracy: number;
  return: number;
  slotsUsed: number;
  slotCount: number;
  retrievalsPerQuery: number;
}

/** Averages episode metrics. */
export function summarizeEpisodes(episodes: readonly EpisodeMetrics[]): EvaluationSummary {
  const n = episodes.length;
  const avg = (f: (m: EpisodeMetrics) => number): number => (n === 0 ? Number.NaN : episodes.reduce((s, m) => s + f(m), 0) / n);
  return {
    episodes: n,
    accuracy: avg((m) => m.accuracy),
    return: avg((m) => m.return),
    slotsUsed: avg((m) => m.slotsUsed),
    slotCount: avg((m) => m.slotCount),
    retrievalsPerQuery: avg((m) => m.retrievalsPerQuery),
  };
}
