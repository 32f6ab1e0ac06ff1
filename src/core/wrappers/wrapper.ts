import type { Env, EnvSpec, ResetOptions, ResetResult, StepResult } from '../env.js';
import { hasActionMasks } from '../env.js';
import type { Space } from '../space.js';

/**
 * Base class of all wrappers: delegates everything to the inner env `env`.
 *
 * `Obs`/`Act` are what the wrapper exposes, `InnerObs`/`InnerAct` what the inner env uses; a
 * subclass that changes a type must override the members that involve it (see
 * {@link ObservationWrapper}). When the inner env has `actionMasks()` the wrapper forwards it
 * (check with `hasActionMasks(wrapper)`); a subclass may define its own `actionMasks()` method.
 */
export class Wrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act> implements Env<Obs, Act> {
  /** The wrapped env. */
  readonly env: Env<InnerObs, InnerAct>;
  private ownSpec: EnvSpec | undefined;

  constructor(env: Env<InnerObs, InnerAct>) {
    this.env = env;
    // Forward masks only when the inner env has them, and never shadow a subclass's own method.
    if (hasActionMasks(env) && !hasActionMasks(this as Env<Obs, unknown>)) {
      Object.defineProperty(this, 'actionMasks', {
        value: (): Uint8Array => env.actionMasks(),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  get metadata(): Readonly<Record<string, unknown>> {
    return this.env.metadata;
  }

  /** The spec set on this wrapper, else the inner env's. */
  get spec(): EnvSpec | undefined {
    return this.ownSpec ?? this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.ownSpec = spec;
  }

  /** The innermost, unwrapped env. */
  get unwrapped(): Env {
    return unwrap(this.env as Env);
  }

  reset(opts?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(opts) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  close(): void {
    this.env.close();
  }

  /** e.g. `TimeLimit<OrderEnforcing<CountingEnv>>`. */
  toString(): string {
    return `${this.constructor.name}<${envName(this.env)}>`;
  }
}

/**
 * A wrapper that transforms observations with `observation(obs)` in both `reset` and `step`.
 * Subclasses also override `observationSpace`.
 */
export abstract class ObservationWrapper<Obs, InnerObs, Act = unknown> extends Wrapper<Obs, Act, InnerObs, Act> {
  /** Maps one inner observation to the exposed one. */
  abstract observation(observation: InnerObs): Obs;

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    return { observation: this.observation(r.observation), info: r.info };
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return { ...r, observation: this.observation(r.observation) };
  }
}

/** The innermost env under any number of wrappers (the env itself when it is not a wrapper). */
export function unwrap(env: Env): Env {
  let current: Env = env;
  while (current instanceof Wrapper) current = current.env as Env;
  return current;
}

function envName(env: Env<unknown, unknown>): string {
  const s = String(env);
  return s === '[object Object]' ? env.constructor.name : s;
}
