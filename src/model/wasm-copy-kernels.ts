/**
 * `Slice`, `SplitV` and `Concat` for the wasm backend that copy short runs element by element, and a 2-D
 * `Transpose` for the shapes where the wasm kernel is slow.
 *
 * tfjs-backend-wasm 4.22 implements these three in JavaScript: for every contiguous run of the output it
 * makes a `subarray` view and `set`s it (≈ 0.2 µs each), and `Slice`/`SplitV` first copy the whole input
 * out of the wasm heap (`readSync`). That is fine for long runs and ruinous for short ones: the slot policy
 * slices and concatenates [N, S, k] tensors along their last axis (k = 1…7), N·S = 2 560 runs per call,
 * and in a profile of one PPO minibatch step a single 3-way concat took 1.09 ms and one slice 0.5 ms
 * (a quarter of the step's kernel time). These kernels read and write the heap in place and copy a run
 * shorter than {@link SHORT_RUN} floats with a plain loop. They only move values: outputs are the
 * original kernels' bit for bit (test/model/wasm-copy-kernels.test.ts compares them).
 *
 * The wasm `Transpose` of a matrix [R, C] writes C output rows at a stride of R floats and runs at
 * ≈ 2.3 ns per element on [2 560, 32] (190 µs; the weight gradient of every [N·S, 32] layer transposes
 * one) but 0.4 ns on [2 560, 17]: its speed depends on how the output rows fall into cache sets. Copying
 * eight output rows per pass from JavaScript takes 72 µs on [2 560, 32]; it is used where it measured
 * faster here (R ≥ 16, C ≥ 32, R·C ≥ 16 384; on smaller matrices the wasm kernel wins).
 *
 * String tensors keep the original kernels (see wasm-kernels.ts, which installs these).
 */
import * as tf from '@tensorflow/tfjs';

/** Runs shorter than this many elements are copied with a loop, longer ones with `TypedArray.set`. */
export const SHORT_RUN = 32;

type Values = Float32Array | Int32Array | Uint8Array;

/** The part of tfjs-backend-wasm's backend object these kernels use. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Values;
}

function copyRun(src: Values, from: number, dst: Values, to: number, n: number): void {
  if (n >= SHORT_RUN) {
    dst.set(src.subarray(from, from + n), to);
    return;
  }
  for (let i = 0; i < n; i++) dst[to + i] = src[from + i] as number;
}

/**
 * Copies the box `begin`/`size` of `src` (shape `shape`) into `dst` from offset 0: the trailing dims the
 * box covers whole are one run; the dims before them are walked with an odometer.
 */
function copyBox(src: Values, shape: readonly number[], begin: readonly number[], size: readonly number[], dst: Values): void {
  const rank = shape.length;
  const st = [...tf.util.computeStrides([...shape]), 1]; // elements per step of each dim
  let k = rank - 1; // the last dim the box does not cover whole (or 0)
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const run = (size[k] as number) * (st[k] as number);
  const base = (begin[k] as number) * (st[k] as number);
  if (k === 0) {
    copyRun(src, base, dst, 0, run);
    return;
  }
  const idx = new Array<number>(k).fill(0);
  let out = 0;
  for (;;) {
    let from = base;
    for (let d = 0; d < k; d++) from += ((begin[d] as number) + (idx[d] as number)) * (st[d] as number);
    copyRun(src, from, dst, out, run);
    out += run;
    let d = k - 1;
    while (d >= 0) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (size[d] as number)) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

function sliceBox(x: tf.TensorInfo, begin: readonly number[], size: number[], backend: HeapBackend): tf.TensorInfo {
  const out = backend.makeOutput([...size], x.dtype);
  if (tf.util.sizeFromShape(size) > 0) copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/** `Slice` (see the module doc); `original` handles string tensors. */
export function sliceKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || x.shape.length === 0) return original(args);
    const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    // The original kernel's own parsing: −1 sizes resolved, short begin/size padded.
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size) as [number[], number[]];
    return sliceBox(x, begin, size, args.backend as HeapBackend);
  };
}

/** `SplitV` (see the module doc): one box copy per part. */
export function splitVKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original(args);
    const attrs = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceBox(x, begin, size, args.backend as HeapBackend);
      begin[axis] = (begin[axis] as number) + s;
      return part;
    });
  };
}

/** `Concat` (see the module doc); `original` handles string tensors and the single-input identity. */
export function concatKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = Object.values(args.inputs) as tf.TensorInfo[];
    const first = inputs[0];
    const present = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    if (!first || first.dtype === 'string' || present.length < 2) return original(args);
    const attrs = args.attrs as unknown as { axis: number | number[] };
    const axis = tf.util.parseAxisParam(attrs.axis, first.shape)[0] as number;
    const outShape = [...first.shape];
    outShape[axis] = inputs.reduce((a, t) => a + (t.shape[axis] as number), 0);
    const backend = args.backend as HeapBackend;
    const out = backend.makeOutput(outShape, first.dtype);
    const outVals = backend.typedArrayFromHeap(out);
    const outer = tf.util.sizeFromShape(first.shape.slice(0, axis));
    const inner = present.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const vals = present.map((t) => backend.typedArrayFromHeap(t));
    const total = inner.reduce((a, b) => a + b, 0);
    for (let b = 0; b < outer; b++) {
      let to = b * total;
      for (let i = 0; i < vals.length; i++) {
        const n = inner[i] as number;
        copyRun(vals[i] as Values, b * n, outVals, to, n);
        to += n;
      }
    }
    return out;
  };
}

/** y = xᵀ for x [r, c] row-major: eight output rows per pass over x. */
export function transposeInto(x: Values, r: number, c: number, y: Values): void {
  let j = 0;
  for (; j + 8 <= c; j += 8) {
    const base = j * r;
    for (let i = 0, k = j; i < r; i++, k += c) {
      let o = base + i;
      y[o] = x[k] as number;
      o += r;
      y[o] = x[k + 1] as number;
      o += r;
      y[o] = x[k + 2] as number;
      o += r;
      y[o] = x[k + 3] as number;
      o += r;
      y[o] = x[k + 4] as number;
      o += r;
      y[o] = x[k + 5] as number;
      o += r;
      y[o] = x[k + 6] as number;
      o += r;
      y[o] = x[k + 7] as number;
    }
  }
  for (; j < c; j++) {
    const base = j * r;
    for (let i = 0, k = j; i < r; i++, k += c) y[base + i] = x[k] as number;
  }
}

/** Whether {@link transposeInto} is used for a matrix [r, c] (where it measured faster than the wasm kernel). */
export function transposeInJs(r: number, c: number): boolean {
  return r >= 16 && c >= 32 && r * c >= 16_384;
}

/** `Transpose` (see the module doc): matrices of the shapes {@link transposeInJs} picks; all else the original. */
export function transposeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs as unknown as { perm: number[] }).perm;
    if (x.dtype === 'string' || x.shape.length !== 2 || perm[0] !== 1 || perm[1] !== 0) return original(args);
    const [r, c] = x.shape as [number, number];
    if (!transposeInJs(r, c)) return original(args);
    const backend = args.backend as HeapBackend;
    const out = backend.makeOutput([c, r], x.dtype);
    transposeInto(backend.typedArrayFromHeap(x), r, c, backend.typedArrayFromHeap(out));
    return out;
  };
}
