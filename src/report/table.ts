/**
 * Monospace text tables and "mean ± half-width" strings for terminal output.
 */
import { ReportError } from '../util/errors.js';
import { formatNumber } from './format.js';
import type { TableCell } from './html.js';

/** Column alignment. */
export type Align = 'left' | 'right' | 'center';

/** Options for {@link formatTable}. */
export interface FormatTableOptions {
  /** Per-column alignment; default: right for columns whose cells are all numbers, else left. */
  align?: readonly Align[];
  /** Digits after the decimal point for non-integer numbers (default 3). */
  digits?: number;
}

/** Display width of a string (code points; the table assumes no wide glyphs). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: Align): string {
  const gap = w - width(s);
  if (gap <= 0) return s;
  if (align === 'right') return ' '.repeat(gap) + s;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + s + ' '.repeat(gap - Math.floor(gap / 2));
  return s + ' '.repeat(gap);
}

/**
 * A text table: header, a dashed rule, then one line per row; columns separated by two spaces, no
 * trailing spaces. Numbers are formatted with `formatNumber`; newlines inside cells become spaces.
 * Throws `ReportError` when `align` has the wrong length.
 */
export function formatTable(columns: readonly string[], rows: readonly (readonly TableCell[])[], opts: FormatTableOptions = {}): string {
  const digits = opts.digits ?? 3;
  const ncol = Math.max(columns.length, ...rows.map((r) => r.length));
  if (opts.align && opts.align.length !== ncol) {
    throw new ReportError(`expected ${ncol} alignments (one per column), got ${opts.align.length}`);
  }
  const text = (c: TableCell | undefined): string =>
    c === undefined ? '' : (typeof c === 'number' ? formatNumber(c, digits) : c).replace(/\r?\n|\r/g, ' ');
  const head = Array.from({ length: ncol }, (_, i) => text(columns[i]));
  const body = rows.map((r) => Array.from({ length: ncol }, (_, i) => text(r[i])));
  const align: Align[] = Array.from({ length: ncol }, (_, i) => {
    const given = opts.align?.[i];
    if (given) return given;
    const numeric = rows.length > 0 && rows.every((r) => r[i] === undefined || typeof r[i] === 'number');
    return numeric ? 'right' : 'left';
  });
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, align[i] ?? 'left'))
      .join('  ')
      .replace(/\s+$/, '');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * "mean ± halfWidth" with `digits` places, e.g. `formatMeanCi(0.5123, 0.0311, 3)` → "0.512 ± 0.031".
 * A NaN mean gives "n/a"; a non-finite half-width (n < 2) gives "0.512 ± n/a".
 */
export function formatMeanCi(mean: number, halfWidth: number, digits = 3): string {
  if (Number.isNaN(mean)) return 'n/a';
  const d = Math.max(0, Math.min(20, Math.floor(digits)));
  const m = Number.isFinite(mean) ? mean.toFixed(d) : formatNumber(mean);
  const h = Number.isFinite(halfWidth) ? Math.abs(halfWidth).toFixed(d) : 'n/a';
  return `${m} ± ${h}`;
}
