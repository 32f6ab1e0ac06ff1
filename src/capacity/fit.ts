/**
 * Scaling fits: the log–log slope of the minimum parameter count against N (or nN) with a t-interval, and
 * a plain-words verdict on which exponent the interval supports.
 */
import { logLogFit } from '../report/stats.js';

/** A log–log fit of y ∝ x^slope and its reading. */
export interface ScalingFit {
  /** What was fitted, e.g. `next-token: min params vs N`. */
  label: string;
  /** The variable on the x axis: `N` or `nN`. */
  x: 'N' | 'nN';
  slope: number;
  /** Confidence interval on the slope (NaN with fewer than 3 points). */
  low: number;
  high: number;
  /** log10 y ≈ intercept + slope · log10 x. */
  intercept: number;
  r2: number;
  /** Points used. */
  points: number;
  level: number;
  /** The theory's exponent it is compared with. */
  theory: number;
  verdict: string;
}

/** A point of a scaling fit. */
export interface ScalingPoint {
  x: number;
  y: number;
}

/**
 * Says which scaling a slope interval supports, comparing the theory's exponent with linear scaling (1,
 * a constant number of bits per parameter).
 */
export function scalingVerdict(low: number, high: number, points: number, theory = 0.5): string {
  if (points < 3 || !Number.isFinite(low) || !Number.isFinite(high)) {
    return `too few points (${points}) for an interval; no conclusion`;
  }
  const has = (e: number): boolean => low <= e && e <= high;
  const t = theory.toString();
  if (has(theory) && !has(1)) return `supports the theory's exponent ${t}; linear scaling (1) is excluded`;
  if (has(1) && !has(theory)) return `supports linear scaling (exponent 1); the theory's ${t} is excluded`;
  if (has(1) && has(theory)) return `inconclusive: the interval contains both ${t} and 1`;
  if (high < theory) return `below ${t}: sub-theory growth, most likely the grid floor or fixed embedding/head overhead dominating`;
  if (low > 1) return 'super-linear (above 1): the training recipe, not capacity, is the bottleneck';
  return `between ${t} and 1, excluding both`;
}

/** Fits log10 y on log10 x with a `level` interval and reads it with {@link scalingVerdict}. */
export function fitScaling(label: string, x: 'N' | 'nN', points: readonly ScalingPoint[], theory = 0.5, level = 0.95): ScalingFit {
  const f = logLogFit(
    points.map((p) => p.x),
    points.map((p) => p.y),
    level,
  );
  return {
    label,
    x,
    slope: f.slope,
    low: f.slopeLow,
    high: f.slopeHigh,
    intercept: f.intercept,
    r2: f.r2,
    points: f.n,
    level,
    theory,
    verdict: scalingVerdict(f.slopeLow, f.slopeHigh, f.n, theory),
  };
}
