/**
 * `memgym sweep --config configs/sweep-*.json`: a grid and/or seeded random search over a learner's
 * hyperparameters and env kwargs (`env.` names; see src/experiment/sweep.ts), run as one comparison — the
 * same cells, `--workers`, `--queue`, resume and outputs as `compare` — then ranked by held-out accuracy
 * with 95% CIs over seeds: a ranked table, `sweep.csv` / `sweep.json` and `sweep.html` with accuracy
 * against each swept value. The random policy and the oracle run too on every env of the sweep (two cheap
 * evaluations a seed each), so that every point also gets its normalised score (random 0, oracle 1) on
 * its own env (see src/experiment/sweep-plan.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryEnvKwargsSchema } from '../../../envs/common/family.js';
import { canonicalJson } from '../../experiment/cell-key.js';
import { sweepComparison } from '../../experiment/sweep-plan.js';
import {
  ENV_PREFIX,
  rankSweep,
  expandSweep,
  setPath,
  type RankedPoint,
  type SweepDistribution,
  type SweepPoint,
  type SweepValue,
} from '../../experiment/sweep.js';
import { toCsv } from '../../report/csv.js';
import { htmlReport, htmlTable } from '../../report/html.js';
import { linePlot } from '../../report/svg.js';
import { formatMeanCi, formatTable } from '../../report/table.js';
import { z } from 'zod';
import { agentEntry } from '../../experiment/agent-spec-schema.js';
import { array, looseRecord, number, requiredUnknown } from '../../util/schemas.js';
import { configSchema, parseConfig } from '../../util/zod-config.js';
import { ConfigError } from '../../util/errors.js';
import type { Command, CommandContext } from '../command.js';
import { loadCommandConfig, packagedConfig } from '../shared.js';
import { CELL_FLAGS, compareConfigSchema, executeComparison, parseEnvEntry } from './compare.js';

/** The sweep config. */
export const sweepConfigSchema = configSchema({
  /** One env entry, as in compare's `envs`. */
  env: requiredUnknown(),
  /** The learner entry every point starts from. */
  agent: agentEntry.prefault({ type: 'ppo' }),
  /** Every combination of these values (names: hyperparameters, `network.` options, `env.` kwargs). */
  grid: z.record(z.string(), array(z.unknown(), { minLength: 1 })).prefault({}),
  /** Seeded random search: `samples` points, each name drawn from its distribution. */
  random: z
    .strictObject({
      samples: number({ integer: true, min: 1, max: 1000 }),
      seed: number({ integer: true, min: 0 }).default(0),
      /** Per name: { "uniform": [lo, hi] }, { "logUniform": [lo, hi] }, { "intUniform": [lo, hi] } or { "choice": [...] }. */
      space: looseRecord(),
    })
    .optional(),
  seeds: z.unknown().optional(),
  training: z.unknown().optional(),
  eval: z.unknown().optional(),
  budget: z.unknown().optional(),
  backend: z.string().optional(),
});
export type SweepConfig = z.output<typeof sweepConfigSchema>;

/**
 * Checks a swept env kwarg (an `env.` name) and its values against the env kwargs schema, the one the env
 * constructors validate with: an unknown name gets the same error and "did you mean" (`grid.env.slotCosst:
 * unknown key "slotCosst"; did you mean "slotCost"?`), a bad value the same "expected …, got …".
 */
function checkEnvName(name: string, values: readonly unknown[], path: string): void {
  if (!name.startsWith(ENV_PREFIX)) return;
  const key = name.slice(ENV_PREFIX.length);
  if (key.split('.').some((part) => part === '')) {
    throw new ConfigError(
      `${path}.${name}`,
      `expected an env kwarg after "${ENV_PREFIX}" (like env.slotCost), got ${JSON.stringify(name)}`,
    );
  }
  for (const v of values) parseConfig(memoryEnvKwargsSchema, setPath({}, key, v), `${path}.env`);
}

/** The points of a sweep config; a bad base agent, an unknown env kwarg or an empty sweep is a ConfigError. */
export function sweepPoints(config: SweepConfig): SweepPoint[] {
  const base = config.agent;
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof (base as { type?: unknown }).type !== 'string') {
    throw new ConfigError('agent', `expected a learner entry like { "type": "ppo", "hyperparameters": {…} }, got ${JSON.stringify(base)}`);
  }
  if (Object.keys(config.grid).length === 0 && config.random === undefined) {
    throw new ConfigError('grid', 'expected a grid or a random search with at least one swept name, got neither');
  }
  const isValue = (v: unknown): v is SweepValue =>
    typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  for (const [name, values] of Object.entries(config.grid)) {
    values.forEach((v, i) => {
      if (!isValue(v)) throw new ConfigError(`grid.${name}[${i}]`, `expected a number, string or boolean, got ${JSON.stringify(v)}`);
    });
    checkEnvName(name, values, 'grid');
  }
  const space: Record<string, SweepDistribution> = {};
  for (const [name, d] of Object.entries(config.random?.space ?? {})) {
    const path = `random.space.${name}`;
    const keys = d !== null && typeof d === 'object' ? Object.keys(d) : [];
    const kind = keys[0];
    if (keys.length !== 1 || (kind !== 'uniform' && kind !== 'logUniform' && kind !== 'intUniform' && kind !== 'choice')) {
      throw new ConfigError(
        path,
        `expected one of { "uniform" | "logUniform" | "intUniform": [low, high] } or { "choice": [...] }, got ${JSON.stringify(d)}`,
      );
    }
    const arg = (d as Record<string, unknown>)[kind];
    if (kind === 'choice') {
      if (!Array.isArray(arg) || arg.length === 0 || !arg.every(isValue))
        throw new ConfigError(path, `expected a non-empty list of numbers, strings or booleans, got ${JSON.stringify(arg)}`);
      checkEnvName(name, arg, 'random.space');
      space[name] = { choice: arg };
      continue;
    }
    if (
      !Array.isArray(arg) ||
      arg.length !== 2 ||
      !arg.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
      !((arg[0] as number) < (arg[1] as number))
    ) {
      throw new ConfigError(path, `expected [low, high] with low < high, got ${JSON.stringify(arg)}`);
    }
    const range: [number, number] = [arg[0] as number, arg[1] as number];
    if (kind === 'logUniform' && !(range[0] > 0))
      throw new ConfigError(path, `expected a positive logUniform range, got [${range.join(', ')}]`);
    if (kind === 'intUniform' && !range.every(Number.isInteger))
      throw new ConfigError(path, `expected integer bounds, got [${range.join(', ')}]`);
    checkEnvName(name, range, 'random.space');
    space[name] = kind === 'uniform' ? { uniform: range } : kind === 'logUniform' ? { logUniform: range } : { intUniform: range };
  }
  return expandSweep({
    base: base as Record<string, unknown>,
    grid: config.grid as Record<string, SweepValue[]>,
    ...(config.random ? { random: { samples: config.random.samples, seed: config.random.seed, space } } : {}),
  });
}

function sweptNames(points: readonly SweepPoint[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.params)))];
}

function writeSweep(dir: string, ranked: readonly RankedPoint[], names: readonly string[]): string {
  const rows = ranked.map((r) => ({
    rank: r.rank,
    env: r.row.env,
    agent: r.row.agent,
    ...Object.fromEntries(names.map((n) => [n, r.point.params[n] ?? null])),
    accuracy: r.row.accuracy,
    ciLow: r.row.ciLow,
    ciHigh: r.row.ciHigh,
    normalisedScore: r.row.normalisedScore,
    seeds: r.row.seedAccuracies.length,
  }));
  writeFileSync(join(dir, 'sweep.csv'), toCsv(rows));
  writeFileSync(join(dir, 'sweep.json'), `${JSON.stringify({ swept: names, points: rows }, null, 2)}\n`);
  const plots = names
    .filter((n) => ranked.every((r) => typeof r.point.params[n] === 'number'))
    .map((n) => ({
      heading: `Accuracy against ${n}`,
      html: linePlot({
        title: `Held-out accuracy against ${n} (mean and 95% CI over seeds)`,
        xLabel: n,
        yLabel: 'accuracy',
        markers: true,
        series: [
          {
            name: n,
            points: [...ranked]
              .map((r) => ({ x: r.point.params[n] as number, y: r.row.accuracy, low: r.row.ciLow, high: r.row.ciHigh }))
              .sort((a, b) => a.x - b.x),
          },
        ],
      }),
    }));
  const table = htmlTable({
    columns: ['rank', 'agent', ...names, 'accuracy', '95% CI'],
    rows: ranked.map((r) => [
      r.rank,
      r.point.name,
      ...names.map((n) => String(r.point.params[n] ?? '')),
      r.row.accuracy,
      `${r.row.ciLow.toFixed(3)} – ${r.row.ciHigh.toFixed(3)}`,
    ]),
    highlight: (row) => row === 0,
  });
  const path = join(dir, 'sweep.html');
  writeFileSync(
    path,
    htmlReport({
      title: 'memgym sweep',
      subtitle: `${ranked.length} points ranked by held-out accuracy`,
      sections: [{ heading: 'Ranking', html: table }, ...plots],
      meta: { run: dir },
    }),
  );
  return path;
}

async function run(ctx: CommandContext): Promise<number> {
  const config = loadCommandConfig(ctx, sweepConfigSchema, packagedConfig('sweep-ppo-recall.json'));
  const points = sweepPoints(config);
  // the same values twice (labels may round alike: the comparison tells such points apart, see sweep-plan.ts)
  const seen = new Set<string>();
  for (const p of points) {
    const values = canonicalJson(p.params);
    if (seen.has(values)) throw new ConfigError('grid', `expected distinct sweep points, got "${p.name}" twice`);
    seen.add(values);
  }
  const layout = sweepComparison(points, parseEnvEntry(config.env, 'env'));
  const compare = parseConfig(
    compareConfigSchema,
    Object.fromEntries(
      Object.entries({
        envs: layout.envs,
        agents: layout.agents,
        seeds: config.seeds,
        training: config.training,
        eval: config.eval,
        budget: config.budget,
        backend: config.backend,
      }).filter(([, v]) => v !== undefined),
    ),
    'config',
  );
  const { result, runDir, code } = await executeComparison(
    ctx,
    compare,
    ctx.global.config ?? packagedConfig('sweep-ppo-recall.json'),
    'sweep',
    layout.envAgents,
  );
  const ranked = rankSweep(points, result.rows, (i) => layout.pointRows[i]);
  const swept = sweptNames(points);
  const report = writeSweep(runDir.dir, ranked, swept);
  ctx.print('\nsweep ranking (held-out accuracy, mean ± 95% CI over seeds):');
  ctx.print(
    formatTable(
      ['rank', ...swept, 'accuracy ± 95% CI', 'normalised'],
      ranked.map((r) => [
        r.rank,
        ...swept.map((n) => String(r.point.params[n] ?? '')),
        formatMeanCi(r.row.accuracy, r.row.halfWidth),
        r.row.normalisedScore,
      ]),
    ),
  );
  ctx.print(`\nsweep report: ${report}`);
  return code;
}

const command: Command = {
  name: 'sweep',
  summary: 'Grid / seeded random search over a learner’s hyperparameters and env kwargs, ranked by held-out accuracy with CIs over seeds.',
  usage: 'memgym sweep --config configs/sweep-ppo-recall.json [--seed N] [--out DIR] [--workers N | --queue redis://HOST:PORT]',
  flags: CELL_FLAGS,
  run,
};
export default command;
