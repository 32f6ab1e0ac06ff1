/**
 * A comparison as a list of cells, in the fixed merge order (env, then seed, then agent), each with its
 * content key: the sha256 of a canonical JSON of what determines its result (see `cell-key.ts`):
 *
 * - the env entry (name, id, kwargs under the budget mode) and the budget mode;
 * - the agent spec, plus the contents of the files it names (a module and the files it imports
 *   relatively, a saved agent, an `init` agent);
 * - the seed, the evaluation settings (episodes, seed, numEnvs, policy), the training settings (learners
 *   only: a fixed policy's result does not depend on them), and the slot sweep (first seed only);
 * - the code version (package version, source-tree hash, tfjs and Node versions) and the tfjs backend.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { isImitationType, LEARNER_TYPES, specField, type AgentSpec } from './agents.js';
import { codeVersion, contentKey, hashFiles, type CodeVersion } from './cell-key.js';
import type { CompareCell } from './compare-cell.js';
import { budgetedEnv } from './compare-budget.js';
import type { ComparePlan } from './compare.js';
import { DEFAULT_EVAL_POLICY } from './evaluate.js';
import { moduleFiles } from './module-files.js';

/** Bumped when the meaning of a stored cell result changes. */
export const CELL_FORMAT = 1;

/** Options of {@link planCells}. */
export interface PlanCellsOptions {
  /** The run directory (cells write training logs and agents below it). */
  outDir: string;
  /** The tfjs backend the cells run on. */
  backend: string;
  /** Default: this package's {@link codeVersion}. */
  code?: CodeVersion;
}

/**
 * Whether the spec may be trained in its cell (so the training settings matter): every learner, and every
 * module agent (trained when it has `learn`, which is only known once it is loaded).
 */
export function trainsInCell(spec: AgentSpec): boolean {
  return (LEARNER_TYPES as readonly string[]).includes(spec.type) || spec.type === 'module';
}

/**
 * sha256 of the files an agent spec names, '' when none: its module with the files the module imports by
 * relative paths, transitively (see `module-files.ts`), and the folders of its saved agent and `init`
 * agent. Relative paths are taken from the working directory, as the agent loader takes them.
 */
export function agentFilesHash(spec: AgentSpec, cwd: string = process.cwd()): string {
  const init = specField(spec, 'init');
  const folders = [specField(spec, 'checkpoint'), init !== undefined && !isImitationType(init) ? init : undefined]
    .filter((p): p is string => p !== undefined)
    .map((p) => resolve(cwd, p));
  const module = specField(spec, 'module');
  const paths = [...(module === undefined ? [] : moduleFiles(module, cwd)), ...folders];
  if (paths.length === 0) return '';
  const hash = createHash('sha256');
  hashFiles(hash, paths, '/');
  return hash.digest('hex');
}

/** Everything that determines a cell's result (hashed into its key). */
export function cellKeyInput(
  plan: ComparePlan,
  envIndex: number,
  seedIndex: number,
  agentIndex: number,
  backend: string,
  code: CodeVersion,
): Record<string, unknown> {
  const mode = plan.budget ?? 'fixed';
  const env = budgetedEnv(at(plan.envs, envIndex, 'envs'), mode);
  const spec = at(plan.agents, agentIndex, 'agents');
  const seed = at(plan.seeds, seedIndex, 'seeds');
  return {
    format: CELL_FORMAT,
    code,
    backend,
    env: { name: env.name, id: env.id, kwargs: env.kwargs, budget: mode },
    agent: spec,
    agentFiles: agentFilesHash(spec),
    seed,
    training: trainsInCell(spec) ? plan.training : undefined,
    evaluation: { ...plan.evaluation, policy: plan.evaluation.policy ?? DEFAULT_EVAL_POLICY },
    slotSweep: seedIndex === 0 ? plan.slotSweep : [],
  };
}

function at<T>(list: readonly T[], i: number, what: string): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`expected an index into the plan's ${what} (0 … ${list.length - 1}), got ${i}`);
  return v;
}

/** The cells of a plan in merge order: env, then seed, then agent (only `envAgents`' agents, when given). */
export function planCells(plan: ComparePlan, opts: PlanCellsOptions): CompareCell[] {
  const code = opts.code ?? codeVersion();
  const mode = plan.budget ?? 'fixed';
  const cells: CompareCell[] = [];
  plan.envs.forEach((planned, envIndex) => {
    const env = budgetedEnv(planned, mode);
    plan.seeds.forEach((seed, seedIndex) => {
      plan.agents.forEach((spec, agentIndex) => {
        if (plan.envAgents !== undefined && !(plan.envAgents[envIndex] ?? []).includes(agentIndex)) return;
        cells.push({
          key: contentKey(cellKeyInput(plan, envIndex, seedIndex, agentIndex, opts.backend, code)),
          envIndex,
          seedIndex,
          agentIndex,
          env,
          spec,
          seed,
          baseSeed: plan.evaluation.seed + seed * 1_000_000,
          training: plan.training,
          evaluation: plan.evaluation,
          slotSweep: seedIndex === 0 ? plan.slotSweep : [],
          outDir: opts.outDir,
        });
      });
    });
  });
  return cells;
}
