/**
 * Checks and conversions of the typed arrays the MAT takes (shapes, token ranges, masks).
 */
import { describeValue, ModelError } from '../util/errors.js';

/** A 0/1 mask: 0 = absent/empty, anything else = present. */
export type MaskLike = ArrayLike<number>;

/** Throws unless `n` is a non-negative integer. */
export function checkCount(what: string, n: number, min = 0): void {
  if (!Number.isInteger(n) || n < min) throw new ModelError(`${what}: expected an integer >= ${min}, got ${describeValue(n)}`);
}

/** Throws unless `array.length === expected`. */
export function checkLength(what: string, array: ArrayLike<number> | undefined, expected: number, shape: string): void {
  if (!array || typeof array.length !== 'number') {
    throw new ModelError(`${what}: expected an array of length ${expected} (${shape}), got ${describeValue(array)}`);
  }
  if (array.length !== expected) {
    throw new ModelError(`${what}: expected length ${expected} (${shape}), got ${array.length}`);
  }
}

/** Throws unless `tokens` is an Int32Array of the expected length whose entries are in [0, vocab). */
export function checkTokens(what: string, tokens: Int32Array, expected: number, shape: string, vocab: number): void {
  if (!(tokens instanceof Int32Array)) {
    throw new ModelError(`${what}: expected an Int32Array (${shape}), got ${describeValue(tokens)}`);
  }
  checkLength(what, tokens, expected, shape);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as number;
    if (t < 0 || t >= vocab) throw new ModelError(`${what}[${i}]: expected a token in [0, ${vocab}), got ${t}`);
  }
}

/** Throws unless every entry is finite. */
export function checkFinite(what: string, values: ArrayLike<number>): void {
  // A sum (in doubles: float32 values cannot overflow it) is finite exactly when every term is; only then
  // is the slower per-entry test needed, to name the first bad entry.
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  if (Number.isFinite(sum)) return;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) {
      throw new ModelError(`${what}[${i}]: expected a finite number, got ${describeValue(values[i])}`);
    }
  }
}

/** A mask as 0/1 Float32Array (all ones when omitted). */
export function maskToFloat(what: string, mask: MaskLike | undefined, expected: number, shape: string): Float32Array {
  const out = new Float32Array(expected);
  if (mask === undefined) return out.fill(1);
  checkLength(what, mask, expected, shape);
  for (let i = 0; i < expected; i++) out[i] = (mask[i] as number) === 0 ? 0 : 1;
  return out;
}

/** A Float32Array copy (or the array itself when it already is one). */
export function toFloat32(values: ArrayLike<number>): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}
