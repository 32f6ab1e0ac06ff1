/** Internal helpers shared by the space classes (not re-exported). */

/** Shortest decimal that maps back to the same float32 (so 0.1f prints as 0.1, not 0.10000000149). */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  for (let p = 1; p <= 9; p++) {
    const s = Number(x.toPrecision(p));
    if (Math.fround(s) === x || s === x) return String(s);
  }
  return String(x);
}

/** `[a, b, c]` with at most `max` entries shown. */
export function formatList(values: ArrayLike<number>, max = 8, fmt: (x: number) => string = String): string {
  const parts: string[] = [];
  const n = Math.min(values.length, max);
  for (let i = 0; i < n; i++) parts.push(fmt(values[i] as number));
  if (values.length > max) parts.push(`… ${values.length - max} more`);
  return `[${parts.join(', ')}]`;
}

/** Product of the entries of a shape (1 for `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** True for a non-negative safe integer. */
export function isNonNegativeInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** True for a positive safe integer. */
export function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}
