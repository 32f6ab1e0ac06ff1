/** Test helper: a result with memgym's wasm kernel replacements and with tfjs-backend-wasm's own. */
import * as tf from '@tensorflow/tfjs';
import { installWasmKernels, restoreWasmKernels } from '../../src/model/wasm-kernels.js';

/** What a case computed: every output's shape, dtype and values. */
export type KernelResult = { shape: number[]; dtype: tf.DataType; values: number[] }[];

/**
 * Runs `make` (inside `tf.tidy`) once with the replacement kernels and once with the original ones,
 * then reinstalls the replacements. Compare `ours` with `theirs` for bit-for-bit equality.
 */
export function againstOriginalKernels(make: () => tf.Tensor | tf.Tensor[]): { ours: KernelResult; theirs: KernelResult } {
  const run = (): KernelResult =>
    tf.tidy(() => {
      const out = make();
      return (Array.isArray(out) ? out : [out]).map((t) => ({
        shape: t.shape,
        dtype: t.dtype,
        values: Array.from(t.dataSync() as ArrayLike<number>),
      }));
    });
  installWasmKernels();
  const ours = run();
  restoreWasmKernels();
  try {
    return { ours, theirs: run() };
  } finally {
    installWasmKernels();
  }
}
