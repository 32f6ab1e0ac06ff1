/**
 * Zero-copy `Identity` and same-dtype `Cast` for the wasm backend.
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

/** The part of tfjs-backend-wasm's backend object the shared-buffer kernels use. */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/** A new reference to `x`'s buffer (what the cpu backend's Identity returns). */
function share(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let originals: { identity: tf.KernelFunc; cast: tf.KernelFunc } | null = null;

function register(kernelName: string, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Replaces the wasm backend's `Identity` (and `Cast` between equal dtypes) with buffer-sharing versions.
 * Idempotent; call after tfjs-backend-wasm is imported (its kernels register on import). A string
 * tensor and a cast between different dtypes keep the original kernel.
 */
export function installWasmKernels(): void {
  if (originals) return;
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (!identity || !cast) return;
  const saved = { identity: identity.kernelFunc, cast: cast.kernelFunc };
  register('Identity', (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype === 'string' ? saved.identity(args) : share(x, args.backend);
  });
  register('Cast', (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype !== 'string' && x.dtype === args.attrs?.dtype ? share(x, args.backend) : saved.cast(args);
  });
  originals = saved;
}

/** Puts tfjs-backend-wasm's own copying kernels back (for A/B tests and benchmarks). */
export function restoreWasmKernels(): void {
  if (!originals) return;
  register('Identity', originals.identity);
  register('Cast', originals.cast);
  originals = null;
}

/** Whether the buffer-sharing kernels are the registered ones. */
export function wasmKernelsInstalled(): boolean {
  return originals !== null;
}
