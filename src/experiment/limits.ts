/**
 * Upper bounds on the counts a run accepts (documented in the README's Reference). They catch typos like
 * `--episodes 1000000000` that would otherwise run for days, and keep every derived episode seed an exact
 * integer.
 */
import { ConfigError } from '../util/errors.js';

/** Evaluation episodes per run (eval) or per seed (compare, train). */
export const MAX_EPISODES = 100_000;
/** Training env steps. */
export const MAX_TIMESTEPS = 1_000_000_000;
/** Sub-envs of a vector env. */
export const MAX_NUM_ENVS = 4096;
/** Seeds are non-negative safe integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Checks that `count` consecutive seeds from `base` stay exact integers (episode seeds are
 * `base + k`; past 2^53 consecutive seeds collapse into the same one and every episode is the same).
 */
export function checkSeedRange(path: string, base: number, count: number): void {
  const last = base + Math.max(count - 1, 0);
  if (!Number.isSafeInteger(last)) {
    throw new ConfigError(path, `expected seeds whose episodes (seed + 0 … seed + ${count - 1}) stay at most 2^53 − 1, got ${base}`);
  }
}
