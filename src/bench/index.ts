/**
 * Benchmarks (`memgym bench`, `npm run bench`): env steps/s (single env and VectorEnv, random policy, MAT
 * in the loop), PPO training steps/s end to end, MAT forward items/s and GFLOP/s — per backend, printed
 * as a table with ratios and written as JSON. Performance is measured here, never by timed tests.
 */
export {
  type BackendBenchSettings,
  benchConfigSchema,
  type BenchConfig,
  type EnvBenchConfig,
  loadBenchConfig,
  type ModelBenchConfig,
  parseBenchConfig,
  type PpoBenchConfig,
  settingsFor,
} from './config.js';
export { benchEnv, benchMatConfig, type BenchReader, benchTask, createBenchMat, type EnvBenchOptions, type EnvBenchResult } from './env.js';
export { type BenchFigures, benchModelForward, type BenchModelOptions, type BenchModelResult } from './model.js';
export { benchPpo, type PpoBenchOptions, type PpoBenchResult } from './ppo.js';
export { type BackendBenchResult, type EnvBenchEntry, runSuite, type RunSuiteOptions, suitePlan, type SuiteProgress } from './suite.js';
export { availableBackends, resolveBackends, runBench, type RunBenchOptions, runSuiteInChild } from './run.js';
export {
  BENCH_FORMAT,
  type BenchRatio,
  type BenchReport,
  type BenchRow,
  benchVersions,
  buildReport,
  collectRatios,
  collectRows,
  formatNumber,
  formatReport,
  machineInfo,
  type MachineInfo,
} from './report.js';
export { perSecond, type TimedRun, timeLoop, type TimeLoopOptions } from './timing.js';
