/**
 * Summary statistics for experiment reports: mean, sample standard deviation, Student-t confidence
 * intervals, normalised scores and ordinary least squares with a t-based slope interval (for log–log
 * capacity fits).
 *
 * Conventions: degenerate data give NaN fields instead of throwing (an agent with no finished episode
 * must still fit in a table); malformed calls (lengths that differ, a level outside (0, 1)) throw
 * `ReportError`.
 */
import { ReportError } from '../util/errors.js';
import { studentTQuantile } from './distributions.js';

/** A sequence of numbers: a plain array or a typed array. */
export type Numbers = ArrayLike<number>;

/** Arithmetic mean; NaN for an empty sequence. */
export function mean(xs: Numbers): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s / xs.length;
}

/** Sample variance (divisor n − 1); NaN when n < 2. */
export function variance(xs: Numbers): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Sample standard deviation (divisor n − 1); NaN when n < 2. */
export function std(xs: Numbers): number {
  return Math.sqrt(variance(xs));
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new ReportError(`expected a confidence level in (0, 1), got ${level}`);
}

/** A two-sided confidence interval for a mean. */
export interface ConfidenceInterval {
  /** Sample mean (NaN when n = 0). */
  mean: number;
  /** t_{(1+level)/2, n−1} · s / √n; NaN when n < 2 (the spread is unknown). */
  halfWidth: number;
  /** mean − halfWidth (NaN when n < 2). */
  low: number;
  /** mean + halfWidth (NaN when n < 2). */
  high: number;
  /** Number of values. */
  n: number;
}

/**
 * Student-t confidence interval for the mean of `xs` at `level` (default 0.95).
 * With n = 1 the mean is the value and `halfWidth`, `low`, `high` are NaN (not 0: a single run says
 * nothing about the spread); with n = 0 everything but `n` is NaN.
 */
export function confidenceInterval(xs: Numbers, level = 0.95): ConfidenceInterval {
  checkLevel(level);
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, halfWidth: NaN, low: NaN, high: NaN, n };
  const halfWidth = (studentTQuantile((1 + level) / 2, n - 1) * std(xs)) / Math.sqrt(n);
  return { mean: m, halfWidth, low: m - halfWidth, high: m + halfWidth, n };
}

/** Reference scores for {@link normalisedScore}. */
export interface ScoreReference {
  /** Score of the random policy (maps to 0). */
  random: number;
  /** Score of the oracle (maps to 1). */
  oracle: number;
}

/**
 * (value − random) / (oracle − random): 0 = random, 1 = oracle. Returns NaN (never ±Infinity) when
 * oracle = random or any input is NaN.
 */
export function normalisedScore(value: number, ref: ScoreReference): number {
  const span = ref.oracle - ref.random;
  if (!Number.isFinite(span) || span === 0) return NaN;
  return (value - ref.random) / span;
}

/** Result of {@link linearFit}: y ≈ intercept + slope · x. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Lower end of the t-based confidence interval on the slope (NaN when n < 3). */
  slopeLow: number;
  /** Upper end of the t-based confidence interval on the slope (NaN when n < 3). */
  slopeHigh: number;
  /** Standard error of the slope (NaN when n < 3). */
  slopeStdErr: number;
  /** Coefficient of determination; NaN when all y are equal. */
  r2: number;
  /** Number of points used. */
  n: number;
}

/**
 * Ordinary least squares y ≈ intercept + slope·x with a `level` (default 0.95) confidence interval on
 * the slope from t_{(1+level)/2, n−2}. For a log–log fit pass log-transformed data, or use
 * {@link logLogFit}. Fewer than 2 points or all x equal give NaN slope and intercept.
 * Throws `ReportError` when `xs` and `ys` differ in length.
 */
export function linearFit(xs: Numbers, ys: Numbers, level = 0.95): LinearFit {
  checkLevel(level);
  if (xs.length !== ys.length) {
    throw new ReportError(`expected xs and ys of the same length, got ${xs.length} and ${ys.length}`);
  }
  const n = xs.length;
  const nan: LinearFit = { slope: NaN, intercept: NaN, slopeLow: NaN, slopeHigh: NaN, slopeStdErr: NaN, r2: NaN, n };
  if (n < 2) return nan;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) return nan;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i] as number) - (intercept + slope * (xs[i] as number));
    ssRes += r * r;
  }
  const r2 = syy > 0 ? 1 - ssRes / syy : NaN;
  if (n < 3) return { ...nan, slope, intercept, r2 };
  const slopeStdErr = Math.sqrt(ssRes / (n - 2) / sxx);
  const h = studentTQuantile((1 + level) / 2, n - 2) * slopeStdErr;
  return { slope, intercept, slopeLow: slope - h, slopeHigh: slope + h, slopeStdErr, r2, n };
}

/**
 * {@link linearFit} of log10(y) on log10(x), so y ≈ 10^intercept · x^slope. Points with a non-positive
 * or non-finite x or y are skipped (`n` counts the points used). The result's slope/intercept are what
 * `scatterPlot`'s `fit` expects on log–log axes.
 */
export function logLogFit(xs: Numbers, ys: Numbers, level = 0.95): LinearFit {
  if (xs.length !== ys.length) {
    throw new ReportError(`expected xs and ys of the same length, got ${xs.length} and ${ys.length}`);
  }
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y)) {
      lx.push(Math.log10(x));
      ly.push(Math.log10(y));
    }
  }
  return linearFit(lx, ly, level);
}
