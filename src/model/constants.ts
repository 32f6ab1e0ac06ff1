/**
 * Cached float32 scalar constants for the hot paths (layers, attention, activations, optimisers).
 *
 * `tf.mul(x, 2)` converts the number to a new scalar tensor on every call: a tensor allocation, an upload
 * into the backend's memory and a disposal, ~5–10 µs on wasm, 14 times per policy forward and 35 times per
 * PPO minibatch step before this module. `constant(2)` returns one kept scalar per backend and value
 * instead, the same float32 value the number would have become, so results are bit-identical.
 *
 * The cache holds at most {@link MAX_CONSTANTS} values per backend (values computed from a changing
 * number, such as a learning rate, belong in a fresh scalar, not here). A cached tensor someone disposed
 * (for example `tf.disposeVariables` does not, but an engine reset does) is recreated on its next use.
 * The kept tensors count in `tf.memory().numTensors`: leak tests subtract {@link cachedConstantCount}.
 */
import * as tf from '@tensorflow/tfjs';

/** Most cached values per backend; beyond it `constant` returns an uncached scalar (still correct). */
export const MAX_CONSTANTS = 256;

const caches = new Map<string, Map<number, tf.Scalar>>();

function cacheFor(backend: string): Map<number, tf.Scalar> {
  let cache = caches.get(backend);
  if (!cache) {
    cache = new Map();
    caches.set(backend, cache);
  }
  return cache;
}

/**
 * The float32 scalar `value` on the current backend, created once and kept (never dispose it). Use it
 * where a literal number would be passed to a tf op; inside `tf.tidy` it is not disposed at the end.
 */
export function constant(value: number): tf.Scalar {
  // A Map treats −0 and 0 as one key; −0 (rare) gets its own scalar each time.
  if (Object.is(value, -0)) return tf.scalar(-0, 'float32');
  const cache = cacheFor(tf.getBackend());
  const cached = cache.get(value);
  if (cached && !cached.isDisposed) return cached;
  if (!cached && cache.size >= MAX_CONSTANTS) return tf.scalar(value, 'float32');
  const created = tf.keep(tf.scalar(value, 'float32'));
  cache.set(value, created);
  return created;
}

/** How many cached constants are alive now (all backends). */
export function cachedConstantCount(): number {
  let count = 0;
  for (const cache of caches.values()) for (const t of cache.values()) if (!t.isDisposed) count++;
  return count;
}
