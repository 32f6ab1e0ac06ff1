/** A network's trainable variables as one flat Float32Array (in variable order) and back: what rollout workers are sent. */
import * as tf from '@tensorflow/tfjs';

/** The values of `vars`, concatenated in order. */
export function flattenVariables(vars: readonly tf.Variable[]): Float32Array {
  let total = 0;
  for (const v of vars) total += v.size;
  const out = new Float32Array(total);
  let offset = 0;
  for (const v of vars) {
    out.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return out;
}

/** Assigns `flat` (as written by {@link flattenVariables}) to `vars`. */
export function assignFlatVariables(vars: readonly tf.Variable[], flat: Float32Array): void {
  let total = 0;
  for (const v of vars) total += v.size;
  if (flat.length !== total) throw new RangeError(`expected ${total} weights (the variables' total size), got ${flat.length}`);
  let offset = 0;
  tf.tidy(() => {
    for (const v of vars) {
      v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32'));
      offset += v.size;
    }
  });
}
