import { SpaceError, describeValue } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';
import type { Space } from '../space.js';
import { formatFloat32, formatList, isPositiveInteger, shapeSize } from './format.js';

/** Element type of a {@link Box}. Only float32 for now (values are `Float32Array`). */
export type BoxDtype = 'float32';

/**
 * A (possibly unbounded) box in R^shape: `low[i] ≤ x[i] ≤ high[i]`. Values are flat row-major
 * `Float32Array`s of length `size`. Bounds may be ±Infinity.
 *
 * Sampling (as Gymnasium): uniform in dims bounded on both sides, standard normal in unbounded dims,
 * `low + Exp(1)` / `high − Exp(1)` in dims bounded on one side.
 */
export class Box implements Space<Float32Array> {
  /** Per-element lower bounds (float32). */
  readonly low: Float32Array;
  /** Per-element upper bounds (float32). */
  readonly high: Float32Array;
  readonly shape: readonly number[];
  readonly dtype: BoxDtype;
  /** Number of elements (product of the shape). */
  readonly size: number;

  /**
   * @param low scalar (broadcast) or one bound per element
   * @param high scalar (broadcast) or one bound per element
   * @param shape required when both bounds are scalars; otherwise defaults to `[length]`
   */
  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[], dtype: BoxDtype = 'float32') {
    if (dtype !== 'float32') throw new SpaceError(`Box: expected dtype "float32", got ${describeValue(dtype)}`);
    let resolved: number[];
    if (shape !== undefined) resolved = [...shape];
    else if (typeof low !== 'number') resolved = [low.length];
    else if (typeof high !== 'number') resolved = [high.length];
    else throw new SpaceError('Box: expected a shape when low and high are both scalars, got none');
    if (!resolved.every((d) => isPositiveInteger(d))) {
      throw new SpaceError(`Box: expected a shape of positive integers, got [${resolved.join(', ')}]`);
    }
    this.shape = resolved;
    this.dtype = dtype;
    this.size = shapeSize(resolved);
    this.low = Box.broadcast('low', low, this.size);
    this.high = Box.broadcast('high', high, this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      if (Number.isNaN(lo) || Number.isNaN(hi)) throw new SpaceError(`Box: expected bounds that are not NaN, got NaN at index ${i}`);
      if (lo > hi) throw new SpaceError(`Box: expected low ≤ high, got low ${formatFloat32(lo)} > high ${formatFloat32(hi)} at index ${i}`);
    }
  }

  private static broadcast(name: string, v: number | ArrayLike<number>, size: number): Float32Array {
    if (typeof v === 'number') return new Float32Array(size).fill(v);
    if (v.length !== size) throw new SpaceError(`Box: expected ${name} of length ${size}, got length ${v.length}`);
    return Float32Array.from(v);
  }

  /** True when every element is bounded on both sides. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) {
      if (!Number.isFinite(this.low[i]) || !Number.isFinite(this.high[i])) return false;
    }
    return true;
  }

  /** A random element (see class doc). Boxes take no mask: passing one throws SpaceError. */
  sample(rng: Rng, mask?: Uint8Array): Float32Array {
    if (mask !== undefined)
      throw new SpaceError(`${this.toString()}: expected no mask (Box sampling cannot be masked), got ${describeValue(mask)}`);
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      const below = Number.isFinite(lo);
      const above = Number.isFinite(hi);
      let x: number;
      if (below && above) x = lo === hi ? lo : rng.uniform(lo, hi);
      else if (below) x = lo - Math.log(1 - rng.next());
      else if (above) x = hi + Math.log(1 - rng.next());
      else x = rng.normal();
      // float32 rounding must not leave the box.
      out[i] = Math.min(Math.max(Math.fround(x), lo), hi);
    }
    return out;
  }

  contains(value: unknown): value is Float32Array {
    if (!(value instanceof Float32Array) || value.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = value[i] as number;
      if (!(v >= (this.low[i] as number) && v <= (this.high[i] as number))) return false;
    }
    return true;
  }

  explain(value: unknown): string | undefined {
    if (!(value instanceof Float32Array) || value.length !== this.size) {
      return `expected Float32Array of length ${this.size}, got ${describeValue(value)}`;
    }
    for (let i = 0; i < this.size; i++) {
      const v = value[i] as number;
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      if (!(v >= lo && v <= hi)) {
        return `expected values in [${formatFloat32(lo)}, ${formatFloat32(hi)}], got ${formatFloat32(v)} at index ${i}`;
      }
    }
    return undefined;
  }

  toString(): string {
    const bound = (b: Float32Array): string =>
      b.every((x) => x === b[0]) ? formatFloat32(b[0] as number) : formatList(b, 4, formatFloat32);
    return `Box(${bound(this.low)}, ${bound(this.high)}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}
