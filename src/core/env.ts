import type { Space } from './space.js';
import type { AutoresetMode, VectorEnv } from './vector.js';

/** Free-form per-step information; memory envs document their keys. */
export type Info = Record<string, unknown>;

/** Options passed to `reset`. */
export interface ResetOptions<O extends Record<string, unknown> = Record<string, unknown>> {
  /** Reseeds the env's generator. Omitted ⇒ no reseed: the generator continues. */
  seed?: number;
  /** Env-specific options for this episode. */
  options?: O;
}

/** What `reset` returns. */
export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

/** What `step` returns. */
export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** The episode reached a terminal state of the task (the MDP ended). */
  terminated: boolean;
  /** The episode was cut short from outside the MDP (time limit). Bootstrap from `observation`. */
  truncated: boolean;
  info: Info;
}

/**
 * The environment contract (Gymnasium semantics).
 *
 * - `reset({ seed })` starts an episode; the same seed gives the identical episode.
 * - `step(action)` advances one step; stepping before `reset` throws `ResetNeededError`,
 *   an action outside `actionSpace` throws `InvalidActionError`.
 * - `close()` releases resources; calling it twice is fine.
 */
export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  /** Static facts about the env, e.g. `{ renderModes: [] }`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The registered id this env was made from, if any. */
  spec?: EnvSpec | undefined;
  reset(opts?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  close(): void;
}

/** An env that exposes a mask of its currently valid discrete actions. */
export interface MaskedEnv<Obs = unknown> extends Env<Obs, number> {
  /** 1 for each valid action, 0 otherwise; length = number of actions. */
  actionMasks(): Uint8Array;
}

/** True when an env exposes `actionMasks()`. */
export function hasActionMasks<Obs>(env: Env<Obs, unknown>): env is MaskedEnv<Obs> {
  return typeof (env as Partial<MaskedEnv<Obs>>).actionMasks === 'function';
}

/** A registration record: data, not code paths. */
export interface EnvSpec {
  /** Versioned id: `namespace/Name-vN`. */
  id: string;
  /** Builds the env from its kwargs. */
  entryPoint: (kwargs: Record<string, unknown>) => Env;
  /**
   * Builds `numEnvs` copies as one vector env that batches across them (Gymnasium's
   * `vector_entry_point`); `makeVec` uses it when present. The memory envs batch the MAT across sub-envs
   * this way.
   */
  vectorEntryPoint?: (kwargs: Record<string, unknown>, numEnvs: number, autoresetMode: AutoresetMode) => VectorEnv;
  /** Default kwargs, overridden by `make(id, kwargs)`. */
  kwargs: Record<string, unknown>;
  /** Wrapped in TimeLimit when set. */
  maxEpisodeSteps?: number | undefined;
  /** Wrapped in OrderEnforcing unless false. */
  orderEnforce?: boolean;
  /** Human description shown by `memgym list`. */
  description?: string | undefined;
}
