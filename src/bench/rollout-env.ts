/**
 * The bench's PPO env as a rollout env recipe, for the PPO bench with rollout worker processes: each
 * worker rebuilds the family preset's task with a random-init MAT of the same config and seed as the
 * learner's (the weights do not change the speed, and the same seed gives the same weights anyway).
 */
import { familyOf } from '../../envs/index.js';
import type { PresetName } from '../../envs/common/preset.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { MatConfig } from '../model/config.js';
import type { RolloutEnvRecipe } from '../rl/rollout-messages.js';
import { benchTask, createBenchMat } from './env.js';

/** The arguments of {@link makeBenchRolloutEnv}. */
export interface BenchEnvArgs {
  family: string;
  preset: PresetName;
  /** The MAT overrides and seed of the learner's bench MAT. */
  mat: Partial<MatConfig>;
}

/** The recipe of the bench's PPO env (`next-step` autoreset, as {@link benchPpo} builds it). */
export function benchRolloutEnv(args: BenchEnvArgs): RolloutEnvRecipe {
  return { module: import.meta.url, exportName: 'makeBenchRolloutEnv', args };
}

/** The rollout env factory of {@link benchRolloutEnv} (run in a worker process; its MAT lives as long as the worker). */
export function makeBenchRolloutEnv(args: unknown, numEnvs: number): MemoryVectorEnv {
  const a = args as BenchEnvArgs;
  const def = familyOf(a.family);
  const mat = createBenchMat(def, a.preset, a.mat);
  return new MemoryVectorEnv(benchTask(def, a.preset, mat), numEnvs, 'next-step');
}
