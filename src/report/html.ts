/**
 * Self-contained HTML reports: an escaped table builder and a page shell with inline CSS (no scripts,
 * fonts or other external assets), into which SVG plots are inlined.
 */
import { formatNumber } from './format.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `& < > " '` so the text is safe in HTML/XML element content and quoted attributes, and drops
 * the control characters XML 1.0 forbids (everything below U+0020 except tab, LF and CR).
 */
export function escapeHtml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A table cell: numbers are formatted with {@link formatNumber}. */
export type TableCell = string | number;

/** Options for {@link htmlTable}. */
export interface HtmlTableOptions {
  columns: readonly string[];
  rows: readonly (readonly TableCell[])[];
  /** Cells for which this returns true get the `hl` class (bold, tinted). `col` is the column index. */
  highlight?: (row: number, col: number) => boolean;
  /** Digits after the decimal point for non-integer numbers (default 3). */
  digits?: number;
  /** Optional caption shown above the table. */
  caption?: string;
}

/**
 * An HTML `<table>` with every header and cell escaped. Numeric cells are right-aligned (class `num`).
 * Rows shorter than `columns` are padded with empty cells.
 */
export function htmlTable(opts: HtmlTableOptions): string {
  const digits = opts.digits ?? 3;
  const parts: string[] = ['<table class="mg-table">'];
  if (opts.caption !== undefined) parts.push(`<caption>${escapeHtml(opts.caption)}</caption>`);
  parts.push('<thead><tr>');
  for (const c of opts.columns) parts.push(`<th scope="col">${escapeHtml(c)}</th>`);
  parts.push('</tr></thead><tbody>');
  const width = Math.max(opts.columns.length, ...opts.rows.map((r) => r.length));
  opts.rows.forEach((row, r) => {
    parts.push('<tr>');
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      const classes: string[] = [];
      if (typeof cell === 'number') classes.push('num');
      if (opts.highlight?.(r, c)) classes.push('hl');
      const cls = classes.length ? ` class="${classes.join(' ')}"` : '';
      const text = cell === undefined ? '' : typeof cell === 'number' ? formatNumber(cell, digits) : cell;
      parts.push(`<td${cls}>${escapeHtml(text)}</td>`);
    }
    parts.push('</tr>');
  });
  parts.push('</tbody></table>');
  return parts.join('');
}

/** One section of a report: an escaped heading over trusted HTML (a table, an SVG plot, ...). */
export interface ReportSection {
  heading: string;
  /** Raw HTML inserted as is: build it with {@link htmlTable}, the SVG functions or {@link escapeHtml}. */
  html: string;
}

/** Options for {@link htmlReport}. */
export interface HtmlReportOptions {
  title: string;
  subtitle?: string;
  sections: readonly ReportSection[];
  /** Key/value facts shown under the title (seed, config path, date, backend...), escaped. */
  meta?: Readonly<Record<string, string | number>>;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
.subtitle { color: #5a6372; margin: 0 0 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 0.85rem; color: #5a6372; margin: 0 0 16px; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
section { background: #fff; border: 1px solid #e1e4ea; border-radius: 8px; padding: 16px 20px; margin: 16px 0; overflow-x: auto; }
h2 { font-size: 1.15rem; margin: 0 0 12px; }
svg { max-width: 100%; height: auto; }
table.mg-table { border-collapse: collapse; font-size: 0.9rem; }
table.mg-table caption { text-align: left; color: #5a6372; padding-bottom: 6px; }
table.mg-table th, table.mg-table td { padding: 4px 10px; border-bottom: 1px solid #e8ebf0; text-align: left; white-space: nowrap; }
table.mg-table th { background: #f0f2f5; font-weight: 600; }
table.mg-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.mg-table td.hl { font-weight: 700; background: #fff4d6; }
table.mg-table tbody tr:hover { background: #f7f9fc; }
footer { color: #8a93a3; font-size: 0.8rem; margin-top: 24px; }
`;

/** A complete, self-contained HTML page (UTF-8, inline CSS, no external requests). */
export function htmlReport(opts: HtmlReportOptions): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(opts.title)}</h1>`,
  ];
  if (opts.subtitle !== undefined) out.push(`<p class="subtitle">${escapeHtml(opts.subtitle)}</p>`);
  const meta = Object.entries(opts.meta ?? {});
  if (meta.length > 0) {
    out.push('<dl class="meta">');
    for (const [k, v] of meta) out.push(`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`);
    out.push('</dl>');
  }
  for (const s of opts.sections) {
    out.push('<section>', `<h2>${escapeHtml(s.heading)}</h2>`, s.html, '</section>');
  }
  out.push('<footer>Generated by memgym.</footer>', '</main>', '</body>', '</html>', '');
  return out.join('\n');
}
