/**
 * Hyperparameter sweeps as comparisons: a grid (every combination of the listed values) and/or a seeded
 * random search (each point drawn from per-parameter distributions) over one learner entry become one
 * agent entry per point, named by its values, and run on the same cell machinery as `compare` (in-process,
 * `--workers`, or the queue); the points are then ranked by held-out accuracy with their CIs over seeds.
 *
 * A swept name is a hyperparameter of the learner (`learningRate`, `entCoef`, …) or, with a `network.`
 * prefix, a network option (`network.slotHidden`). Env kwargs are not swept here: a sweep over env
 * settings is a comparison over several env entries (`compare` with one env entry per setting).
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

/** One point of a sweep: its label, its values and the agent entry that runs it. */
export interface SweepPoint {
  name: string;
  params: Record<string, SweepValue>;
  agent: Record<string, unknown>;
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
  return combos.map((params) => {
    const values = Object.entries(params).map(([k, v]) => `${k}=${label(v)}`);
    const name = values.length > 0 ? `${type} ${values.join(' ')}` : type;
    return { name, params, agent: withParams(space.base, params, name) };
  });
}

/** A ranked sweep point: its values and the comparison row of its agent. */
export interface RankedPoint {
  rank: number;
  point: SweepPoint;
  row: CompareRow;
}

/** The points ranked by mean accuracy over seeds (best first); points without a row (failed) are left out. */
export function rankSweep(points: readonly SweepPoint[], rows: readonly CompareRow[]): RankedPoint[] {
  const byName = new Map(rows.map((r) => [r.agent, r]));
  return points
    .flatMap((point) => {
      const row = byName.get(point.name);
      return row && Number.isFinite(row.accuracy) ? [{ point, row }] : [];
    })
    .sort((a, b) => b.row.accuracy - a.row.accuracy)
    .map((p, i) => ({ rank: i + 1, ...p }));
}
