/**
 * Plots as self-contained SVG strings: line plots with confidence bands (learning curves), grouped bar
 * charts with error whiskers (policy comparisons) and scatter plots with fitted and reference lines
 * (log–log capacity fits). Pure functions; every text is escaped; points that cannot be drawn (NaN,
 * ±Infinity, ≤ 0 on a log axis) are skipped, so no coordinate is ever NaN.
 */
import { type Scale, makeScale } from './svg-axis.js';
import {
  type LegendEntry,
  type PlotBox,
  axes,
  clipDef,
  colorAt,
  esc,
  leftMargin,
  legend,
  legendWidth,
  makeId,
  noDataText,
  px,
  svgOpen,
  titleText,
} from './svg-parts.js';

/** A data point; `low`/`high` bound its confidence interval. */
export interface PlotPoint {
  x: number;
  y: number;
  low?: number;
  high?: number;
}

/** A named series of points; `color` overrides the palette. */
export interface PlotSeries {
  name: string;
  points: readonly PlotPoint[];
  color?: string;
  dashed?: boolean;
}

/** Optional fixed bounds for an axis (data units); missing ends follow the data. */
export interface AxisRange {
  min?: number;
  max?: number;
}

/** Options shared by the x/y plots. */
export interface XYPlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly PlotSeries[];
  logX?: boolean;
  logY?: boolean;
  /** Pixel size; default 640 × 400. */
  width?: number;
  height?: number;
  xRange?: AxisRange;
  yRange?: AxisRange;
}

/** Options for {@link linePlot}. */
export interface LinePlotOptions extends XYPlotOptions {
  /** Draw a dot at every point (default: only at isolated points). */
  markers?: boolean;
}

/** A line in axis space (log10 on a log axis): v = intercept + slope · u. */
export interface FitLine {
  slope: number;
  intercept: number;
  label?: string;
  color?: string;
}

/** A reference line of known slope; without `intercept` it passes through the points' centroid (axis space). */
export interface ReferenceLine {
  slope: number;
  intercept?: number;
  label?: string;
  color?: string;
}

/** Options for {@link scatterPlot}. */
export interface ScatterPlotOptions extends XYPlotOptions {
  /** Fitted line, e.g. from `logLogFit` on log–log axes. */
  fit?: FitLine;
  /** Reference lines, e.g. `{ slope: 0.5, label: 'theory √n' }`. */
  referenceLines?: readonly ReferenceLine[];
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

interface Layout {
  box: PlotBox;
  x: Scale;
  y: Scale;
  legendX: number;
  legendW: number;
}

/** Scales and the plot box for an x/y plot whose legend is `entries`. */
function layoutXY(opts: XYPlotOptions, xs: number[], ys: number[], entries: readonly LegendEntry[]): Layout {
  const width = opts.width ?? 640;
  const height = opts.height ?? 400;
  const top = opts.title === '' ? 16 : 38;
  const bottom = height - (opts.xLabel === '' ? 30 : 46);
  const yScale0 = makeScale(ys, [bottom, top], { log: opts.logY ?? false, ...opts.yRange });
  const left = leftMargin(yScale0, opts.yLabel);
  const legendW = legendWidth(entries, Math.max(80, width * 0.32));
  const right = width - (legendW > 0 ? legendW + 16 : 18);
  const x = makeScale(xs, [left, right], { log: opts.logX ?? false, ...opts.xRange });
  return { box: { width, height, left, top, right, bottom }, x, y: yScale0, legendX: right + 12, legendW };
}

/** Whether (x, y) can be drawn on these axes. */
function drawable(p: PlotPoint, l: Layout): boolean {
  return finite(p.x) && finite(p.y) && (!l.x.log || p.x > 0) && (!l.y.log || p.y > 0);
}

/** Whether the point's interval can be drawn. */
function hasBand(p: PlotPoint, l: Layout): boolean {
  return drawable(p, l) && finite(p.low) && finite(p.high) && (!l.y.log || (p.low > 0 && p.high > 0));
}

/** Runs of consecutive points satisfying `ok` (a failing point breaks the run). */
function runs(points: readonly PlotPoint[], ok: (p: PlotPoint) => boolean): PlotPoint[][] {
  const out: PlotPoint[][] = [];
  let cur: PlotPoint[] = [];
  for (const p of points) {
    if (ok(p)) cur.push(p);
    else if (cur.length) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

function dataValues(series: readonly PlotSeries[]): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (const p of s.points) {
      if (!finite(p.x) || !finite(p.y)) continue;
      xs.push(p.x);
      ys.push(p.y);
      if (finite(p.low)) ys.push(p.low);
      if (finite(p.high)) ys.push(p.high);
    }
  }
  return { xs, ys };
}

function seriesColor(s: PlotSeries, i: number): string {
  return s.color ?? colorAt(i);
}

/**
 * A line plot: one polyline per series (a NaN point breaks the line), an optional shaded band from
 * each point's `low`/`high`, axes with 1-2-5 or power-of-ten ticks, and a legend on the right.
 */
export function linePlot(opts: LinePlotOptions): string {
  const entries: LegendEntry[] = opts.series.map((s, i) => ({
    name: s.name,
    color: seriesColor(s, i),
    kind: s.dashed ? 'dashed' : 'line',
  }));
  const { xs, ys } = dataValues(opts.series);
  const l = layoutXY(opts, xs, ys, entries);
  const clip = makeId('mg-clip', JSON.stringify(opts));
  const out: string[] = [svgOpen(l.box.width, l.box.height, opts.title), clipDef(clip, l.box)];
  out.push(axes(l.box, l.x, l.y, { xLabel: opts.xLabel, yLabel: opts.yLabel }));
  out.push(`<g clip-path="url(#${esc(clip)})">`);
  let any = false;
  opts.series.forEach((s, i) => {
    const color = esc(seriesColor(s, i));
    for (const run of runs(s.points, (p) => hasBand(p, l))) {
      const upper = run.map((p) => `${px(l.x.map(p.x))},${px(l.y.map(p.high as number))}`);
      const lower = run.map((p) => `${px(l.x.map(p.x))},${px(l.y.map(p.low as number))}`).reverse();
      out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
    }
  });
  opts.series.forEach((s, i) => {
    const color = esc(seriesColor(s, i));
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    for (const run of runs(s.points, (p) => drawable(p, l))) {
      any = true;
      const d = run.map((p, k) => `${k === 0 ? 'M' : 'L'}${px(l.x.map(p.x))} ${px(l.y.map(p.y))}`).join(' ');
      if (run.length > 1) {
        out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${dash}/>`);
      }
      if (opts.markers || run.length === 1) {
        for (const p of run) {
          out.push(`<circle cx="${px(l.x.map(p.x))}" cy="${px(l.y.map(p.y))}" r="3" fill="${color}"/>`);
        }
      }
    }
  });
  out.push('</g>');
  if (!any) out.push(noDataText(l.box));
  out.push(titleText(l.box, opts.title), legend(entries, l.legendX, l.box.top + 8, l.legendW), '</svg>');
  return out.join('');
}

/** Pixel segment of the axis-space line v = a + b·u across the x domain, or undefined if not drawable. */
function lineSegment(l: Layout, slope: number, intercept: number): string | undefined {
  if (!finite(slope) || !finite(intercept)) return undefined;
  const u0 = l.x.toAxis(l.x.domain[0]);
  const u1 = l.x.toAxis(l.x.domain[1]);
  const p0 = { x: l.x.mapAxis(u0), y: l.y.mapAxis(intercept + slope * u0) };
  const p1 = { x: l.x.mapAxis(u1), y: l.y.mapAxis(intercept + slope * u1) };
  if (![p0.x, p0.y, p1.x, p1.y].every(Number.isFinite)) return undefined;
  return `x1="${px(p0.x)}" y1="${px(p0.y)}" x2="${px(p1.x)}" y2="${px(p1.y)}"`;
}

/**
 * A scatter plot: dots per series (with vertical whiskers from `low`/`high`), an optional fitted line and
 * reference lines given in axis space (log10 units on log axes, so a log–log fit y = 10^a · x^b is
 * `{ slope: b, intercept: a }`).
 */
export function scatterPlot(opts: ScatterPlotOptions): string {
  const refs = opts.referenceLines ?? [];
  const entries: LegendEntry[] = opts.series.map((s, i) => ({ name: s.name, color: seriesColor(s, i), kind: 'dot' }));
  const fit = opts.fit;
  if (fit) {
    const label = fit.label ?? `fit: slope ${fit.slope.toFixed(3)}`;
    entries.push({ name: label, color: fit.color ?? '#1d2330', kind: 'line' });
  }
  refs.forEach((r) => {
    entries.push({ name: r.label ?? `slope ${r.slope}`, color: r.color ?? '#8a93a3', kind: 'dashed' });
  });
  const { xs, ys } = dataValues(opts.series);
  const l = layoutXY(opts, xs, ys, entries);
  const clip = makeId('mg-clip', JSON.stringify(opts));
  const out: string[] = [svgOpen(l.box.width, l.box.height, opts.title), clipDef(clip, l.box)];
  out.push(axes(l.box, l.x, l.y, { xLabel: opts.xLabel, yLabel: opts.yLabel }));
  out.push(`<g clip-path="url(#${esc(clip)})">`);
  // Centroid of all drawable points in axis space, for reference lines without an intercept.
  let su = 0;
  let sv = 0;
  let n = 0;
  for (const s of opts.series) {
    for (const p of s.points) {
      if (!drawable(p, l)) continue;
      su += l.x.toAxis(p.x);
      sv += l.y.toAxis(p.y);
      n++;
    }
  }
  refs.forEach((r) => {
    const intercept = r.intercept ?? (n > 0 ? sv / n - r.slope * (su / n) : NaN);
    const seg = lineSegment(l, r.slope, intercept);
    if (seg) {
      out.push(`<line ${seg} stroke="${esc(r.color ?? '#8a93a3')}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    }
  });
  if (fit) {
    const seg = lineSegment(l, fit.slope, fit.intercept);
    if (seg) out.push(`<line ${seg} stroke="${esc(fit.color ?? '#1d2330')}" stroke-width="2"/>`);
  }
  opts.series.forEach((s, i) => {
    const color = esc(seriesColor(s, i));
    for (const p of s.points) {
      if (!drawable(p, l)) continue;
      const cx = l.x.map(p.x);
      if (hasBand(p, l)) {
        out.push(
          `<line x1="${px(cx)}" x2="${px(cx)}" y1="${px(l.y.map(p.low as number))}" y2="${px(l.y.map(p.high as number))}" stroke="${color}" stroke-width="1.2"/>`,
        );
      }
      out.push(`<circle cx="${px(cx)}" cy="${px(l.y.map(p.y))}" r="3.5" fill="${color}" fill-opacity="0.85"/>`);
    }
  });
  out.push('</g>');
  if (n === 0) out.push(noDataText(l.box));
  out.push(titleText(l.box, opts.title), legend(entries, l.legendX, l.box.top + 8, l.legendW), '</svg>');
  return out.join('');
}

export { barChart } from './svg-bar.js';
export type { Bar, BarChartOptions, BarGroup } from './svg-bar.js';
