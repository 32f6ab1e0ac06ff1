/**
 * Zero-copy `Identity` and same-dtype `Cast` for the wasm backend, and the installation of every wasm
 * kernel replacement (also the copy kernels of wasm-copy-kernels.ts: `Slice`, `SplitV`, `Concat`,
 * `Transpose`, and the `Sum` of wasm-reduce-kernels.ts).
 *
 * While a gradient is being recorded, tfjs's engine saves every tensor a kernel's gradient needs as a
 * clone (an `Identity` kernel), and the gradient of each clone is a `Cast` to float32. The cpu backend
 * implements both as a new reference to the same buffer; tfjs-backend-wasm 4.22 copies the buffer
 * each time. In a PPO minibatch step of the default slot policy that is 242 copies (7% of its kernel
 * time in a profile, on tensors up to [2560, 64]). Tensors are immutable and the wasm backend counts
 * references per buffer (its `Reshape` already shares them), so sharing is exact: every value stays
 * what it was, bit for bit; only the copies go.
 */
import * as tf from '@tensorflow/tfjs';
import { concatKernel, sliceKernel, splitVKernel, transposeKernel } from './wasm-copy-kernels.js';
import { sumKernel } from './wasm-reduce-kernels.js';

/** The part of tfjs-backend-wasm's backend object the shared-buffer kernels use. */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/** A new reference to `x`'s buffer (what the cpu backend's Identity returns). */
function share(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** The replaced kernels' original configs, by kernel name (null: the originals are registered). */
let originals: Map<string, tf.KernelConfig> | null = null;

/** Re-registers `kernel` with `kernelFunc`, keeping its setup and dispose functions (Sum's setup binds its wasm function). */
function register(kernel: tf.KernelConfig, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(kernel.kernelName, 'wasm');
  tf.registerKernel({ ...kernel, kernelFunc });
}

/** Each replaced kernel and how its replacement is made from the original. */
const REPLACEMENTS: Record<string, (original: tf.KernelFunc) => tf.KernelFunc> = {
  Identity: (original) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype === 'string' ? original(args) : share(x, args.backend);
  },
  Cast: (original) => (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype !== 'string' && x.dtype === args.attrs?.dtype ? share(x, args.backend) : original(args);
  },
  Slice: sliceKernel,
  SplitV: splitVKernel,
  Concat: concatKernel,
  Sum: sumKernel,
  Transpose: transposeKernel,
};

/**
 * Replaces the wasm backend's `Identity` (and `Cast` between equal dtypes) with buffer-sharing versions,
 * its `Slice`, `SplitV`, `Concat` and large 2-D `Transpose` with the in-heap copies of
 * wasm-copy-kernels.ts, and its `Sum` over leading axes with the in-heap column sums of
 * wasm-reduce-kernels.ts. Idempotent;
 * call after tfjs-backend-wasm is imported (its kernels register on import). String tensors and casts
 * between different dtypes keep the original kernels.
 */
export function installWasmKernels(): void {
  if (originals) return;
  const saved = new Map<string, tf.KernelConfig>();
  for (const name of Object.keys(REPLACEMENTS)) {
    const kernel = tf.getKernel(name, 'wasm');
    if (!kernel) return;
    saved.set(name, kernel);
  }
  for (const [name, original] of saved)
    register(original, (REPLACEMENTS[name] as (o: tf.KernelFunc) => tf.KernelFunc)(original.kernelFunc));
  originals = saved;
}

/** Puts tfjs-backend-wasm's own copying kernels back (for A/B tests and benchmarks). */
export function restoreWasmKernels(): void {
  if (!originals) return;
  for (const original of originals.values()) register(original, original.kernelFunc);
  originals = null;
}

/** Whether the replacement kernels are the registered ones. */
export function wasmKernelsInstalled(): boolean {
  return originals !== null;
}
