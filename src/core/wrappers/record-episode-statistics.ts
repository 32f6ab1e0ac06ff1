import { ConfigError, describeValue } from '../../util/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** Summary of one finished episode, put in `info.episode` on its last step. */
export interface EpisodeStatistics {
  /** Sum of the rewards. */
  return: number;
  /** Number of steps. */
  length: number;
  /** Wall-clock seconds from `reset` to the last step. */
  timeSeconds: number;
}

/** Options for {@link RecordEpisodeStatistics}. */
export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes to keep (default 100). */
  bufferLength?: number;
  /** Milliseconds clock (default `performance.now`); inject a fake one in tests. */
  clock?: () => number;
}

/** A fixed-capacity FIFO of numbers. */
class Ring {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  push(x: number): void {
    const cap = this.data.length;
    if (this.count < cap) {
      this.data[(this.start + this.count) % cap] = x;
      this.count++;
    } else {
      this.data[this.start] = x;
      this.start = (this.start + 1) % cap;
    }
  }
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.data[(this.start + i) % this.data.length] as number);
    return out;
  }
}

/**
 * Tracks the return, length and duration of each episode. The step that ends an episode
 * (terminated or truncated) gets `info.episode = { return, length, timeSeconds }`; the last
 * `bufferLength` episodes are kept for `recentReturns()` / `recentLengths()` / `recentTimes()`.
 */
export class RecordEpisodeStatistics<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly bufferLength: number;
  private readonly clock: () => number;
  private readonly returns: Ring;
  private readonly lengths: Ring;
  private readonly times: Ring;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = 0;
  private episodes = 0;

  constructor(env: Env<Obs, Act>, opts: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    const bufferLength = opts.bufferLength ?? 100;
    if (!Number.isSafeInteger(bufferLength) || bufferLength <= 0) {
      throw new ConfigError('bufferLength', `expected a positive integer, got ${describeValue(bufferLength)}`);
    }
    this.bufferLength = bufferLength;
    this.clock = opts.clock ?? (() => performance.now());
    this.returns = new Ring(bufferLength);
    this.lengths = new Ring(bufferLength);
    this.times = new Ring(bufferLength);
  }

  /** Number of episodes finished since construction. */
  get episodeCount(): number {
    return this.episodes;
  }

  /** Returns of the most recent episodes, oldest first. */
  recentReturns(): number[] {
    return this.returns.toArray();
  }

  /** Lengths of the most recent episodes, oldest first. */
  recentLengths(): number[] {
    return this.lengths.toArray();
  }

  /** Durations (seconds) of the most recent episodes, oldest first. */
  recentTimes(): number[] {
    return this.times.toArray();
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStart = this.clock();
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (!r.terminated && !r.truncated) return r;
    const episode: EpisodeStatistics = {
      return: this.episodeReturn,
      length: this.episodeLength,
      timeSeconds: (this.clock() - this.episodeStart) / 1000,
    };
    this.returns.push(episode.return);
    this.lengths.push(episode.length);
    this.times.push(episode.timeSeconds);
    this.episodes++;
    return { ...r, info: { ...r.info, episode } };
  }
}
