import type { Rng } from '../util/rng.js';

/**
 * A space: the set of valid actions or observations. Small classes with `sample` and `contains`,
 * as in Gymnasium. `T` is the type of one element of the space.
 */
export interface Space<T> {
  /** Shape of one element (`[]` for a scalar Discrete). */
  readonly shape: readonly number[];
  /** A random element, drawn from `rng`. A mask, where supported, restricts the draw. */
  sample(rng: Rng, mask?: Uint8Array): T;
  /** True when `value` is an element of this space. */
  contains(value: unknown): value is T;
  /** Why `value` is not in the space (`undefined` when it is): "expected an integer in [0, 12), got 14". */
  explain(value: unknown): string | undefined;
  /** A short description, e.g. `Discrete(12)`. */
  toString(): string;
}
