import { ConfigError, describeValue } from '../../util/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps: the step that reaches the limit returns
 * `truncated = true`. `terminated` is passed through untouched (both can be true).
 */
export class TimeLimit<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly maxEpisodeSteps: number;
  private steps = 0;

  constructor(env: Env<Obs, Act>, maxEpisodeSteps: number) {
    super(env);
    if (typeof maxEpisodeSteps !== 'number' || !Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new ConfigError('maxEpisodeSteps', `expected a positive integer, got ${describeValue(maxEpisodeSteps)}`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.steps;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.steps = 0;
    return this.env.reset(opts);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.steps++;
    return this.steps >= this.maxEpisodeSteps ? { ...r, truncated: true } : r;
  }
}
