import { SpaceError, describeValue } from '../../util/errors.js';
import type { Rng } from '../../util/rng.js';
import type { Space } from '../space.js';

/** The element type of a space. */
export type SpaceValue<S> = S extends Space<infer T> ? T : never;

/** Named sub-spaces of a {@link Dict}. */
export type SpaceMap = Record<string, Space<unknown>>;

/** An element of `Dict<S>`: a plain object with one value per key. */
export type DictValue<S extends SpaceMap> = { [K in keyof S]: SpaceValue<S[K]> };

/** Per-key masks for {@link Dict.sample}; keys without a mask are sampled unmasked. */
export type DictMask<S extends SpaceMap> = { [K in keyof S]?: Uint8Array };

function isSpace(x: unknown): x is Space<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Space<unknown>).sample === 'function' &&
    typeof (x as Space<unknown>).contains === 'function'
  );
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * A dictionary of named sub-spaces. Values are plain objects with exactly these keys. Keys keep
 * insertion order (the order `flatten` concatenates them in). `shape` is `[]`: a Dict has no single shape.
 */
export class Dict<S extends SpaceMap = SpaceMap> implements Space<DictValue<S>> {
  readonly spaces: Readonly<S>;
  /** The keys, in order. */
  readonly keys: readonly (keyof S & string)[];
  readonly shape: readonly number[] = [];

  constructor(spaces: S) {
    if (!isRecord(spaces)) throw new SpaceError(`Dict: expected an object of spaces, got ${describeValue(spaces)}`);
    for (const [k, v] of Object.entries(spaces)) {
      if (!isSpace(v)) throw new SpaceError(`Dict: expected key "${k}" to be a space, got ${describeValue(v)}`);
    }
    this.spaces = Object.freeze({ ...spaces });
    this.keys = Object.keys(spaces) as (keyof S & string)[];
  }

  /** Samples every key; `mask` may give a mask per key (a bare Uint8Array is rejected). */
  sample(rng: Rng, mask?: Uint8Array | DictMask<S>): DictValue<S> {
    if (mask !== undefined && !isRecord(mask)) {
      throw new SpaceError(`${this.toString()} mask: expected an object of per-key masks, got ${describeValue(mask)}`);
    }
    const masks = mask as DictMask<S> | undefined;
    const out: Record<string, unknown> = {};
    for (const k of this.keys) {
      const sub = this.spaces[k] as Space<unknown>;
      out[k] = sub.sample(rng, masks?.[k]);
    }
    return out as DictValue<S>;
  }

  contains(value: unknown): value is DictValue<S> {
    return this.explain(value) === undefined;
  }

  explain(value: unknown): string | undefined {
    if (!isRecord(value)) {
      const keys = this.keys.map((k) => `"${k}"`).join(', ');
      return `expected an object with keys ${keys || '(none)'}, got ${describeValue(value)}`;
    }
    for (const k of this.keys) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) return `missing key "${k}"`;
      const why = (this.spaces[k] as Space<unknown>).explain(value[k]);
      if (why !== undefined) return `key "${k}": ${why}`;
    }
    for (const k of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(this.spaces, k)) return `unexpected key "${k}"`;
    }
    return undefined;
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `${k}: ${String(this.spaces[k])}`).join(', ')})`;
  }
}
