/**
 * memgym's public API. Importing it registers every task family's env ids in the default registry.
 *
 * ```ts
 * import { make, selectBackend, makeFixedPolicy } from 'memgym';
 * await selectBackend();                                  // tensorflow-gpu → tensorflow → wasm → cpu
 * const env = make('memgym/Recall-Easy-v0');              // the pretrained MAT answers the queries
 * const agent = makeFixedPolicy('lru');
 * let { observation, info } = env.reset({ seed: 0 });
 * for (let done = false; !done; ) {
 *   const step = env.step(agent.act(observation, info));
 *   ({ observation, info } = step);
 *   done = step.terminated || step.truncated;
 * }
 * ```
 */
export * from './core/index.js';
export * from './memory/index.js';
export {
  BACKEND_ORDER,
  currentBackend,
  selectBackend,
  type BackendName,
  type BackendSelection,
  DEFAULT_MAT_CONFIG,
  type MatConfig,
  Mat,
  pretrain,
  type PretrainOptions,
  type PretrainResult,
  loadModel,
  saveModel,
} from './model/index.js';
export * from './rl/index.js';
export * as report from './report/index.js';
export { Rng, entropySeed } from './util/rng.js';
export * from './util/errors.js';
export { createLogger, silentLogger, type Logger } from './util/logger.js';
export { createProgress, silentProgress, type Progress } from './util/progress.js';
export { compileExpression } from './util/expr.js';
export { configErrorOf, configSchema, loadConfigFile, parseConfig } from './util/zod-config.js';

// Environments
export { FAMILIES, familyOf, registerAll } from '../envs/index.js';
export { ActionLayout, NOOP, RETRIEVE, STORE_AUTO, STORE_BASE } from '../envs/common/actions.js';
export { memoryObservationSpace, type MemoryObservation } from '../envs/common/observation.js';
// The observation's feature names and indices (the one memory layout), for custom agents.
export { GLOBAL_FEATURES, MEMORY_OPS, SLOT, SLOT_FEATURES } from './memory/layout.js';
export { MemoryEnv } from '../envs/common/memory-env.js';
export { MemoryVectorEnv } from '../envs/common/memory-vector-env.js';
export { IdealReader } from '../envs/common/ideal-reader.js';
export { MatReader } from '../envs/common/mat-reader.js';
export type { MemoryReader, AnswerRequest } from '../envs/common/reader.js';
export {
  buildTask,
  memoryEnvKwargsSchema,
  presetId,
  registerFamily,
  type FamilyDefinition,
  type MemoryEnvKwargs,
} from '../envs/common/family.js';
export type { Episode, EpisodeGenerator } from '../envs/common/episode.js';
export type { FamilyPreset, PresetName } from '../envs/common/preset.js';

// Agents
export { PpoAgent, PPO_DEFAULTS, type PpoHyperparameters } from '../agents/ppo.js';
export { A2cAgent } from '../agents/a2c.js';
export { ReinforceAgent } from '../agents/reinforce.js';
export { BcAgent, BC_DEFAULTS, oracleExpert, type BcHyperparameters } from '../agents/bc.js';
export { DaggerAgent, DAGGER_DEFAULTS, type DaggerHyperparameters } from '../agents/dagger.js';
export { CemAgent, CEM_DEFAULTS, type CemHyperparameters, type CemOptions } from '../agents/cem.js';
export { KEY_COUNT_THETA, RULE_FEATURES, RULE_PARAMS, decideLinearRule, itemValue, slotValue } from '../agents/linear-rule.js';
export * from '../agents/fixed/index.js';

// Experiments (what the CLI runs)
export {
  DEFAULT_INIT_TIMESTEPS,
  IMITATION_TYPES,
  LEARNER_TYPES,
  buildAgent,
  checkAgentSpec,
  checkAgentSpecs,
  makeLearner,
  parseAgentSpec,
  type AgentSpec,
  type BuiltAgent,
  type Learner,
  type LearnerType,
} from './experiment/agents.js';
export { makeMemoryVectorEnv, memoryEnvRecipe, type MemoryEnvRecipeArgs } from './experiment/envs.js';
export {
  evaluateAgent,
  evaluateAgentAsync,
  summarizeEpisodes,
  type EpisodeMetrics,
  type EvaluationSummary,
} from './experiment/evaluate.js';
export { trainLearner, type TrainLearnerOptions, type TrainLearnerResult } from './experiment/train.js';
export {
  expandSweep,
  rankSweep,
  type RankedPoint,
  type SweepDistribution,
  type SweepPoint,
  type SweepSpace,
  type SweepValue,
} from './experiment/sweep.js';
export {
  budgetedEnv,
  runComparison,
  type CellEvent,
  type ComparePlan,
  type CompareFailure,
  type CompareResult,
  type CompareRow,
  type RunComparisonOptions,
} from './experiment/compare.js';
export { runCell, type CellResult, type CompareCell } from './experiment/compare-cell.js';
export { planCells, type PlanCellsOptions } from './experiment/compare-cells.js';
export { canonicalJson, codeVersion, contentKey, type CodeVersion } from './experiment/cell-key.js';
export {
  BUDGET_MODES,
  DEFAULT_ADAPTIVE_SLOT_COST,
  budgetKwargs,
  measureBudget,
  type BudgetMode,
  type EnvBudget,
} from './experiment/compare-budget.js';
export { MAX_EPISODES, MAX_NUM_ENVS, MAX_SEED, MAX_TIMESTEPS } from './experiment/limits.js';
