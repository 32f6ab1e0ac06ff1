/**
 * `Sum` over leading axes for the wasm backend, as column sums in JavaScript on the wasm heap.
 *
 * tfjs-backend-wasm 4.22 sums only over innermost axes: for any other axis it transposes the input first.
 * Every broadcast bias add in a recorded forward has as gradient the sum of dy over its leading axis, and
 * on [2 560, 32] that transpose + sum takes ≈ 240 µs; summing the columns in place, eight at a time, takes
 * ≈ 60 µs. Each column is added term by term in row order, in float32 from 0 (`Math.fround` after every
 * add), as the Sum kernel's loop does over the transposed rows, so the results are the same floats
 * (test/model/wasm-reduce-kernels.test.ts compares them with the original kernel on random shapes).
 * (A product with a row of ones would be faster only for a reused input: XNNPACK packs a new right-hand
 * operand on every call, ≈ 270 µs for a fresh [2 560, 32].)
 *
 * Only float32 sums over a leading run of axes [0, k) with k < rank take this path; everything else
 * (innermost or scattered axes, integer dtypes, empty tensors) keeps the original kernel.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's backend object this kernel uses. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/** The reduced axes [0, k) as k, or −1 when they are not a leading run short of the last axis. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
  if (axes.length === 0 || axes.length >= rank) return -1;
  for (let i = 0; i < axes.length; i++) if (axes[i] !== i) return -1;
  return axes.length;
}

/** out[j] = Σ_i x[i·n + j] for i = 0 … m − 1, added in order in float32; eight columns per pass. */
export function columnSums(x: Float32Array, m: number, n: number, out: Float32Array): void {
  const end = m * n;
  const f = Math.fround;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let i = j; i < end; i += n) {
      a0 = f(a0 + (x[i] as number));
      a1 = f(a1 + (x[i + 1] as number));
      a2 = f(a2 + (x[i + 2] as number));
      a3 = f(a3 + (x[i + 3] as number));
      a4 = f(a4 + (x[i + 4] as number));
      a5 = f(a5 + (x[i + 5] as number));
      a6 = f(a6 + (x[i + 6] as number));
      a7 = f(a7 + (x[i + 7] as number));
    }
    out[j] = a0;
    out[j + 1] = a1;
    out[j + 2] = a2;
    out[j + 3] = a3;
    out[j + 4] = a4;
    out[j + 5] = a5;
    out[j + 6] = a6;
    out[j + 7] = a7;
  }
  for (; j < n; j++) {
    let a = 0;
    for (let i = j; i < end; i += n) a = f(a + (x[i] as number));
    out[j] = a;
  }
}

/** `Sum` (see the module doc); `original` is tfjs-backend-wasm's kernel. */
export function sumKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const attrs = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const k = x.dtype === 'float32' ? leadingAxes(attrs.axis, rank) : -1;
    if (k < 0) return original(args);
    const rest = x.shape.slice(k);
    const m = tf.util.sizeFromShape(x.shape.slice(0, k));
    const n = tf.util.sizeFromShape(rest);
    if (m === 0 || n === 0) return original(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(attrs.keepDims ? [...new Array<number>(k).fill(1), ...rest] : rest, 'float32');
    columnSums(backend.typedArrayFromHeap(x), m, n, backend.typedArrayFromHeap(out));
    return out;
  };
}
