/**
 * Grouped bar charts with error whiskers, as self-contained SVG strings (re-exported by svg.ts).
 */
import { makeScale } from './svg-axis.js';
import { formatNumber } from './format.js';
import {
  type LegendEntry,
  type PlotBox,
  axes,
  colorAt,
  esc,
  leftMargin,
  legend,
  legendWidth,
  noDataText,
  px,
  svgOpen,
  textWidth,
  titleText,
  truncate,
} from './svg-parts.js';

/** One bar: its value, optional interval `low`..`high` (whisker) and emphasis. */
export interface Bar {
  label: string;
  value: number;
  low?: number;
  high?: number;
  /** Drawn with a dark outline and a bold value label (e.g. the best policy). */
  highlight?: boolean;
}

/** Bars that stand side by side under one category label. */
export interface BarGroup {
  label: string;
  bars: readonly Bar[];
}

/** Options for {@link barChart}. */
export interface BarChartOptions {
  title: string;
  yLabel: string;
  groups: readonly BarGroup[];
  /** Pixel size; default 640 × 400. */
  width?: number;
  height?: number;
  /** Fixed y bounds (0 is always included). */
  yRange?: { min?: number; max?: number };
  /** Print each bar's value above it (default false). */
  showValues?: boolean;
  /** Digits for printed values and tooltips (default 3). */
  digits?: number;
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
const MAX_LABEL = 28;

/**
 * A grouped bar chart: bars are coloured by their label (the same label gets the same colour in every
 * group; a legend appears when there is more than one label), whiskers show `low`..`high`, bars grow
 * from 0 (negative values go down), and category labels are rotated when they do not fit.
 * A bar with a non-finite value is left out and marked "n/a".
 */
export function barChart(opts: BarChartOptions): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 400;
  const digits = opts.digits ?? 3;
  const labels: string[] = [];
  for (const g of opts.groups) for (const b of g.bars) if (!labels.includes(b.label)) labels.push(b.label);
  const colorOf = (label: string): string => colorAt(labels.indexOf(label));
  const entries: LegendEntry[] = labels.length > 1 ? labels.map((name) => ({ name, color: colorOf(name), kind: 'box' })) : [];

  const values: number[] = [];
  for (const g of opts.groups) {
    for (const b of g.bars) for (const v of [b.value, b.low, b.high]) if (finite(v)) values.push(v);
  }
  const top = opts.title === '' ? 16 : 38;
  const legendW = legendWidth(entries, Math.max(80, width * 0.3));
  const right = width - (legendW > 0 ? legendW + 16 : 18);
  // Category labels: horizontal when they fit their slot, else rotated by 35°.
  const groupLabels = opts.groups.map((g) => truncate(g.label, MAX_LABEL));
  const longest = Math.max(0, ...groupLabels.map((s) => textWidth(s)));
  const provisionalSlot = (right - 80) / Math.max(1, opts.groups.length);
  const rotate = longest > provisionalSlot - 6;
  const bottom = height - (rotate ? 22 + longest * 0.6 : 40);
  const y = makeScale(values, [bottom, top], { includeZero: true, ...opts.yRange });
  // A rotated first label reaches left of its slot centre by its width · cos 35°.
  const reach = rotate ? longest * Math.cos((35 * Math.PI) / 180) - provisionalSlot / 2 + 8 : 0;
  const left = Math.min(width * 0.4, Math.max(leftMargin(y, opts.yLabel), reach));
  const box: PlotBox = { width, height, left, top, right, bottom };

  const out: string[] = [svgOpen(width, height, opts.title)];
  out.push(axes(box, undefined, y, { xLabel: '', yLabel: opts.yLabel, noXTicks: true }));
  const clampY = (v: number): number => Math.max(top, Math.min(bottom, y.map(v)));
  const y0 = clampY(0);
  const slot = (right - left) / Math.max(1, opts.groups.length);
  let drawn = 0;
  opts.groups.forEach((g, gi) => {
    const gx = left + gi * slot;
    const n = Math.max(1, g.bars.length);
    const barW = (slot * 0.8) / n;
    g.bars.forEach((b, bi) => {
      const bx = gx + slot * 0.1 + bi * barW;
      const cx = bx + barW / 2;
      const tip =
        `${g.label} / ${b.label}: ${formatNumber(b.value, digits)}` +
        (finite(b.low) && finite(b.high) ? ` [${formatNumber(b.low, digits)}, ${formatNumber(b.high, digits)}]` : '');
      if (!finite(b.value)) {
        out.push(
          `<text x="${px(cx)}" y="${px(y0 - 4)}" text-anchor="middle" font-size="10" fill="#8a93a3"><title>${esc(tip)}</title>n/a</text>`,
        );
        return;
      }
      drawn++;
      const yv = clampY(b.value);
      const stroke = b.highlight ? ' stroke="#1d2330" stroke-width="2"' : '';
      out.push(
        `<g><title>${esc(tip)}</title><rect x="${px(bx + 1)}" y="${px(Math.min(y0, yv))}" width="${px(Math.max(1, barW - 2))}" ` +
          `height="${px(Math.abs(yv - y0))}" fill="${esc(colorOf(b.label))}"${stroke}/></g>`,
      );
      if (finite(b.low) && finite(b.high)) {
        const yl = clampY(b.low);
        const yh = clampY(b.high);
        const cap = Math.min(8, barW * 0.4) / 2;
        out.push(
          `<path d="M${px(cx)} ${px(yl)} L${px(cx)} ${px(yh)} M${px(cx - cap)} ${px(yl)} L${px(cx + cap)} ${px(yl)} ` +
            `M${px(cx - cap)} ${px(yh)} L${px(cx + cap)} ${px(yh)}" stroke="#1d2330" stroke-width="1.2" fill="none"/>`,
        );
      }
      if (opts.showValues) {
        const above = b.value >= 0;
        const ref = finite(b.high) && above ? Math.min(yv, clampY(b.high)) : yv;
        const ty = above ? ref - 4 : yv + 12;
        const weight = b.highlight ? ' font-weight="700"' : '';
        out.push(
          `<text x="${px(cx)}" y="${px(ty)}" text-anchor="middle" font-size="10" fill="#1d2330"${weight}>${esc(formatNumber(b.value, digits))}</text>`,
        );
      }
    });
    const lx = gx + slot / 2;
    const label = esc(groupLabels[gi] ?? '');
    const full = `<title>${esc(g.label)}</title>`;
    if (rotate) {
      const ly = bottom + 14;
      out.push(
        `<text x="${px(lx)}" y="${px(ly)}" transform="rotate(-35 ${px(lx)} ${px(ly)})" text-anchor="end" fill="#4a5160">${full}${label}</text>`,
      );
    } else {
      out.push(`<text x="${px(lx)}" y="${px(bottom + 18)}" text-anchor="middle" fill="#4a5160">${full}${label}</text>`);
    }
  });
  if (y.domain[0] < 0 && y.domain[1] > 0) {
    out.push(`<line x1="${px(left)}" x2="${px(right)}" y1="${px(y0)}" y2="${px(y0)}" stroke="#4a5160"/>`);
  }
  if (drawn === 0) out.push(noDataText(box));
  out.push(titleText(box, opts.title), legend(entries, right + 12, top + 8, legendW), '</svg>');
  return out.join('');
}
