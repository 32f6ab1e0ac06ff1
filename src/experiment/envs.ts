/**
 * Memory envs by registered id, as vector envs with the MAT batched across sub-envs: the registry's
 * `makeVec` through the env's vector entry point (an unknown id is an `UnknownEnvError` naming the
 * closest id; the spec's kwargs — its preset — are merged with the caller's).
 */
import { defaultRegistry, type Registry } from '../core/registry.js';
import type { RolloutEnvRecipe } from '../rl/rollout-messages.js';
import type { AutoresetMode } from '../core/vector.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import '../../envs/index.js'; // registers the memory envs in the default registry
import { ConfigError } from '../util/errors.js';

/** A vector env of `numEnvs` sub-envs of the registered memory env `id`. */
export function makeMemoryVectorEnv(
  id: string,
  kwargs: Record<string, unknown> = {},
  numEnvs = 1,
  autoresetMode: AutoresetMode = 'next-step',
  registry: Registry = defaultRegistry,
): MemoryVectorEnv {
  const env = registry.makeVec(id, { numEnvs, kwargs, autoresetMode });
  if (!(env instanceof MemoryVectorEnv)) {
    env.close();
    throw new ConfigError('env', `expected a memory env (one with a MemoryVectorEnv vector entry point), got "${id}"`);
  }
  return env;
}

/** The arguments of {@link makeRolloutMemoryEnv}: a registered memory env, as {@link makeMemoryVectorEnv} takes it. */
export interface MemoryEnvRecipeArgs {
  id: string;
  kwargs: Record<string, unknown>;
  autoresetMode: AutoresetMode;
}

/**
 * The recipe rollout worker processes rebuild `makeMemoryVectorEnv(id, kwargs, B, autoresetMode)` from
 * (each its share of the B sub-envs; the default registry's ids only).
 */
export function memoryEnvRecipe(
  id: string,
  kwargs: Record<string, unknown> = {},
  autoresetMode: AutoresetMode = 'next-step',
): RolloutEnvRecipe {
  const args: MemoryEnvRecipeArgs = { id, kwargs, autoresetMode };
  return { module: import.meta.url, exportName: 'makeRolloutMemoryEnv', args };
}

/** The rollout env factory of {@link memoryEnvRecipe} (run in a worker process). */
export function makeRolloutMemoryEnv(args: unknown, numEnvs: number): MemoryVectorEnv {
  const a = args as MemoryEnvRecipeArgs;
  return makeMemoryVectorEnv(a.id, a.kwargs, numEnvs, a.autoresetMode);
}
