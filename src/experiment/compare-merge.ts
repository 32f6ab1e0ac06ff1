/**
 * Merging cell results into a comparison's outputs, in the fixed cell order (env, then seed, then agent)
 * whatever order they arrive in: the same results give the same `CompareResult` and the same lines of
 * `results.jsonl` / `episodes.csv`. An agent that failed on a seed is left out of its later seeds on that
 * env (their results, if they ran in parallel, are ignored), as when cells ran one after another.
 */
import { confidenceInterval, mean, normalisedScore } from '../report/stats.js';
import type { AgentSpec } from './agents.js';
import { budgetedEnv, measureBudget } from './compare-budget.js';
import type { CellResult, CompareCell } from './compare-cell.js';
import type { ComparePlan, CompareResult, CompareRow } from './compare.js';
import type { EpisodeMetrics } from './evaluate.js';

/** The columns of `episodes.csv`. */
export const EPISODE_COLUMNS = [
  'env',
  'agent',
  'seed',
  'episodeSeed',
  'accuracy',
  'queries',
  'correct',
  'return',
  'length',
  'slotsUsed',
  'slotCount',
  'retrievalsPerQuery',
  'evictions',
] as const;

/** Lines for the incremental files, in cell order. */
export interface MergedLines {
  results: Record<string, unknown>[];
  episodes: Record<string, string | number>[];
  /** The results with an error among them (to log and report). */
  failed: CellResult[];
}

/** Per agent label: its spec, its episodes per seed index, and its error once it failed. */
type AgentEpisodes = Map<string, { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string }>;

/** Collects cell results (by cell index) and merges them in cell order. */
export class ComparisonMerge {
  private readonly results = new Map<number, CellResult>();
  /** Per `env:agent` index pair: the first seed index its agent failed on. */
  private readonly failedAt = new Map<string, number>();
  private emitted = 0;

  constructor(
    private readonly plan: ComparePlan,
    private readonly cells: readonly CompareCell[],
  ) {}

  /** Records the result of cell `index`. */
  settle(index: number, result: CellResult): void {
    this.results.set(index, result);
    const cell = this.cells[index];
    if (result.error === undefined || cell === undefined) return;
    const pair = `${cell.envIndex}:${cell.agentIndex}`;
    this.failedAt.set(pair, Math.min(this.failedAt.get(pair) ?? Infinity, cell.seedIndex));
  }

  settled(index: number): boolean {
    return this.results.has(index);
  }

  /** Whether cell `index` is left out because its agent failed on an earlier seed of its env. */
  excluded(index: number): boolean {
    const cell = this.cells[index];
    if (cell === undefined) return false;
    return (this.failedAt.get(`${cell.envIndex}:${cell.agentIndex}`) ?? Infinity) < cell.seedIndex;
  }

  /** Whether every cell is settled or left out (nothing more to run). */
  done(): boolean {
    return this.cells.every((_, i) => this.settled(i) || this.excluded(i));
  }

  /** Whether every cell of env `envIndex` is settled or left out. */
  envDone(envIndex: number): boolean {
    return this.cells.every((c, i) => c.envIndex !== envIndex || this.settled(i) || this.excluded(i));
  }

  /**
   * The lines not taken yet: those of the settled prefix of the cell order, or with `final` of every
   * settled cell left (an interrupted run keeps finished cells after a gap).
   */
  takeLines(final = false): MergedLines {
    const out: MergedLines = { results: [], episodes: [], failed: [] };
    for (; this.emitted < this.cells.length; this.emitted++) {
      const i = this.emitted;
      if (!final && !this.settled(i) && !this.excluded(i)) break;
      const r = this.results.get(i);
      if (r === undefined || this.excluded(i)) continue;
      for (const m of r.episodes) out.episodes.push({ ...m, env: r.env, agent: r.agent, seed: r.seed, episodeSeed: m.seed });
      if (r.evaluated)
        out.results.push({
          env: r.env,
          agent: r.agent,
          seed: r.seed,
          accuracy: mean(sortedEpisodes(r).map((e) => e.accuracy)),
          episodes: r.episodes.length,
        });
      for (const p of r.sweep) out.results.push({ sweep: true, env: r.env, agent: r.agent, slots: p.slots, accuracy: p.accuracy });
      if (r.error !== undefined) {
        out.results.push({ env: r.env, agent: r.agent, seed: r.seed, error: r.error });
        out.failed.push(r);
      }
    }
    return out;
  }

  /** The comparison so far: every env up to the last with a settled cell (all envs when complete). */
  result(complete: boolean): CompareResult {
    const out: CompareResult = { rows: [], curves: [], sweep: [], margins: [], failures: [], budgets: [], complete };
    const mode = this.plan.budget ?? 'fixed';
    const lastEnv = complete
      ? this.plan.envs.length - 1
      : Math.max(-1, ...[...this.results.keys()].map((i) => (this.cells[i] as CompareCell).envIndex));
    for (let e = 0; e <= lastEnv; e++) {
      const env = budgetedEnv(this.plan.envs[e] as ComparePlan['envs'][number], mode);
      const perAgent: AgentEpisodes = new Map();
      this.cells.forEach((cell, i) => {
        const r = this.results.get(i);
        if (cell.envIndex !== e || r === undefined || this.excluded(i)) return;
        const entry = (): { spec: AgentSpec; seeds: EpisodeMetrics[][]; error?: string } => {
          const found = perAgent.get(r.agent) ?? { spec: cell.spec, seeds: [] };
          perAgent.set(r.agent, found);
          return found;
        };
        if (r.evaluated) {
          entry().seeds[cell.seedIndex] = sortedEpisodes(r);
          if (r.updates.length > 0) {
            const points = r.updates
              .filter((u) => u.episodicReturnMean !== null)
              .map((u) => ({ x: u.globalStep, y: u.episodicReturnMean as number }));
            out.curves.push({ env: env.name, agent: r.agent, seed: r.seed, points });
          }
        }
        for (const p of r.sweep) out.sweep.push({ env: env.name, agent: r.agent, slots: p.slots, accuracy: p.accuracy });
        if (r.error !== undefined) {
          out.failures.push({ env: env.name, agent: r.agent, seed: r.seed, error: r.error });
          entry().error = r.error;
        }
      });
      const rows = aggregate(env.name, perAgent);
      out.rows.push(...rows);
      out.budgets.push(measureBudget(env.name, mode, typeof env.kwargs.slotCost === 'number' ? env.kwargs.slotCost : 0, rows));
      out.margins.push(
        ...margins(
          env.name,
          out.rows.filter((r) => r.env === env.name && r.error === undefined),
        ),
      );
    }
    return out;
  }
}

/** A result's complete episodes in seed order (as the evaluation returns them). */
function sortedEpisodes(r: CellResult): EpisodeMetrics[] {
  return [...r.episodes].sort((a, b) => a.seed - b.seed);
}

function kindOf(spec: AgentSpec): CompareRow['kind'] {
  if (spec.type === 'fixed') return 'fixed';
  if (spec.type === 'module') return 'custom';
  return 'learned';
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
