/**
 * The distributions behind the reporting statistics (Student's t for the confidence intervals), from
 * stdlib's maintained, tested implementations (@stdlib/stats-base-dists-*, @stdlib/math-base-special-*)
 * rather than hand-written special functions. These wrappers add memgym's argument checks: a bad
 * probability or degrees of freedom is a `ReportError` that says what was expected and what came.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { ReportError } from '../util/errors.js';

function checkDf(df: number): void {
  if (!(df > 0)) throw new ReportError(`expected degrees of freedom > 0, got ${df}`);
}

function checkProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new ReportError(`expected a probability in (0, 1), got ${p}`);
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  return gammaln(x);
}

/**
 * The regularised incomplete beta function I_x(a, b) for x ∈ [0, 1], a, b > 0.
 * Throws `ReportError` for arguments outside those ranges.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new ReportError(`expected beta parameters a, b > 0, got a=${a}, b=${b}`);
  if (Number.isNaN(x)) return NaN;
  if (x < 0 || x > 1) throw new ReportError(`expected x in [0, 1] for the incomplete beta, got ${x}`);
  return betainc(x, a, b);
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return normalCdfStd(z, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p) for p ∈ (0, 1). */
export function normalQuantile(p: number): number {
  checkProbability(p);
  return normalQuantileStd(p, 0, 1);
}

/** Student's t CDF P(T ≤ t) with `df` > 0 degrees of freedom (df = Infinity gives the normal CDF). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (df === Infinity) return normalCdf(t);
  return tCdf(t, df);
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p, for p ∈ (0, 1) and `df` > 0 (non-integer df allowed;
 * df = Infinity gives the normal quantile). E.g. `studentTQuantile(0.975, 10)` ≈ 2.228.
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p);
  checkDf(df);
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  return tQuantile(p, df);
}
