/**
 * Building blocks shared by the SVG plots: the document shell, plot-area layout, axes with grid and
 * ticks, legends, colours and coordinate formatting. All text goes through `escapeHtml`; all styling is
 * in attributes (no `<style>`), so SVGs inlined into one HTML page cannot affect each other.
 */
import { escapeHtml } from './html.js';
import type { Scale, Tick } from './svg-axis.js';

/** Tableau-10 palette, colour-blind friendly enough and print safe. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/** The palette colour for index `i` (cycling). */
export function colorAt(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length] as string;
}

export const FONT_SIZE = 12;
/** Rough average glyph width of the sans-serif font at {@link FONT_SIZE}. */
export const CHAR_WIDTH = 6.6;

/** Estimated rendered width of `text` in pixels at `size`. */
export function textWidth(text: string, size = FONT_SIZE): number {
  return [...text].length * CHAR_WIDTH * (size / FONT_SIZE);
}

/** `text` cut to at most `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** A pixel coordinate: finite by construction, clamped to ±1e6, at most two decimals. */
export function px(v: number): string {
  const c = Number.isFinite(v) ? Math.max(-1e6, Math.min(1e6, v)) : 0;
  return String(Math.round(c * 100) / 100);
}

/** `s` escaped for element content or a double-quoted attribute. */
export const esc = escapeHtml;

/** A deterministic short id (FNV-1a of `seed`), so several SVGs on one page get distinct clip ids. */
export function makeId(prefix: string, seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}-${h.toString(36)}`;
}

/** The pixel box of the plotting area inside the SVG. */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Opening tag, accessible title and white background of an SVG document. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" ` +
    `viewBox="0 0 ${px(width)} ${px(height)}" role="img" aria-label="${esc(title)}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="${FONT_SIZE}">` +
    `<title>${esc(title)}</title>` +
    `<rect x="0" y="0" width="${px(width)}" height="${px(height)}" fill="#ffffff"/>`
  );
}

/** The plot title centred above the plotting area. */
export function titleText(box: PlotBox, title: string): string {
  if (title === '') return '';
  const x = (box.left + box.right) / 2;
  return `<text x="${px(x)}" y="22" text-anchor="middle" font-size="15" font-weight="600" fill="#1d2330">${esc(title)}</text>`;
}

/** A `<clipPath>` for the plotting area. */
export function clipDef(id: string, box: PlotBox): string {
  return (
    `<defs><clipPath id="${esc(id)}"><rect x="${px(box.left)}" y="${px(box.top)}" ` +
    `width="${px(box.right - box.left)}" height="${px(box.bottom - box.top)}"/></clipPath></defs>`
  );
}

function tickLabel(t: Tick, x: number, y: number, anchor: string, extra = ''): string {
  const sup = t.exponent !== undefined ? `<tspan dy="-0.45em" font-size="9">${esc(String(t.exponent))}</tspan>` : '';
  return `<text x="${px(x)}" y="${px(y)}" text-anchor="${anchor}" fill="#4a5160"${extra}>${esc(t.label)}${sup}</text>`;
}

/** Options for {@link axes}. */
export interface AxesOptions {
  xLabel: string;
  yLabel: string;
  /** Omit x ticks (bar charts draw their own category labels). */
  noXTicks?: boolean;
}

/** Grid lines, the frame, tick marks and labels, and the axis titles. */
export function axes(box: PlotBox, x: Scale | undefined, y: Scale, opts: AxesOptions): string {
  const parts: string[] = ['<g>'];
  const { left, right, top, bottom } = box;
  for (const v of y.minor) {
    const py = y.map(v);
    if (py < top - 0.5 || py > bottom + 0.5) continue;
    parts.push(`<line x1="${px(left)}" x2="${px(right)}" y1="${px(py)}" y2="${px(py)}" stroke="#f1f3f6"/>`);
  }
  for (const t of y.ticks) {
    const py = y.map(t.value);
    if (!(py >= top - 0.5 && py <= bottom + 0.5)) continue;
    parts.push(`<line x1="${px(left)}" x2="${px(right)}" y1="${px(py)}" y2="${px(py)}" stroke="#e3e6eb"/>`);
    parts.push(`<line x1="${px(left - 4)}" x2="${px(left)}" y1="${px(py)}" y2="${px(py)}" stroke="#8a93a3"/>`);
    parts.push(tickLabel(t, left - 7, py + 4, 'end'));
  }
  if (x && !opts.noXTicks) {
    for (const v of x.minor) {
      const pxv = x.map(v);
      if (pxv < left - 0.5 || pxv > right + 0.5) continue;
      parts.push(`<line x1="${px(pxv)}" x2="${px(pxv)}" y1="${px(top)}" y2="${px(bottom)}" stroke="#f1f3f6"/>`);
    }
    for (const t of x.ticks) {
      const pxv = x.map(t.value);
      if (!(pxv >= left - 0.5 && pxv <= right + 0.5)) continue;
      parts.push(`<line x1="${px(pxv)}" x2="${px(pxv)}" y1="${px(top)}" y2="${px(bottom)}" stroke="#e3e6eb"/>`);
      parts.push(`<line x1="${px(pxv)}" x2="${px(pxv)}" y1="${px(bottom)}" y2="${px(bottom + 4)}" stroke="#8a93a3"/>`);
      parts.push(tickLabel(t, pxv, bottom + 17, 'middle'));
    }
  }
  parts.push(
    `<rect x="${px(left)}" y="${px(top)}" width="${px(right - left)}" height="${px(bottom - top)}" fill="none" stroke="#8a93a3"/>`,
  );
  if (opts.xLabel !== '') {
    parts.push(
      `<text x="${px((left + right) / 2)}" y="${px(box.height - 8)}" text-anchor="middle" fill="#1d2330">${esc(opts.xLabel)}</text>`,
    );
  }
  if (opts.yLabel !== '') {
    const cy = (top + bottom) / 2;
    parts.push(
      `<text x="14" y="${px(cy)}" transform="rotate(-90 14 ${px(cy)})" text-anchor="middle" dominant-baseline="middle" fill="#1d2330">${esc(opts.yLabel)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Width of the left margin: room for the rotated y label and the widest y tick label. */
export function leftMargin(y: Scale, yLabel: string): number {
  const widest = Math.max(0, ...y.ticks.map((t) => textWidth(t.label) + (t.exponent !== undefined ? 12 : 0)));
  return (yLabel === '' ? 10 : 28) + widest + 10;
}

/** How a legend entry's swatch is drawn. */
export type SwatchKind = 'line' | 'dashed' | 'box' | 'dot';

/** One legend row. */
export interface LegendEntry {
  name: string;
  color: string;
  kind: SwatchKind;
}

/** Legend width needed for `entries`, capped at `max` (0 when there is nothing to show). */
export function legendWidth(entries: readonly LegendEntry[], max: number): number {
  const named = entries.filter((e) => e.name !== '');
  if (named.length === 0) return 0;
  return Math.min(max, 34 + Math.max(...named.map((e) => textWidth(e.name))));
}

/** Legend rows stacked at (x, y), names truncated to fit `width`; full names in tooltips. */
export function legend(entries: readonly LegendEntry[], x: number, y: number, width: number): string {
  const named = entries.filter((e) => e.name !== '');
  if (named.length === 0) return '';
  const maxChars = Math.max(3, Math.floor((width - 34) / CHAR_WIDTH + 1e-6));
  const parts: string[] = ['<g>'];
  named.forEach((e, i) => {
    const cy = y + i * 18;
    const c = esc(e.color);
    let swatch: string;
    if (e.kind === 'box') swatch = `<rect x="${px(x)}" y="${px(cy - 5)}" width="16" height="10" fill="${c}"/>`;
    else if (e.kind === 'dot') swatch = `<circle cx="${px(x + 8)}" cy="${px(cy)}" r="3.5" fill="${c}"/>`;
    else {
      const dash = e.kind === 'dashed' ? ' stroke-dasharray="5 3"' : '';
      swatch = `<line x1="${px(x)}" x2="${px(x + 16)}" y1="${px(cy)}" y2="${px(cy)}" stroke="${c}" stroke-width="2"${dash}/>`;
    }
    parts.push(
      `<g><title>${esc(e.name)}</title>${swatch}` +
        `<text x="${px(x + 22)}" y="${px(cy + 4)}" fill="#1d2330">${esc(truncate(e.name, maxChars))}</text></g>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

/** A centred "no data" note inside the plotting area. */
export function noDataText(box: PlotBox): string {
  return `<text x="${px((box.left + box.right) / 2)}" y="${px((box.top + box.bottom) / 2)}" text-anchor="middle" fill="#8a93a3">no data</text>`;
}
