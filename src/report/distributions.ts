/**
 * Special functions for the reporting statistics: log-gamma, the regularised incomplete beta function,
 * Student's t distribution (CDF and quantile) and the standard normal quantile. Dependency-free.
 *
 * Accuracy: the t quantile is solved to ~1e-10 relative error by bisection on the exact CDF
 * (df ≤ 1000); above that the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5) is used, whose
 * error there is far below 1e-9. df = 1 and df = 2 use their closed forms.
 */
import { ReportError } from '../util/errors.js';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const eps = 1e-15;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < eps) break;
  }
  return h;
}

/**
 * The regularised incomplete beta function I_x(a, b) for x ∈ [0, 1], a, b > 0.
 * Throws `ReportError` for arguments outside those ranges.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new ReportError(`expected beta parameters a, b > 0, got a=${a}, b=${b}`);
  if (Number.isNaN(x)) return NaN;
  if (x < 0 || x > 1) throw new ReportError(`expected x in [0, 1] for the incomplete beta, got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

function checkDf(df: number): void {
  if (!(df > 0)) throw new ReportError(`expected degrees of freedom > 0, got ${df}`);
}

function checkProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new ReportError(`expected a probability in (0, 1), got ${p}`);
}

const ERFC_COEF = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
  -1.26551223,
];

/** erfc(|z|/√2)/2-based Φ(z): Numerical Recipes' Chebyshev fit of erfc (fractional error < 1.2e-7). */
function normalCdfInternal(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x + poly(ERFC_COEF, t));
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Standard normal CDF Φ(z) (relative error below ~1e-7). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return normalCdfInternal(z);
}

// Acklam's rational approximation to the normal quantile (relative error < 1.15e-9).
const AQ = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const BQ = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const CQ = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const DQ = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function poly(coef: readonly number[], x: number): number {
  let r = 0;
  for (const c of coef) r = r * x + c;
  return r;
}

/** Standard normal quantile Φ⁻¹(p) for p ∈ (0, 1) (Acklam; relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  checkProbability(p);
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(CQ, q) / (poly(DQ, q) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -poly(CQ, q) / (poly(DQ, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(AQ, r) * q) / (poly(BQ, r) * r + 1);
}

/** Student's t CDF P(T ≤ t) with `df` > 0 degrees of freedom (df = Infinity gives the normal CDF). */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (df === Infinity) return normalCdf(t);
  const t2 = t * t;
  let upperTail: number; // P(T > |t|)
  if (t2 < df) {
    // Better precision near the centre: P(|T| < |t|) = I_{t²/(df+t²)}(1/2, df/2).
    upperTail = 0.5 * (1 - regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2));
  } else {
    upperTail = 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
  }
  return t >= 0 ? 1 - upperTail : upperTail;
}

/** Cornish–Fisher expansion of the t quantile around the normal quantile z (A&S 26.7.5). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Student's t quantile: the t with P(T ≤ t) = p, for p ∈ (0, 1) and `df` > 0 (non-integer df allowed;
 * df = Infinity gives the normal quantile). E.g. `studentTQuantile(0.975, 10)` ≈ 2.228.
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p);
  checkDf(df);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === Infinity) return normalQuantile(p);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (df > 1000) return cornishFisher(normalQuantile(p), df);
  // Bracket, then bisect on the exact CDF (monotone, so this always converges).
  let lo = 0;
  let hi = Math.max(1, cornishFisher(normalQuantile(p), Math.max(df, 1)));
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
