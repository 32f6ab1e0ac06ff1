/**
 * Tiny deterministic envs for tests of the core (and anyone else who needs a well-behaved Env).
 *
 * - {@link CountingEnv}: observation `[t, lastAction + 1, noise]`, reward 1 when `action === t % nActions`,
 *   terminates after `k` steps; validates actions (InvalidActionError) and enforces reset
 *   (ResetNeededError before reset and after the episode ended). With `stochastic: true` the
 *   `noise` entry comes from the env's seeded Rng, so episodes depend on the seed.
 * - {@link MaskedCountingEnv}: the same with `actionMasks()`: action `(t + 1) % nActions` is masked out.
 * - {@link BrokenEnv}: a stochastic CountingEnv with configurable contract violations.
 */
import type { Env, Info, ResetOptions, ResetResult, StepResult } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { InvalidActionError, ResetNeededError } from '../../src/util/errors.js';
import { Rng, entropySeed } from '../../src/util/rng.js';

export interface CountingEnvOptions {
  /** Episode length (default 5). */
  k?: number;
  /** Number of discrete actions (default 4). */
  nActions?: number;
  /** Draw the `noise` entry from the seeded Rng (default false: always 0). */
  stochastic?: boolean;
  /** Upper bound of `t` in the observation space (default k); equal spaces for different k. */
  tMax?: number;
}

export class CountingEnv implements Env<Float32Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly metadata = { renderModes: [] as string[] };
  spec?: Env['spec'];
  readonly k: number;
  readonly nActions: number;
  readonly stochastic: boolean;
  /** How many times `close()` was called. */
  closeCount = 0;
  protected t = 0;
  protected lastAction = -1;
  protected started = false;
  protected done = false;
  protected rng: Rng = new Rng(entropySeed());

  constructor(opts: CountingEnvOptions = {}) {
    this.k = opts.k ?? 5;
    this.nActions = opts.nActions ?? 4;
    this.stochastic = opts.stochastic ?? false;
    this.observationSpace = new Box(0, [opts.tMax ?? this.k, this.nActions, 1], [3]);
    this.actionSpace = new Discrete(this.nActions);
  }

  protected observe(): Float32Array {
    const noise = this.stochastic ? this.rng.next() : 0;
    return Float32Array.of(this.t, this.lastAction + 1, noise);
  }

  protected info(): Info {
    return { t: this.t };
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.t = 0;
    this.lastAction = -1;
    this.started = true;
    this.done = false;
    return { observation: this.observe(), info: this.info() };
  }

  protected validate(action: number): void {
    const why = this.actionSpace.explain(action);
    if (why !== undefined) throw new InvalidActionError(why);
  }

  protected reward(action: number): number {
    return action === this.t % this.nActions ? 1 : 0;
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.started) throw new ResetNeededError();
    if (this.done) throw new ResetNeededError('cannot call step() after the episode ended; call reset() first');
    this.validate(action);
    const reward = this.reward(action);
    this.t++;
    this.lastAction = action;
    const terminated = this.t >= this.k;
    this.done = terminated;
    return { observation: this.observe(), reward, terminated, truncated: false, info: this.info() };
  }

  close(): void {
    this.closeCount++;
  }
}

/** CountingEnv with action masks: action `(t + 1) % nActions` is invalid at step t. */
export class MaskedCountingEnv extends CountingEnv {
  actionMasks(): Uint8Array {
    const mask = new Uint8Array(this.nActions).fill(1);
    mask[(this.t + 1) % this.nActions] = 0;
    return mask;
  }

  protected override info(): Info {
    return { t: this.t, actionMask: this.actionMasks() };
  }

  protected override validate(action: number): void {
    super.validate(action);
    if (this.actionMasks()[action] === 0) throw new InvalidActionError(`action ${action} is masked out at step ${this.t}`);
  }
}

/** Contract violations a {@link BrokenEnv} can have. */
export type Defect =
  | 'observation-outside-space'
  | 'nondeterministic'
  | 'no-reset-needed'
  | 'accepts-invalid-action'
  | 'nan-reward'
  | 'reseeds-on-reset'
  | 'bad-step-types'
  | 'throws-on-second-close';

/** Shared across instances on purpose: the 'nondeterministic' defect reads it. */
let globalCounter = 0;

/** A stochastic CountingEnv with the given defects. */
export class BrokenEnv extends CountingEnv {
  readonly defects: ReadonlySet<Defect>;
  private lastSeed = 0;

  constructor(defects: readonly Defect[], opts: CountingEnvOptions = {}) {
    super({ stochastic: true, ...opts });
    this.defects = new Set(defects);
  }

  override reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) this.lastSeed = opts.seed;
    const seed = this.defects.has('reseeds-on-reset') ? this.lastSeed : opts.seed;
    return super.reset(seed === undefined ? {} : { seed });
  }

  protected override observe(): Float32Array {
    const obs = super.observe();
    if (this.defects.has('observation-outside-space') && this.t === 2) obs[0] = this.k + 10;
    return obs;
  }

  protected override validate(action: number): void {
    if (!this.defects.has('accepts-invalid-action')) super.validate(action);
  }

  protected override reward(action: number): number {
    let r = super.reward(action);
    if (this.defects.has('nan-reward') && this.t === 1) r = NaN;
    if (this.defects.has('nondeterministic')) r += (globalCounter++ % 3) / 10;
    return r;
  }

  override step(action: number): StepResult<Float32Array> {
    if (this.defects.has('no-reset-needed')) this.started = true;
    const r = super.step(action);
    if (this.defects.has('bad-step-types')) return { ...r, terminated: (r.terminated ? 1 : 0) as unknown as boolean };
    return r;
  }

  override close(): void {
    super.close();
    if (this.defects.has('throws-on-second-close') && this.closeCount > 1) throw new Error('already closed');
  }
}
