import type { Info, ResetOptions } from './env.js';
import type { Space } from './space.js';

/**
 * When a sub-env's episode ends, how the vector env starts the next one (Gymnasium 1.x names).
 * - `next-step`: the step that ends the episode returns the final observation; the *next* `step`
 *   call resets that sub-env (its action is ignored, reward 0, terminated = truncated = false)
 *   and returns the first observation of the new episode.
 * - `same-step`: the sub-env is reset inside the step that ended it; the returned observation is
 *   the new episode's first one, and the final observation/info are in `infos[i].finalObservation`
 *   and `infos[i].finalInfo`.
 */
export type AutoresetMode = 'next-step' | 'same-step';

export interface VectorResetOptions {
  /** A number seeds sub-env i with seed + i; an array gives each its own seed. */
  seed?: number | readonly number[];
  options?: ResetOptions['options'];
}

export interface VectorResetResult<Obs> {
  observations: Obs[];
  infos: Info[];
}

export interface VectorStepResult<Obs> {
  observations: Obs[];
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos: Info[];
}

/** B sub-envs stepped in lock-step. */
export interface VectorEnv<Obs = unknown, Act = unknown> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Obs>;
  readonly singleActionSpace: Space<Act>;
  readonly autoresetMode: AutoresetMode;
  reset(opts?: VectorResetOptions): VectorResetResult<Obs>;
  step(actions: readonly Act[]): VectorStepResult<Obs>;
  /** Per-sub-env masks of valid discrete actions, when the sub-envs expose them. */
  actionMasks?(): Uint8Array[];
  close(): void;
}
