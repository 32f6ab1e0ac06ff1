/**
 * Result records of a capacity run and their analysis: the scaling fits and the plain-words summary.
 */
import { fitScaling, type ScalingFit, type ScalingPoint } from './fit.js';
import type { Censoring } from './search.js';
import type { TrainResult } from './train.js';

/** What was trained: the plain transformer in one of the two settings, or the memory-augmented variant. */
export type CapacityVariant = 'next-token' | 'seq2seq' | 'memory';

/** One trained model (a line of trials.jsonl): its training outcome, and what it was. */
export interface TrialRecord extends TrainResult {
  variant: CapacityVariant;
  /** n: sequence length. */
  length: number;
  /** N: sequences. */
  count: number;
  width: number;
  depth: number;
  /** Position in the size grid. */
  gridIndex: number;
  /** Trainable parameters. */
  params: number;
  /** Numbers held in external memory (memory variant: N·(d_k + 1); else 0). */
  memoryFloats: number;
  /** Weight-initialisation seed. */
  seed: number;
}

/** The outcome of the size search for one (variant, n, N) (a row of minima.csv). */
export interface MinimumRecord {
  variant: CapacityVariant;
  length: number;
  count: number;
  /** Labels to memorize: N (next-token, memory) or nN (seq2seq). */
  labels: number;
  /** Label information: labels · log2(numLabels). */
  bits: number;
  /** Smallest trainable parameter count that memorized; null when none in the grid did. */
  params: number | null;
  /** Numbers in external memory at that size (0 for plain transformers). */
  memoryFloats: number;
  width: number | null;
  depth: number | null;
  /** Steps the minimal model needed. */
  steps: number | null;
  censored: Censoring;
  /** Models trained for this search. */
  trials: number;
  seconds: number;
  /** bits / params. */
  bitsPerParam: number | null;
  /** bits / (params + memoryFloats). */
  bitsPerStored: number | null;
}

/** The whole run (results.json). */
export interface CapacityResults {
  startedAt: string;
  /** Wall-clock seconds of the run. */
  seconds: number;
  /** CPU seconds (user + system) of this process during the run: less sensitive to other load. */
  cpuSeconds: number;
  backend: string;
  seed: number;
  /** Stopped early by SIGINT: the rows are the finished ones. */
  interrupted: boolean;
  vocabSize: number;
  numLabels: number;
  theoryExponent: number;
  level: number;
  trials: TrialRecord[];
  minima: MinimumRecord[];
  fits: ScalingFit[];
  /** Bits per parameter over the fitted (uncensored) minima, per variant. */
  bitsPerParam: BitsSummary[];
  /** Plain-words conclusions. */
  summary: string[];
}

/** Bits stored per trainable parameter over a variant's fitted minima. */
export interface BitsSummary {
  variant: CapacityVariant;
  mean: number;
  min: number;
  max: number;
  points: number;
}

/** The minima a transformer fit uses: found inside the grid (not censored). */
export function fittable(m: MinimumRecord): boolean {
  return m.params !== null && m.censored === 'none';
}

function points(rows: readonly MinimumRecord[], x: (m: MinimumRecord) => number, y: (m: MinimumRecord) => number): ScalingPoint[] {
  return rows.map((m) => ({ x: x(m), y: y(m) }));
}

function memoryVerdict(fit: ScalingFit, what: 'trainable' | 'total'): string {
  if (fit.points < 3 || !Number.isFinite(fit.low)) return `too few points (${fit.points}) for an interval; no conclusion`;
  if (what === 'trainable') {
    return fit.low <= 0 && fit.high >= 0
      ? 'flat: the trained weights do not grow with N — the external memory holds the data'
      : `the trained weights grow as N^${fit.slope.toFixed(2)} (the fixed model did not suffice at every N)`;
  }
  return fit.low <= 1 && fit.high >= 1
    ? 'linear: counting the memory, storage grows like N (one slot per item), as a lookup must'
    : `storage grows as N^${fit.slope.toFixed(2)}`;
}

/** Computes the scaling fits of the minima. */
export function computeFits(minima: readonly MinimumRecord[], theory: number, level: number): ScalingFit[] {
  const fits: ScalingFit[] = [];
  const nt = minima.filter((m) => m.variant === 'next-token' && fittable(m));
  const s2s = minima.filter((m) => m.variant === 'seq2seq' && fittable(m));
  const mem = minima.filter((m) => m.variant === 'memory' && m.params !== null);
  const params = (m: MinimumRecord): number => m.params as number;
  if (minima.some((m) => m.variant === 'next-token')) {
    fits.push(
      fitScaling(
        'next-token: min params vs N',
        'N',
        points(nt, (m) => m.count, params),
        theory,
        level,
      ),
    );
  }
  if (minima.some((m) => m.variant === 'seq2seq')) {
    fits.push(
      fitScaling(
        'seq2seq: min params vs nN',
        'nN',
        points(s2s, (m) => m.count * m.length, params),
        theory,
        level,
      ),
    );
    fits.push(
      fitScaling(
        'seq2seq: min params vs N',
        'N',
        points(s2s, (m) => m.count, params),
        theory,
        level,
      ),
    );
  }
  if (minima.some((m) => m.variant === 'memory')) {
    const tr = fitScaling(
      'memory: trainable params vs N',
      'N',
      points(mem, (m) => m.count, params),
      theory,
      level,
    );
    fits.push({ ...tr, verdict: memoryVerdict(tr, 'trainable') });
    const tot = fitScaling(
      'memory: trainable + memory floats vs N',
      'N',
      points(
        mem,
        (m) => m.count,
        (m) => params(m) + m.memoryFloats,
      ),
      theory,
      level,
    );
    fits.push({ ...tot, verdict: memoryVerdict(tot, 'total') });
  }
  return fits;
}

/** Mean/min/max bits per trainable parameter over each variant's fitted minima. */
export function summariseBits(minima: readonly MinimumRecord[]): BitsSummary[] {
  const out: BitsSummary[] = [];
  for (const variant of ['next-token', 'seq2seq', 'memory'] as const) {
    const xs = minima
      .filter((m) => m.variant === variant && (variant === 'memory' ? m.params !== null : fittable(m)))
      .map((m) => m.bitsPerParam as number);
    if (xs.length === 0) continue;
    out.push({ variant, mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs), points: xs.length });
  }
  return out;
}

const fmt = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Plain-words conclusions from the fits and bits per parameter. */
export function summarise(
  minima: readonly MinimumRecord[],
  fits: readonly ScalingFit[],
  bits: readonly BitsSummary[],
  theory: number,
  interrupted: boolean,
): string[] {
  const lines: string[] = [];
  if (interrupted) lines.push('The run was interrupted: these conclusions use only the searches that finished.');
  for (const f of fits) {
    const ci = Number.isFinite(f.low) ? ` (${Math.round(f.level * 100)}% CI ${fmt(f.low)} to ${fmt(f.high)})` : '';
    lines.push(`${f.label}: exponent ${fmt(f.slope)}${ci}, ${f.points} points — ${f.verdict}.`);
  }
  for (const b of bits) {
    lines.push(
      `${b.variant}: ${fmt(b.mean)} bits of label information per trainable parameter on average (range ${fmt(b.min)}–${fmt(b.max)}, ${b.points} points).`,
    );
  }
  const below = minima.filter((m) => m.variant !== 'memory' && m.censored === 'below').length;
  const above = minima.filter((m) => m.variant !== 'memory' && m.censored === 'above').length;
  if (below + above > 0) {
    lines.push(`${below} search(es) hit the grid floor and ${above} found no memorizing size; both are left out of the transformer fits.`);
  }
  const main = fits.filter((f) => f.label.startsWith('next-token') || f.label.includes('vs nN'));
  const linear = main.filter((f) => f.verdict.startsWith('supports linear')).length;
  const theoryOk = main.filter((f) => f.verdict.startsWith('supports the theory')).length;
  if (main.length > 0) {
    if (linear > 0 && theoryOk === 0) {
      lines.push(
        `Overall the measurement supports linear scaling (a roughly constant number of bits per parameter), not the theory's ${theory}. ` +
          'This does not contradict the theorem: its Õ(√N) construction uses hand-set weights whose bit precision grows with N, ' +
          'whereas float32 weights found by Adam store a bounded number of bits per parameter.',
      );
    } else if (theoryOk > 0 && linear === 0) {
      lines.push(`Overall the measurement supports the theory's exponent ${theory} over linear scaling on this grid.`);
    } else {
      lines.push(
        `Overall the measurement does not decide between the theory's ${theory} and linear scaling on this grid; more N points or repeats are needed.`,
      );
    }
  }
  return lines;
}
