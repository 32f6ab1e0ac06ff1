/**
 * Seasonal-forecast episodes: a time series with a linear trend, several seasonalities and Gaussian
 * noise, streamed as windows of `windowLen` points. Every `queryEvery`-th window is a query whose answer
 * is the NEXT window; the MAT forecasts it from the query window, its context and retrieved past windows.
 *
 * **Series.** Point i (0 … (T+1)·windowLen − 1) has value
 * `x(i) = slope·(i − mid) + Σ_j a_j·sin(2π·i/period_j + φ_j) + ε`, ε ~ N(0, noiseStd²), where `mid` is the
 * middle of the episode (the trend passes through 0 there), slope = ±`trend` (random sign),
 * a_j = amplitude_j·U(1 − amplitudeJitter, 1 + amplitudeJitter) and φ_j ~ U(0, 2π) per episode. The
 * window after the last streamed one is generated too, so the last window may be a query.
 *
 * **Quantisation.** A fixed range per preset: bin = clamp(⌊(x + valueRange)/(2·valueRange)·numBins⌋,
 * 0, numBins − 1), so bins are 2·valueRange/numBins wide and values beyond ±valueRange saturate.
 *
 * **Items.** `[kindToken, PHASE_BASE + phase, BIN_BASE + bin_1, …, BIN_BASE + bin_windowLen]` where
 * kindToken is WINDOW or QUERY; phase is a calendar feature, like "hour of the day": the window index
 * mod P (P = the first seasonality's period in windows, which must divide evenly) — for a query, the
 * phase of the window it asks for (the next one), so that a query's phase token matches the stored
 * windows it needs.
 *
 * **Queries and support.** Window t is a query when t mod queryEvery = queryEvery − 1 and at least
 * `supportCount` non-query windows lie at the answer's phase one, two, … `maxLags` periods back
 * (t + 1 − m·P ≥ 0); a query window is never a support (at a query the manager retrieves; it cannot
 * also store the window). The support is the `supportCount` candidates whose bins are closest to the
 * answer's bins (mean absolute bin difference, ties to the more recent) — the windows that "copy one
 * period back" forecasting would do best with. With a trend that is usually the most recent period; a
 * second seasonality whose period does not divide P can make an older period the better match.
 *
 * **Correctness.** The answer is the next window's `windowLen` bin tokens; a forecast is correct when its
 * mean absolute bin error is ≤ `tolerance` (a non-bin token counts as `numBins` off) — `isCorrect`, used
 * by the env for every reader. The model-free IdealReader predicts the exact answer when the support
 * windows are visible and nothing (never correct) otherwise, so with it "correct" means "the support was
 * kept"; a real MAT forecasting from the support may still miss the tolerance (see the presets).
 */
import type { Rng } from '../../src/util/rng.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { computeNextUse, DEFAULT_CONTEXT_LEN, neededProfile, type Episode, type EpisodeGenerator } from '../common/episode.js';
import {
  type ForecastGeneratorOptions,
  type ForecastParams,
  type Seasonality,
  forecastGeneratorOptionsSchema,
  forecastParamsSchema,
} from './params.js';

/** Kind names of forecast items; `kinds[t]` indexes this list. */
const FORECAST_KINDS = ['window', 'query'] as const;
/** Kind ids. */
export const ForecastKind = { WINDOW: 0, QUERY: 1 } as const;
/** Kind tokens (position 0 of every item). */
export const WINDOW_TOKEN = 1;
export const QUERY_TOKEN = 2;
/** First phase token. */
export const PHASE_BASE = 3;

/** A forecast episode with its raw series. */
export interface ForecastEpisode extends Episode {
  /** (T + 1) · windowLen raw values. */
  series: Float64Array;
  /** P: the dominant period in windows. */
  periodWindows: number;
}

/** Generates {@link ForecastEpisode}s; see the module doc. */
export class ForecastGenerator implements EpisodeGenerator<ForecastParams, ForecastEpisode> {
  readonly family = 'forecast';
  readonly windowLen: number;
  readonly numBins: number;
  readonly maxPhases: number;
  readonly tolerance: number;
  readonly binBase: number;
  readonly itemLen: number;
  readonly answerLen: number;
  readonly vocabSize: number;
  private readonly paramsSchema: ReturnType<typeof forecastParamsSchema>;

  constructor(opts: ForecastGeneratorOptions = {}) {
    const o = parseConfig(forecastGeneratorOptionsSchema, opts, 'forecast');
    this.windowLen = o.windowLen;
    this.numBins = o.numBins;
    this.maxPhases = o.maxPhases;
    this.tolerance = o.tolerance;
    this.paramsSchema = forecastParamsSchema(o);
    this.binBase = PHASE_BASE + this.maxPhases;
    this.itemLen = 2 + this.windowLen;
    this.answerLen = this.windowLen;
    this.vocabSize = this.binBase + this.numBins;
  }

  /** The bin of a value (see the quantisation in the module doc). */
  quantise(x: number, valueRange: number): number {
    const b = Math.floor(((x + valueRange) / (2 * valueRange)) * this.numBins);
    return b < 0 ? 0 : b >= this.numBins ? this.numBins - 1 : b;
  }

  /** Mean absolute bin error of a forecast (a non-bin token counts as numBins off). */
  binError(prediction: Int32Array, answer: Int32Array): number {
    let sum = 0;
    for (let i = 0; i < this.windowLen; i++) {
      const p = (prediction[i] ?? -1) - this.binBase;
      const a = (answer[i] as number) - this.binBase;
      sum += p >= 0 && p < this.numBins ? Math.abs(p - a) : this.numBins;
    }
    return sum / this.windowLen;
  }

  /**
   * Correct iff the mean absolute bin error is ≤ tolerance. An arrow property, so that it may be passed
   * around unbound (the memory env calls `generator.isCorrect` as a plain function).
   */
  readonly isCorrect = (prediction: Int32Array, answer: Int32Array): boolean => this.binError(prediction, answer) <= this.tolerance;

  generate(params: ForecastParams, rng: Rng): ForecastEpisode {
    const p = this.check(params);
    const T = p.length;
    const w = this.windowLen;
    const L = this.itemLen;
    const P = (p.seasonalities[0] as Seasonality).period / w;
    const W = p.contextLen ?? DEFAULT_CONTEXT_LEN;

    const n = (T + 1) * w;
    const mid = (n - 1) / 2;
    const slope = (rng.bernoulli(0.5) ? 1 : -1) * p.trend;
    const comps = p.seasonalities.map((s) => ({
      period: s.period,
      amp: s.amplitude * rng.uniform(1 - p.amplitudeJitter, 1 + p.amplitudeJitter),
      phase: rng.uniform(0, 2 * Math.PI),
    }));
    const series = new Float64Array(n);
    const bins = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let x = slope * (i - mid) + rng.normal(0, p.noiseStd);
      for (const c of comps) x += c.amp * Math.sin((2 * Math.PI * i) / c.period + c.phase);
      series[i] = x;
      bins[i] = this.quantise(x, p.valueRange);
    }

    const tokens = new Int32Array(T * L);
    const kinds = new Uint8Array(T);
    const isQuery = new Uint8Array(T);
    const answers = new Int32Array(T * w).fill(-1);
    const S = p.supportCount;
    const support = new Int32Array(T * S).fill(-1);
    const windowError = (a: number, b: number): number => {
      let sum = 0;
      for (let i = 0; i < w; i++) sum += Math.abs((bins[a * w + i] as number) - (bins[b * w + i] as number));
      return sum / w;
    };
    // Window t is a query on its schedule when at least supportCount non-query windows lie at the
    // answer's phase 1 … maxLags periods back (a query window is never support: at a query the manager
    // retrieves, it cannot also store the window).
    const queryFlag = new Uint8Array(T);
    const candidates = (t: number): number[] => {
      const out: number[] = [];
      for (let m = 1; m <= p.maxLags && t + 1 - m * P >= 0; m++) if (!queryFlag[t + 1 - m * P]) out.push(t + 1 - m * P);
      return out;
    };
    for (let t = 0; t < T; t++) {
      if (t % p.queryEvery === p.queryEvery - 1 && candidates(t).length >= S) queryFlag[t] = 1;
    }
    /** The phase of every window, the asked-for phase of a query (`Episode.keyOf`). */
    const keyOf = new Int32Array(T);
    let queries = 0;
    for (let t = 0; t < T; t++) {
      const query = queryFlag[t] === 1;
      tokens[t * L] = query ? QUERY_TOKEN : WINDOW_TOKEN;
      // A query carries the phase of the window it asks for (the next one): the calendar feature of the target.
      tokens[t * L + 1] = PHASE_BASE + ((query ? t + 1 : t) % P);
      keyOf[t] = (query ? t + 1 : t) % P;
      for (let i = 0; i < w; i++) tokens[t * L + 2 + i] = this.binBase + (bins[t * w + i] as number);
      kinds[t] = query ? ForecastKind.QUERY : ForecastKind.WINDOW;
      if (!query) continue;
      isQuery[t] = 1;
      queries++;
      for (let i = 0; i < w; i++) answers[t * w + i] = this.binBase + (bins[(t + 1) * w + i] as number);
      const cands = candidates(t).map((c) => ({ c, err: windowError(c, t + 1) }));
      cands.sort((a, b) => a.err - b.err || b.c - a.c);
      const chosen = cands
        .slice(0, S)
        .map((x) => x.c)
        .sort((a, b) => a - b);
      chosen.forEach((c, j) => {
        support[t * S + j] = c;
      });
    }

    const ep: ForecastEpisode = {
      family: this.family,
      itemLen: L,
      vocabSize: this.vocabSize,
      answerLen: w,
      length: T,
      tokens,
      kinds,
      kindNames: FORECAST_KINDS,
      isQuery,
      answers,
      support,
      maxSupport: S,
      nextUse: computeNextUse(T, support, S),
      supersedes: new Int32Array(T).fill(-1),
      keyOf,
      complexity: {},
      series,
      periodWindows: P,
    };
    const needed = neededProfile(ep, W);
    ep.complexity = {
      length: T,
      periodWindows: P,
      numKeys: P,
      queryEvery: p.queryEvery,
      supportCount: S,
      seasonalities: p.seasonalities.length,
      queries,
      // Without phase awareness a manager would keep a whole period of windows.
      liveFacts: Math.min(P * p.maxLags, T),
      neededFacts: needed.mean,
      peakNeededFacts: needed.peak,
    };
    return ep;
  }

  /** `params` validated against the generator's {@link forecastParamsSchema} (`ConfigError` at `forecast.<key>`). */
  private check(p: ForecastParams): ForecastParams {
    return parseConfig(this.paramsSchema, p, 'forecast');
  }
}
