/**
 * The capacity report: an HTML page (summary, scaling table beside the theory's exponent, log–log SVG
 * plots, bits per parameter, every minimum and trial) and the terminal tables.
 */
import { escapeHtml, htmlReport, htmlTable, type TableCell } from '../report/html.js';
import { linePlot, scatterPlot, type PlotSeries } from '../report/svg.js';
import { formatTable } from '../report/table.js';
import type { ScalingFit } from './fit.js';
import { fittable, type CapacityResults, type CapacityVariant, type MinimumRecord } from './results.js';

const na = (x: number | null | undefined): TableCell => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x);

const FIT_COLUMNS = ['fit', 'exponent', 'CI low', 'CI high', 'R²', 'points', 'theory', 'verdict'];

function fitRows(fits: readonly ScalingFit[]): TableCell[][] {
  return fits.map((f) => [f.label, na(f.slope), na(f.low), na(f.high), na(f.r2), f.points, f.theory, f.verdict]);
}

const MIN_COLUMNS = [
  'variant',
  'n',
  'N',
  'labels',
  'bits',
  'min params',
  'memory floats',
  'width',
  'depth',
  'steps',
  'censored',
  'trials',
  'bits/param',
  'bits/stored',
];

function minimumRows(minima: readonly MinimumRecord[]): TableCell[][] {
  return minima.map((m) => [
    m.variant,
    m.length,
    m.count,
    m.labels,
    Math.round(m.bits),
    na(m.params),
    m.memoryFloats,
    na(m.width),
    na(m.depth),
    na(m.steps),
    m.censored,
    m.trials,
    na(m.bitsPerParam),
    na(m.bitsPerStored),
  ]);
}

/** The fits and minima as monospace text tables (for the terminal). */
export function formatCapacityTables(r: CapacityResults): string {
  return [
    formatTable(MIN_COLUMNS, minimumRows(r.minima), { digits: 2 }),
    '',
    formatTable(
      FIT_COLUMNS.slice(0, 7),
      fitRows(r.fits).map((row) => row.slice(0, 7)),
      { digits: 3 },
    ),
    '',
    ...r.summary,
  ].join('\n');
}

function scalingPlot(r: CapacityResults, variant: CapacityVariant, fit: ScalingFit | undefined, x: 'N' | 'nN'): string {
  const rows = r.minima.filter((m) => m.variant === variant && m.params !== null);
  const xOf = (m: MinimumRecord): number => (x === 'nN' ? m.count * m.length : m.count);
  const used = variant === 'memory' ? rows : rows.filter(fittable);
  const floor = variant === 'memory' ? [] : rows.filter((m) => m.censored === 'below');
  const mainName = variant === 'memory' ? 'trainable params (fixed model)' : 'minimum (fitted)';
  const series: PlotSeries[] = [{ name: mainName, points: used.map((m) => ({ x: xOf(m), y: m.params as number })) }];
  if (floor.length > 0)
    series.push({ name: 'grid floor (≤, not fitted)', points: floor.map((m) => ({ x: xOf(m), y: m.params as number })) });
  if (variant === 'memory') {
    series.push({ name: 'trainable + memory floats', points: rows.map((m) => ({ x: xOf(m), y: (m.params as number) + m.memoryFloats })) });
  }
  return scatterPlot({
    title: variant === 'memory' ? 'memory variant: parameters vs N' : `${variant}: minimum parameters vs ${x}`,
    xLabel: x,
    yLabel: 'parameters',
    logX: true,
    logY: true,
    series,
    ...(fit && Number.isFinite(fit.slope)
      ? { fit: { slope: fit.slope, intercept: fit.intercept, label: `fit: exponent ${fit.slope.toFixed(2)}` } }
      : {}),
    referenceLines: [
      { slope: r.theoryExponent, label: `theory: exponent ${r.theoryExponent}` },
      { slope: 1, label: 'linear: exponent 1', color: '#c0504d' },
    ],
  });
}

function bitsPlot(r: CapacityResults): string {
  const series: PlotSeries[] = (['next-token', 'seq2seq', 'memory'] as const)
    .map((v) => ({
      name: v === 'memory' ? 'memory (trainable only)' : v,
      points: r.minima.filter((m) => m.variant === v && m.bitsPerParam !== null).map((m) => ({ x: m.count, y: m.bitsPerParam as number })),
    }))
    .filter((s) => s.points.length > 0);
  return linePlot({
    title: 'bits of label information per trainable parameter',
    xLabel: 'N',
    yLabel: 'bits / param',
    logX: true,
    logY: true,
    series,
    markers: true,
  });
}

const METHOD = `
<p>For each N on a geometric grid, N distinct random token sequences of length n are drawn with random labels
(one per sequence: <em>next-token</em>; one per position: <em>seq2seq</em>). Transformers from a width × depth grid,
ordered by parameter count, are trained with one fixed recipe (full-batch Adam, constant learning rate, gradient
clipping) until every training label is predicted (argmax) or the step budget runs out; the first size that
memorizes is the minimum. The exponent is the least-squares slope of log(min params) on log N (or log nN), with a
t-interval. Bits per parameter = N·(labels per sequence)·log2(#labels) / params.</p>
<p>The memory variant is a fixed small transformer whose read attends over N memory slots holding each stored
sequence's key and label; its trainable weights and its memory floats are counted separately.</p>
<p>Limits: the minimum is an upper bound for this recipe and budget (a longer budget or another optimizer can only
lower it); the grid quantises it; embeddings and the head are a fixed overhead that flattens the slope at small N;
minima at the grid floor or above the grid are censored and left out of the fits; one seed per point.</p>`;

/** The self-contained HTML report of a run. */
export function renderCapacityReport(r: CapacityResults): string {
  const fitFor = (label: string): ScalingFit | undefined => r.fits.find((f) => f.label.startsWith(label));
  const plots: string[] = [];
  if (r.minima.some((m) => m.variant === 'next-token')) plots.push(scalingPlot(r, 'next-token', fitFor('next-token'), 'N'));
  if (r.minima.some((m) => m.variant === 'seq2seq')) plots.push(scalingPlot(r, 'seq2seq', fitFor('seq2seq: min params vs nN'), 'nN'));
  if (r.minima.some((m) => m.variant === 'memory')) plots.push(scalingPlot(r, 'memory', fitFor('memory: trainable params'), 'N'));
  const bits = r.bitsPerParam.map((b) => [b.variant, b.mean, b.min, b.max, b.points] as TableCell[]);
  const trialRows = r.trials.map(
    (t) =>
      [
        t.variant,
        t.length,
        t.count,
        t.width,
        t.depth,
        t.params,
        t.memorized ? 'yes' : 'no',
        t.steps,
        t.bestAccuracy,
        t.seconds,
      ] as TableCell[],
  );
  return htmlReport({
    title: 'memgym capacity: memorization capacity of transformers',
    subtitle: `Minimum parameters to memorize N random labels, beside the theory's exponent ${r.theoryExponent} (Kajitsuka & Sato 2024).`,
    meta: {
      started: r.startedAt,
      runtime: `${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} s CPU`,
      backend: r.backend,
      seed: r.seed,
      vocabulary: r.vocabSize,
      labels: r.numLabels,
      status: r.interrupted ? 'interrupted (finished rows only)' : 'complete',
    },
    sections: [
      { heading: 'Conclusion', html: `<ul>${r.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>` },
      { heading: 'Scaling exponents vs theory', html: htmlTable({ columns: FIT_COLUMNS, rows: fitRows(r.fits), digits: 3 }) },
      { heading: 'Minimum parameters vs N (log–log)', html: plots.join('\n') || '<p>No finished searches.</p>' },
      {
        heading: 'Bits per parameter',
        html: htmlTable({ columns: ['variant', 'mean', 'min', 'max', 'points'], rows: bits, digits: 2 }) + bitsPlot(r),
      },
      { heading: 'Minimal sizes', html: htmlTable({ columns: MIN_COLUMNS, rows: minimumRows(r.minima), digits: 2 }) },
      { heading: 'Method and limits', html: METHOD },
      {
        heading: 'All trained models',
        html: htmlTable({
          columns: ['variant', 'n', 'N', 'width', 'depth', 'params', 'memorized', 'steps', 'best acc', 'seconds'],
          rows: trialRows,
          digits: 3,
        }),
      },
    ],
  });
}
