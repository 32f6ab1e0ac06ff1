import { SpaceError } from '../../util/errors.js';
import type { Space } from '../space.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';

/**
 * Flattening (Gymnasium semantics): every space maps to a 1-D float32 Box.
 * Discrete → one-hot of length n; MultiDiscrete → concatenated one-hots (length sum(nvec));
 * MultiBinary → its 0/1 entries; Box → its elements (row-major); Dict → concatenation in key order.
 */

function unsupported(space: Space<unknown>): SpaceError {
  return new SpaceError(`flatten: expected Discrete, MultiDiscrete, MultiBinary, Box or Dict, got ${String(space)}`);
}

/** Length of the flat vector of `space`. */
export function flatdim(space: Space<unknown>): number {
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof MultiBinary) return space.n;
  if (space instanceof Box) return space.size;
  if (space instanceof Dict) {
    let n = 0;
    for (const k of space.keys) n += flatdim(space.spaces[k] as Space<unknown>);
    return n;
  }
  throw unsupported(space);
}

function boundsInto(space: Space<unknown>, low: Float32Array, high: Float32Array, offset: number): number {
  if (space instanceof Box) {
    low.set(space.low, offset);
    high.set(space.high, offset);
    return offset + space.size;
  }
  if (space instanceof Dict) {
    for (const k of space.keys) offset = boundsInto(space.spaces[k] as Space<unknown>, low, high, offset);
    return offset;
  }
  const n = flatdim(space);
  low.fill(0, offset, offset + n);
  high.fill(1, offset, offset + n);
  return offset + n;
}

/** The 1-D Box that {@link flatten} maps `space` into. */
export function flattenSpace(space: Space<unknown>): Box {
  const n = flatdim(space);
  const low = new Float32Array(n);
  const high = new Float32Array(n);
  boundsInto(space, low, high, 0);
  return new Box(low, high, [n]);
}

function flattenInto(space: Space<unknown>, value: unknown, out: Float32Array, offset: number, path: string): number {
  const fail = (): never => {
    const why = space.explain(value) ?? 'value does not fit';
    throw new SpaceError(`flatten ${path || 'value'}: ${why}`);
  };
  if (space instanceof Discrete) {
    if (!space.contains(value)) fail();
    out[offset + (value as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    if (!space.contains(value)) fail();
    const v = value as Int32Array;
    for (let i = 0; i < v.length; i++) {
      out[offset + (v[i] as number) - (space.start[i] as number)] = 1;
      offset += space.nvec[i] as number;
    }
    return offset;
  }
  if (space instanceof MultiBinary) {
    if (!(value instanceof Uint8Array) || value.length !== space.n) fail();
    out.set(value as Uint8Array, offset);
    return offset + space.n;
  }
  if (space instanceof Box) {
    // Structure only: out-of-bounds values are copied as they are.
    if (!(value instanceof Float32Array) || value.length !== space.size) fail();
    out.set(value as Float32Array, offset);
    return offset + space.size;
  }
  if (space instanceof Dict) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) fail();
    const rec = value as Record<string, unknown>;
    for (const k of space.keys) {
      if (!(k in rec)) throw new SpaceError(`flatten ${path || 'value'}: missing key "${k}"`);
      offset = flattenInto(space.spaces[k] as Space<unknown>, rec[k], out, offset, `${path}.${k}`);
    }
    return offset;
  }
  throw unsupported(space);
}

/**
 * `value` (an element of `space`) as a flat `Float32Array` of length `flatdim(space)`.
 * Throws SpaceError when the value does not have the space's structure (Box bounds are not checked).
 */
export function flatten<T>(space: Space<T>, value: T): Float32Array {
  const out = new Float32Array(flatdim(space));
  flattenInto(space, value, out, 0, '');
  return out;
}

function argmax(x: Float32Array, from: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if ((x[from + i] as number) > (x[from + best] as number)) best = i;
  return best;
}

function unflattenAt(space: Space<unknown>, flat: Float32Array, offset: number): { value: unknown; offset: number } {
  if (space instanceof Discrete) {
    return { value: space.start + argmax(flat, offset, space.n), offset: offset + space.n };
  }
  if (space instanceof MultiDiscrete) {
    const v = new Int32Array(space.nvec.length);
    for (let i = 0; i < v.length; i++) {
      const n = space.nvec[i] as number;
      v[i] = (space.start[i] as number) + argmax(flat, offset, n);
      offset += n;
    }
    return { value: v, offset };
  }
  if (space instanceof MultiBinary) {
    const v = new Uint8Array(space.n);
    for (let i = 0; i < space.n; i++) v[i] = (flat[offset + i] as number) >= 0.5 ? 1 : 0;
    return { value: v, offset: offset + space.n };
  }
  if (space instanceof Box) {
    return { value: flat.slice(offset, offset + space.size), offset: offset + space.size };
  }
  if (space instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const k of space.keys) {
      const r = unflattenAt(space.spaces[k] as Space<unknown>, flat, offset);
      out[k] = r.value;
      offset = r.offset;
    }
    return { value: out, offset };
  }
  throw unsupported(space);
}

/** The inverse of {@link flatten} (one-hots decode by argmax, binaries by ≥ 0.5). */
export function unflatten<T>(space: Space<T>, flat: Float32Array): T {
  const n = flatdim(space);
  if (!(flat instanceof Float32Array) || flat.length !== n) {
    throw new SpaceError(
      `unflatten: expected Float32Array of length ${n}, got ${flat instanceof Float32Array ? `Float32Array(${flat.length})` : typeof flat}`,
    );
  }
  return unflattenAt(space, flat, 0).value as T;
}
