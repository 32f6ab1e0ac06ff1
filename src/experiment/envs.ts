/**
 * Memory envs by registered id, as vector envs with the MAT batched across sub-envs. The id is resolved
 * through the registry (an unknown id is an `UnknownEnvError` naming the closest id); the spec's kwargs
 * (its preset) are merged with the caller's.
 */
import { defaultRegistry, mergeKwargs, type Registry } from '../core/registry.js';
import type { AutoresetMode } from '../core/vector.js';
import { buildTask } from '../../envs/common/family.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import { familyOf } from '../../envs/index.js';

/** A vector env of `numEnvs` sub-envs of the registered memory env `id`. */
export function makeMemoryVectorEnv(
  id: string,
  kwargs: Record<string, unknown> = {},
  numEnvs = 1,
  autoresetMode: AutoresetMode = 'next-step',
  registry: Registry = defaultRegistry,
): MemoryVectorEnv {
  const spec = registry.spec(id);
  const def = familyOf(spec.id);
  const merged = mergeKwargs(spec.kwargs ?? {}, kwargs);
  return new MemoryVectorEnv(buildTask(def, merged, `${id} kwargs`), numEnvs, autoresetMode);
}
