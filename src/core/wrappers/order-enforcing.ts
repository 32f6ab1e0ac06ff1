import { ResetNeededError } from '../../util/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Throws ResetNeededError on `step` before the first `reset`, and on `step` after an episode
 * ended (terminated or truncated) without a new `reset`.
 */
export class OrderEnforcing<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  private started = false;
  private ended = false;

  constructor(env: Env<Obs, Act>) {
    super(env);
  }

  /** True once `reset` has been called. */
  get hasReset(): boolean {
    return this.started;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    this.started = true;
    this.ended = false;
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.started) throw new ResetNeededError();
    if (this.ended) {
      throw new ResetNeededError('cannot call step() after the episode ended (terminated or truncated); call reset() first');
    }
    const r = this.env.step(action);
    if (r.terminated || r.truncated) this.ended = true;
    return r;
  }
}
