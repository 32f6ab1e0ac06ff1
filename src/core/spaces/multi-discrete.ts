import { SpaceError, describeValue } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';
import type { Space } from '../space.js';
import { formatList, isPositiveInteger } from './format.js';

/**
 * A vector of independent discrete values: element i is an integer in `[start[i], start[i] + nvec[i])`.
 * Values are `Int32Array`s of length `nvec.length`.
 */
export class MultiDiscrete implements Space<Int32Array> {
  /** Number of choices per entry. */
  readonly nvec: Int32Array;
  /** Smallest value per entry (default all 0). */
  readonly start: Int32Array;
  readonly shape: readonly number[];

  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>) {
    if (nvec.length === 0) throw new SpaceError('MultiDiscrete: expected a non-empty nvec, got length 0');
    for (let i = 0; i < nvec.length; i++) {
      if (!isPositiveInteger(nvec[i])) {
        throw new SpaceError(`MultiDiscrete: expected nvec[${i}] to be a positive integer, got ${describeValue(nvec[i])}`);
      }
    }
    if (start !== undefined && start.length !== nvec.length) {
      throw new SpaceError(`MultiDiscrete: expected start of length ${nvec.length}, got length ${start.length}`);
    }
    this.nvec = Int32Array.from(nvec);
    this.start = start === undefined ? new Int32Array(nvec.length) : Int32Array.from(start);
    this.shape = [nvec.length];
  }

  /**
   * A uniform element. `mask`, when given, is the concatenation of one 0/1 mask per entry
   * (length `sum(nvec)`); entry i is drawn among its valid values.
   */
  sample(rng: Rng, mask?: Uint8Array): Int32Array {
    const out = new Int32Array(this.nvec.length);
    if (mask === undefined) {
      for (let i = 0; i < out.length; i++) out[i] = (this.start[i] as number) + rng.int(this.nvec[i] as number);
      return out;
    }
    const total = this.nvec.reduce((a, b) => a + b, 0);
    if (!(mask instanceof Uint8Array) || mask.length !== total) {
      throw new SpaceError(`${this.toString()} mask: expected Uint8Array of length ${total}, got ${describeValue(mask)}`);
    }
    let offset = 0;
    for (let i = 0; i < out.length; i++) {
      const n = this.nvec[i] as number;
      let valid = 0;
      for (let j = 0; j < n; j++) {
        const m = mask[offset + j] as number;
        if (m === 1) valid++;
        else if (m !== 0) throw new SpaceError(`${this.toString()} mask: expected 0 or 1 at index ${offset + j}, got ${m}`);
      }
      if (valid === 0) throw new SpaceError(`${this.toString()} mask: expected at least one valid value for entry ${i}, got none`);
      let k = rng.int(valid);
      for (let j = 0; j < n; j++) {
        if (mask[offset + j] === 1 && k-- === 0) {
          out[i] = (this.start[i] as number) + j;
          break;
        }
      }
      offset += n;
    }
    return out;
  }

  contains(value: unknown): value is Int32Array {
    return this.explain(value) === undefined;
  }

  explain(value: unknown): string | undefined {
    if (!(value instanceof Int32Array) || value.length !== this.nvec.length) {
      return `expected Int32Array of length ${this.nvec.length}, got ${describeValue(value)}`;
    }
    for (let i = 0; i < value.length; i++) {
      const lo = this.start[i] as number;
      const hi = lo + (this.nvec[i] as number);
      const v = value[i] as number;
      if (v < lo || v >= hi) return `expected an integer in [${lo}, ${hi}) at index ${i}, got ${v}`;
    }
    return undefined;
  }

  toString(): string {
    const zeroStart = this.start.every((s) => s === 0);
    return zeroStart
      ? `MultiDiscrete(${formatList(this.nvec)})`
      : `MultiDiscrete(${formatList(this.nvec)}, start=${formatList(this.start)})`;
  }
}
