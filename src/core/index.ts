/** Public API of the memgym core: env contract, spaces, wrappers, vector env, registry, checker. */
export type { Env, EnvSpec, Info, MaskedEnv, ResetOptions, ResetResult, StepResult } from './env.js';
export { hasActionMasks } from './env.js';
export type { Space } from './space.js';
export type {
  AutoresetMode,
  VectorEnv,
  VectorResetOptions,
  VectorResetResult,
  VectorStepResult,
} from './vector.js';
export * from './spaces/index.js';
export * from './wrappers/index.js';
export { SyncVectorEnv, type SyncVectorEnvOptions } from './sync-vector-env.js';
export {
  ENV_ID_PATTERN,
  Registry,
  defaultRegistry,
  list,
  make,
  makeVec,
  mergeKwargs,
  register,
  spec,
  type MakeOptions,
  type MakeVecOptions,
  type RegisterOptions,
} from './registry.js';
export { assertEnv, checkEnv, type CheckEnvOptions, type CheckEnvResult, type EnvCheck } from './check-env.js';
