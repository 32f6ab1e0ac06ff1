/**
 * Hyperparameter sweeps as comparisons: a grid (every combination of the listed values) and/or a seeded
 * random search (each point drawn from per-parameter distributions) over one learner entry become one
 * agent entry per point, named by its values, and run on the same cell machinery as `compare` (in-process,
 * `--workers`, or the queue); the points are then ranked by held-out accuracy with their CIs over seeds.
 *
 * A swept name is a hyperparameter of the learner (`learningRate`, `entCoef`, …), with a `network.`
 * prefix a network option (`network.slotHidden`), or with an `env.` prefix an env kwarg (`env.slotCost`,
 * `env.params.numKeys`, `env.relevance.alpha`: a dotted path into the kwargs). A point's env kwargs apply
 * to the env its agent trains and is evaluated on (see `sweep-plan.ts`: one env entry per distinct set of
 * env values, with its own random and oracle for the normalised score).
 */
import { Rng } from '../util/rng.js';
import type { CompareRow } from './compare.js';

/** A swept value. */
export type SweepValue = number | string | boolean;

/** How a random-search parameter is drawn. */
export type SweepDistribution =
  | { uniform: [number, number] }
  | { logUniform: [number, number] }
  | { intUniform: [number, number] }
  | { choice: SweepValue[] };

/** The prefix of swept names that are env kwargs. */
export const ENV_PREFIX = 'env.';

/** One point of a sweep: its label, its values, the agent entry that runs it and the env kwargs it sets. */
export interface SweepPoint {
  /** Every swept value (`ppo learningRate=0.001 env.slotCost=0.01`). */
  name: string;
  params: Record<string, SweepValue>;
  /** Named by the point's agent values alone: points that differ only in env kwargs share it. */
  agent: Record<string, unknown>;
  /** The env kwargs of the `env.` names, nested (`env.relevance.alpha` → `{ relevance: { alpha } }`); {} when none. */
  envKwargs: Record<string, unknown>;
  /** The env values as a label (`slotCost=0.01`), '' when no env kwarg is swept. */
  envLabel: string;
}

/** What {@link expandSweep} needs. */
export interface SweepSpace {
  /** The learner entry every point starts from (`{ "type": "ppo", "hyperparameters": {…} }`). */
  base: Record<string, unknown>;
  /** Every combination of these values (key order = nesting order, the first key slowest). */
  grid?: Record<string, SweepValue[]>;
  /** `samples` points drawn from `space` with `Rng(seed)`; combined with every grid point when both are given. */
  random?: { samples: number; seed: number; space: Record<string, SweepDistribution> };
}

function draw(d: SweepDistribution, rng: Rng): SweepValue {
  if ('uniform' in d) return rng.uniform(d.uniform[0], d.uniform[1]);
  if ('logUniform' in d) return Math.exp(rng.uniform(Math.log(d.logUniform[0]), Math.log(d.logUniform[1])));
  if ('intUniform' in d) return d.intUniform[0] + Math.floor(rng.uniform(0, d.intUniform[1] - d.intUniform[0] + 1));
  return rng.choice(d.choice);
}

function label(v: SweepValue): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v);
}

/** `kwargs` with `value` at the dotted `path` (nested objects copied, not changed). */
export function setPath(kwargs: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const key = head as string;
  if (rest.length === 0) return { ...kwargs, [key]: value };
  const inner = kwargs[key];
  const child = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { ...kwargs, [key]: setPath(child, rest.join('.'), value) };
}

/** The agent entry of `base` with `params` applied (hyperparameters, or `network.` options). */
function withParams(base: Record<string, unknown>, params: Record<string, SweepValue>, name: string): Record<string, unknown> {
  const hyperparameters = { ...((base.hyperparameters as Record<string, unknown> | undefined) ?? {}) };
  const network = { ...((base.network as Record<string, unknown> | undefined) ?? {}) };
  let usesNetwork = base.network !== undefined;
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith('network.')) {
      network[key.slice('network.'.length)] = value;
      usesNetwork = true;
    } else hyperparameters[key] = value;
  }
  return { ...base, name, hyperparameters, ...(usesNetwork ? { network } : {}) };
}

/** The points of a sweep, grid first (in nesting order), each with every random draw. */
export function expandSweep(space: SweepSpace): SweepPoint[] {
  let combos: Record<string, SweepValue>[] = [{}];
  for (const [key, values] of Object.entries(space.grid ?? {})) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  if (space.random) {
    const rng = new Rng(`sweep/${space.random.seed}`);
    const draws = Array.from({ length: space.random.samples }, () =>
      Object.fromEntries(Object.entries(space.random?.space ?? {}).map(([k, d]) => [k, draw(d, rng)])),
    );
    combos = combos.flatMap((c) => draws.map((d) => ({ ...c, ...d })));
  }
  const type = String(space.base.type ?? 'ppo');
  const named = (values: [string, SweepValue][]): string => values.map(([k, v]) => `${k}=${label(v)}`).join(' ');
  return combos.map((params) => {
    const entries = Object.entries(params);
    const agentParams = entries.filter(([k]) => !k.startsWith(ENV_PREFIX));
    const envParams = entries
      .filter(([k]) => k.startsWith(ENV_PREFIX))
      .map(([k, v]): [string, SweepValue] => [k.slice(ENV_PREFIX.length), v]);
    const agentName = agentParams.length > 0 ? `${type} ${named(agentParams)}` : type;
    const name = entries.length > 0 ? `${type} ${named(entries)}` : type;
    const envKwargs = envParams.reduce<Record<string, unknown>>((kw, [k, v]) => setPath(kw, k, v), {});
    return {
      name,
      params,
      agent: withParams(space.base, Object.fromEntries(agentParams), agentName),
      envKwargs,
      envLabel: named(envParams),
    };
  });
}

/** A ranked sweep point: its values and the comparison row of its agent on its env. */
export interface RankedPoint {
  rank: number;
  point: SweepPoint;
  row: CompareRow;
}

/**
 * The points ranked by mean accuracy over seeds (best first); points without a row (failed) are left out.
 * `rowOf` gives the labels of a point's row, by index (default: its agent's name, on any env).
 */
export function rankSweep(
  points: readonly SweepPoint[],
  rows: readonly CompareRow[],
  rowOf: (index: number) => { env?: string; agent: string } | undefined = () => undefined,
): RankedPoint[] {
  return points
    .flatMap((point, i) => {
      const { env, agent } = rowOf(i) ?? { agent: String(point.agent.name) };
      const row = rows.find((r) => r.agent === agent && (env === undefined || r.env === env));
      return row && Number.isFinite(row.accuracy) ? [{ point, row }] : [];
    })
    .sort((a, b) => b.row.accuracy - a.row.accuracy)
    .map((p, i) => ({ rank: i + 1, ...p }));
}
