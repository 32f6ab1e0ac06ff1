/**
 * Number formatting shared by the text and HTML tables.
 */

/**
 * A number for a table cell: integers as is (`12`, `100000`), other values with `digits` places
 * (`0.512`), tiny non-zero values in exponent form (`1.50e-5`), NaN as `n/a`, infinities as `∞`/`-∞`.
 */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'n/a';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (Number.isInteger(value)) return String(value);
  const d = Math.max(0, Math.min(20, Math.floor(digits)));
  if (Math.abs(value) < 0.5 * 10 ** -d) return value.toExponential(Math.max(0, d - 1)).replace('e+', 'e');
  return value.toFixed(d);
}
