/**
 * Axis scales and tick placement for the SVG plots: "nice" 1-2-5 ticks on linear axes, powers of ten on
 * log axes, and compact tick labels. Pure functions.
 */

/** A tick: its data value and label. `exponent` set means render the label as 10^exponent. */
export interface Tick {
  value: number;
  label: string;
  exponent?: number;
}

/** Linear 1-2-5 ticks covering [min, max]. */
export interface NiceTicks {
  /** Domain start (a multiple of `step`, ≤ the data minimum). */
  min: number;
  /** Domain end (a multiple of `step`, ≥ the data maximum). */
  max: number;
  step: number;
  ticks: number[];
}

/** Rounds away float noise such as 0.30000000000000004. */
function clean(v: number): number {
  return v === 0 ? 0 : parseFloat(v.toPrecision(12));
}

/** The 1-2-5 × 10^k step nearest to `span / count`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const unit = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return clean(unit * mag);
}

/**
 * About `count` ticks at multiples of a 1-2-5 step, with the domain widened to the enclosing multiples.
 * A zero-width or non-finite range is widened first (to [0, 1] when nothing is known).
 */
export function niceTicks(min: number, max: number, count = 5): NiceTicks {
  let lo = min;
  let hi = max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : 0;
    hi = Number.isFinite(hi) ? hi : lo + 1;
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const k0 = Math.floor(lo / step + 1e-9);
  const k1 = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) ticks.push(clean(k * step));
  return { min: clean(k0 * step), max: clean(k1 * step), step, ticks };
}

/** Ticks for a log10 axis covering [min, max] (both > 0). */
export interface LogTicks {
  /** Domain start: a power of ten ≤ the data minimum. */
  min: number;
  /** Domain end: a power of ten ≥ the data maximum (at least one decade above `min`). */
  max: number;
  /** Labelled ticks: powers of ten (thinned to ≤ ~8), plus 2× and 5× within a single decade. */
  ticks: number[];
  /** Unlabelled minor ticks at 2..9 × 10^k (only when the axis spans ≤ 6 decades). */
  minor: number[];
}

/** Powers-of-ten ticks for a log axis. Non-positive or non-finite input falls back to [1, 10]. */
export function logTicks(min: number, max: number): LogTicks {
  let lo = min > 0 && Number.isFinite(min) ? Math.floor(Math.log10(min) + 1e-9) : 0;
  let hi = max > 0 && Number.isFinite(max) ? Math.ceil(Math.log10(max) - 1e-9) : lo + 1;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi === lo) hi = lo + 1;
  const decades = hi - lo;
  const stride = Math.ceil(decades / 8);
  const ticks: number[] = [];
  const minor: number[] = [];
  for (let k = lo; k <= hi; k++) {
    const p = clean(10 ** k);
    if ((k - lo) % stride === 0) ticks.push(p);
    if (k < hi && decades <= 6) {
      for (let m = 2; m <= 9; m++) {
        const v = clean(m * 10 ** k);
        if (decades === 1 && (m === 2 || m === 5)) ticks.push(v);
        else minor.push(v);
      }
    }
  }
  ticks.sort((a, b) => a - b);
  return { min: clean(10 ** lo), max: clean(10 ** hi), ticks, minor };
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function trimExp(s: string): string {
  // "2.50e-4" -> "2.5e-4", "1.00e+6" -> "1e6"
  const [mant = s, exp = '0'] = s.split('e');
  return `${trimZeros(mant)}e${Number(exp)}`;
}

/**
 * Label for a linear-axis tick at `value` on an axis with tick spacing `step`: plain decimals with as
 * many places as the step needs, k/M/G suffixes from 10⁴ up, exponent form for steps under 10⁻³.
 */
export function formatTick(value: number, step: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < step * 1e-9 || value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 && step >= 1) {
    const [unit, suffix] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
    const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step / unit) + 1e-9)));
    return trimZeros((value / unit).toFixed(decimals)) + suffix;
  }
  if (step < 1e-3) return trimExp(value.toExponential(Math.max(0, Math.min(6, Math.round(Math.log10(abs / step))))));
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}

/** Label for a log-axis tick: plain for 10⁻²..10⁴, else 10^k (or m·10^k written as "me k"). */
export function formatLogTick(value: number): Tick {
  const k = Math.floor(Math.log10(value) + 1e-9);
  const m = Math.round(value / 10 ** k);
  if (k >= -2 && k <= 4) return { value, label: trimZeros(value.toFixed(Math.max(0, -k))) };
  if (m === 1) return { value, label: '10', exponent: k };
  return { value, label: `${m}e${k}` };
}

/** A mapping from data values to pixels along one axis. */
export interface Scale {
  log: boolean;
  /** Data-space domain [start, end]. */
  domain: [number, number];
  /** Pixel range [start, end] (for y, start is the bottom). */
  range: [number, number];
  ticks: Tick[];
  minor: number[];
  /** Data value → pixel (NaN for values a log axis cannot show). */
  map(value: number): number;
  /** Axis-space value (log10 of the data on a log axis) → pixel. */
  mapAxis(u: number): number;
  /** Data value → axis-space value. */
  toAxis(value: number): number;
}

/** Options for {@link makeScale}. */
export interface ScaleOptions {
  log?: boolean;
  /** Force the domain start (applied before tick rounding). */
  min?: number;
  /** Force the domain end. */
  max?: number;
  /** Widen the domain to include 0 (bar charts). */
  includeZero?: boolean;
  /** Approximate tick count on a linear axis (default 5). */
  tickCount?: number;
}

/** Builds a scale over the finite (and, for log, positive) `values`, ticks and domain rounded nicely. */
export function makeScale(values: readonly number[], range: [number, number], opts: ScaleOptions = {}): Scale {
  const log = opts.log ?? false;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (opts.min !== undefined && Number.isFinite(opts.min) && (!log || opts.min > 0)) lo = opts.min;
  if (opts.max !== undefined && Number.isFinite(opts.max) && (!log || opts.max > 0)) hi = opts.max;
  if (opts.includeZero && !log) {
    if (lo > 0) lo = 0;
    if (hi < 0) hi = 0;
  }
  let domain: [number, number];
  let ticks: Tick[];
  let minor: number[] = [];
  if (log) {
    const t = logTicks(lo, hi);
    domain = [t.min, t.max];
    ticks = t.ticks.map(formatLogTick);
    minor = t.minor;
  } else {
    if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
    const t = niceTicks(lo, hi, opts.tickCount ?? 5);
    domain = [t.min, t.max];
    ticks = t.ticks.map((v) => ({ value: v, label: formatTick(v, t.step) }));
  }
  const toAxis = (v: number): number => (log ? (v > 0 ? Math.log10(v) : NaN) : v);
  const u0 = toAxis(domain[0]);
  const u1 = toAxis(domain[1]);
  const mapAxis = (u: number): number => range[0] + ((u - u0) / (u1 - u0)) * (range[1] - range[0]);
  return { log, domain, range, ticks, minor, toAxis, mapAxis, map: (v) => mapAxis(toAxis(v)) };
}
