import { SpaceError, describeValue } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';
import type { Space } from '../space.js';
import { isPositiveInteger } from './format.js';

/**
 * `{start, start + 1, …, start + n − 1}`: one integer, e.g. a discrete action.
 * `sample(rng, mask)` draws uniformly among the entries whose mask is 1.
 */
export class Discrete implements Space<number> {
  /** Number of elements. */
  readonly n: number;
  /** Smallest element (default 0). */
  readonly start: number;
  readonly shape: readonly number[] = [];

  constructor(n: number, start = 0) {
    if (!isPositiveInteger(n)) throw new SpaceError(`Discrete: expected n to be a positive integer, got ${describeValue(n)}`);
    if (!Number.isSafeInteger(start)) {
      throw new SpaceError(`Discrete: expected start to be an integer, got ${describeValue(start)}`);
    }
    this.n = n;
    this.start = start;
  }

  /**
   * A uniform element; with `mask` (length n, entries 0 or 1) a uniform element among the valid ones.
   * Throws SpaceError when the mask has the wrong length, values other than 0/1, or no valid entry.
   */
  sample(rng: Rng, mask?: Uint8Array): number {
    if (mask === undefined) return this.start + rng.int(this.n);
    if (!(mask instanceof Uint8Array) || mask.length !== this.n) {
      throw new SpaceError(`Discrete(${this.n}) mask: expected Uint8Array of length ${this.n}, got ${describeValue(mask)}`);
    }
    let valid = 0;
    for (let i = 0; i < mask.length; i++) {
      const m = mask[i] as number;
      if (m === 1) valid++;
      else if (m !== 0) throw new SpaceError(`Discrete(${this.n}) mask: expected 0 or 1 at index ${i}, got ${m}`);
    }
    if (valid === 0) throw new SpaceError(`Discrete(${this.n}) mask: expected at least one valid action, got all ${this.n} entries 0`);
    let k = rng.int(valid);
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 1 && k-- === 0) return this.start + i;
    }
    /* c8 ignore next */
    throw new SpaceError('Discrete mask: internal error');
  }

  contains(value: unknown): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n;
  }

  explain(value: unknown): string | undefined {
    if (this.contains(value)) return undefined;
    return `expected an integer in [${this.start}, ${this.start + this.n}), got ${describeValue(value)}`;
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
