import { SpaceError, describeValue } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';
import type { Space } from '../space.js';
import { isPositiveInteger, shapeSize } from './format.js';

/**
 * Binary vectors: `n` entries (or a shape, stored flat in row-major order), each 0 or 1.
 * Values are `Uint8Array`s of length `n` (the product of the shape).
 */
export class MultiBinary implements Space<Uint8Array> {
  /** Total number of entries. */
  readonly n: number;
  readonly shape: readonly number[];

  constructor(n: number | readonly number[]) {
    const shape = typeof n === 'number' ? [n] : [...n];
    if (shape.length === 0 || !shape.every((d) => isPositiveInteger(d))) {
      throw new SpaceError(`MultiBinary: expected a positive integer or a shape of positive integers, got ${JSON.stringify(n)}`);
    }
    this.shape = shape;
    this.n = shapeSize(shape);
  }

  /**
   * A uniform element. `mask` (length n), Gymnasium semantics: 0 forces the entry to 0,
   * 1 forces it to 1, 2 leaves it random.
   */
  sample(rng: Rng, mask?: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.n);
    if (mask !== undefined && (!(mask instanceof Uint8Array) || mask.length !== this.n)) {
      throw new SpaceError(`${this.toString()} mask: expected Uint8Array of length ${this.n}, got ${describeValue(mask)}`);
    }
    for (let i = 0; i < this.n; i++) {
      const m = mask === undefined ? 2 : (mask[i] as number);
      if (m === 2) out[i] = rng.int(2);
      else if (m === 0 || m === 1) out[i] = m;
      else throw new SpaceError(`${this.toString()} mask: expected 0, 1 or 2 at index ${i}, got ${m}`);
    }
    return out;
  }

  contains(value: unknown): value is Uint8Array {
    return this.explain(value) === undefined;
  }

  explain(value: unknown): string | undefined {
    if (!(value instanceof Uint8Array) || value.length !== this.n) {
      return `expected Uint8Array of length ${this.n}, got ${describeValue(value)}`;
    }
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as number;
      if (v > 1) return `expected 0 or 1 at index ${i}, got ${v}`;
    }
    return undefined;
  }

  toString(): string {
    return this.shape.length === 1 ? `MultiBinary(${this.n})` : `MultiBinary([${this.shape.join(', ')}])`;
  }
}
