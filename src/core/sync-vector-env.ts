import { ConfigError, InvalidActionError, ResetNeededError, SpaceError, describeValue } from '../util/errors.js';
import { deepEqual } from '../util/deep-equal.js';
import type { Env, Info, ResetOptions } from './env.js';
import { hasActionMasks } from './env.js';
import type { Space } from './space.js';
import type { AutoresetMode, VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector.js';

/** Options for {@link SyncVectorEnv}. */
export interface SyncVectorEnvOptions {
  /** Default `'next-step'` (see {@link AutoresetMode}). */
  autoresetMode?: AutoresetMode;
}

/**
 * B sub-envs stepped one after the other in this thread, in lock-step.
 *
 * - `reset({ seed: s })` seeds sub-env i with `s + i`; an array gives each sub-env its own seed.
 * - `step(actions)` needs exactly `numEnvs` actions and returns typed-array rewards/flags.
 * - Autoreset (see {@link AutoresetMode}): in `'next-step'` mode the step after an episode ended
 *   resets that sub-env, ignores its action and returns reward 0, terminated = truncated = false,
 *   `info.autoreset = true`; in `'same-step'` mode the ending step resets at once and puts the final
 *   observation/info in `info.finalObservation` / `info.finalInfo`.
 * - `actionMasks()` exists when every sub-env exposes masks.
 */
export class SyncVectorEnv<Obs = unknown, Act = unknown> implements VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Obs>;
  readonly singleActionSpace: Space<Act>;
  readonly autoresetMode: AutoresetMode;
  /** The sub-envs (for inspection; step them through this vector env only). */
  readonly envs: readonly Env<Obs, Act>[];
  /** Per-sub-env action masks; present only when every sub-env has `actionMasks()`. */
  declare readonly actionMasks?: () => Uint8Array[];

  private readonly needsReset: boolean[];
  private started = false;
  private closed = false;

  constructor(envFns: readonly (() => Env<Obs, Act>)[], opts: SyncVectorEnvOptions = {}) {
    if (!Array.isArray(envFns) || envFns.length === 0) {
      throw new ConfigError('envFns', `expected a non-empty array of env factories, got ${describeValue(envFns)}`);
    }
    const mode = opts.autoresetMode ?? 'next-step';
    if (mode !== 'next-step' && mode !== 'same-step') {
      throw new ConfigError('autoresetMode', `expected "next-step" or "same-step", got ${describeValue(mode)}`);
    }
    this.autoresetMode = mode;
    this.envs = envFns.map((fn) => fn());
    this.numEnvs = this.envs.length;
    const first = this.envs[0] as Env<Obs, Act>;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.envs.forEach((env, i) => {
      if (!deepEqual(env.observationSpace, first.observationSpace)) {
        throw new SpaceError(
          `sub-env ${i}: expected observationSpace ${String(first.observationSpace)}, got ${String(env.observationSpace)}`,
        );
      }
      if (!deepEqual(env.actionSpace, first.actionSpace)) {
        throw new SpaceError(`sub-env ${i}: expected actionSpace ${String(first.actionSpace)}, got ${String(env.actionSpace)}`);
      }
    });
    this.needsReset = new Array<boolean>(this.numEnvs).fill(false);
    if (this.envs.every((e) => hasActionMasks(e as Env<Obs, unknown>))) {
      const masked = this.envs as unknown as { actionMasks(): Uint8Array }[];
      Object.defineProperty(this, 'actionMasks', {
        value: (): Uint8Array[] => masked.map((e) => e.actionMasks().slice()),
        enumerable: false,
      });
    }
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult<Obs> {
    const seeds = this.resolveSeeds(opts.seed);
    const observations: Obs[] = [];
    const infos: Info[] = [];
    this.envs.forEach((env, i) => {
      const resetOpts: ResetOptions = {};
      const seed = seeds?.[i];
      if (seed !== undefined) resetOpts.seed = seed;
      if (opts.options !== undefined) resetOpts.options = opts.options;
      const r = env.reset(resetOpts);
      observations.push(r.observation);
      infos.push(r.info);
      this.needsReset[i] = false;
    });
    this.started = true;
    return { observations, infos };
  }

  step(actions: readonly Act[]): VectorStepResult<Obs> {
    if (!this.started) throw new ResetNeededError('cannot call step() on a vector env before reset(); call reset() first');
    const n = (actions as ArrayLike<Act> | undefined)?.length;
    if (typeof actions !== 'object' || actions === null || n !== this.numEnvs) {
      throw new InvalidActionError(
        `expected ${this.numEnvs} actions (one per sub-env), got ${typeof n === 'number' ? `${n}` : describeValue(actions)}`,
      );
    }
    const observations: Obs[] = [];
    const infos: Info[] = [];
    const rewards = new Float32Array(this.numEnvs);
    const terminated = new Uint8Array(this.numEnvs);
    const truncated = new Uint8Array(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i] as Env<Obs, Act>;
      if (this.needsReset[i]) {
        // next-step autoreset: this step only starts the new episode.
        const r = env.reset();
        this.needsReset[i] = false;
        observations.push(r.observation);
        infos.push({ ...r.info, autoreset: true });
        continue;
      }
      const r = this.stepOne(env, i, actions[i] as Act);
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      truncated[i] = r.truncated ? 1 : 0;
      if (!(r.terminated || r.truncated)) {
        observations.push(r.observation);
        infos.push(r.info);
      } else if (this.autoresetMode === 'next-step') {
        this.needsReset[i] = true;
        observations.push(r.observation);
        infos.push(r.info);
      } else {
        const reset = env.reset();
        observations.push(reset.observation);
        infos.push({ ...reset.info, finalObservation: r.observation, finalInfo: r.info });
      }
    }
    return { observations, rewards, terminated, truncated, infos };
  }

  /** Closes every sub-env; calling it twice is fine. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }

  toString(): string {
    return `SyncVectorEnv(${this.numEnvs} × ${String(this.envs[0])}, ${this.autoresetMode})`;
  }

  private stepOne(env: Env<Obs, Act>, i: number, action: Act): ReturnType<Env<Obs, Act>['step']> {
    try {
      return env.step(action);
    } catch (err) {
      // Say which sub-env rejected its action; keep the error class.
      if (err instanceof InvalidActionError) throw new InvalidActionError(`sub-env ${i}: ${err.message}`);
      if (err instanceof ResetNeededError) throw new ResetNeededError(`sub-env ${i}: ${err.message}`);
      throw err;
    }
  }

  private resolveSeeds(seed: VectorResetOptions['seed']): (number | undefined)[] | undefined {
    if (seed === undefined) return undefined;
    if (typeof seed === 'number') {
      if (!Number.isSafeInteger(seed)) throw new ConfigError('seed', `expected an integer, got ${describeValue(seed)}`);
      return this.envs.map((_, i) => seed + i);
    }
    if (!Array.isArray(seed) || seed.length !== this.numEnvs) {
      throw new ConfigError('seed', `expected a number or an array of ${this.numEnvs} seeds, got ${describeValue(seed)}`);
    }
    return [...seed];
  }
}
