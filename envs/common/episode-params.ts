/**
 * Small helpers shared by the episode generators: Zipf popularity weights, and value checks that throw
 * `ConfigError` with "expected … got …" messages for what is not a params object (the generators'
 * parameters are validated by their zod schemas, `envs/<family>/params.ts`).
 */
import { ConfigError, describeValue } from '../../src/util/errors.js';
import type { Rng } from '../../src/util/rng.js';

/** Returns `value` if it is an integer in [min, max], else throws `ConfigError` at `path`. */
export function requireInt(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ConfigError(path, `expected an integer ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/** Returns `value` if it is a finite number in [min, max], else throws `ConfigError` at `path`. */
export function requireNumber(path: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ConfigError(path, `expected a number ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/** Zipf popularity of n entities. */
export interface ZipfWeights {
  /** weights[i] = 1 / (rank[i] + 1)^exponent. */
  weights: Float64Array;
  /** rank[i]: 0 = most popular. A random permutation when an rng is given, else the identity. */
  rank: Int32Array;
}

/**
 * Zipf weights `1/(rank+1)^s` for n entities. With an `rng` the ranks are a random permutation, so
 * entity ids carry no popularity information and an agent must learn popularity online.
 * Exponent 0 gives uniform weights.
 */
export function zipfWeights(n: number, exponent: number, rng?: Rng): ZipfWeights {
  const order = Array.from({ length: n }, (_, i) => i);
  if (rng) rng.shuffle(order);
  const rank = new Int32Array(n);
  order.forEach((entity, r) => {
    rank[entity] = r;
  });
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = 1 / Math.pow((rank[i] as number) + 1, exponent);
  return { weights, rank };
}
