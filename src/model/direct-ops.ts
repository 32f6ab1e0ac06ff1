/**
 * The tfjs ops of the hot paths, calling the engine's kernels directly.
 *
 * Every `tf.*` op runs inside tfjs-core's op wrapper: a named engine scope per call (opened, closed, its
 * result moved to the enclosing scope), input conversion and type matching, then `engine.runKernel`. On
 * the wasm backend that wrapper costs 1.1–1.6 µs of a 2–7 µs small op (measured on this machine:
 * `tf.reshape` 1.9 µs against 0.3 µs through `runKernel`, `tf.add` on [128, 64] + [64] 6.6 against
 * 4.9 µs), and the MAT's answer runs 260 kernels, the acting policy forward 80. These functions run the
 * same kernels with the same attributes, so their values are the ops' values bit for bit, and the engine
 * still records them on a gradient tape (gradients are registered per kernel, not per op).
 *
 * What the wrapper did and these skip, so the caller's job: inputs are tensors (no JS numbers or arrays;
 * scalars come from `constant()`), of one dtype (no upcasting), and reshapes name every dimension (no −1).
 * The kernels still check shapes (broadcasting, sizes) and throw on a mismatch.
 */
import * as tf from '@tensorflow/tfjs';

type Attrs = NonNullable<Parameters<ReturnType<typeof tf.engine>['runKernel']>[2]>;

function run<T extends tf.Tensor>(kernel: string, inputs: tf.NamedTensorMap, attrs: Attrs = {}): T {
  return tf.engine().runKernel(kernel, inputs, attrs) as T;
}

/** An elementwise kernel of two inputs `a`, `b` (broadcasting; the result has `a`'s type). */
function binary(kernel: string): <T extends tf.Tensor>(a: T, b: tf.Tensor) => T {
  return (a, b) => run(kernel, { a, b });
}

/** An elementwise kernel of one input `x`. */
function unary(kernel: string): <T extends tf.Tensor>(x: T) => T {
  return (x) => run(kernel, { x });
}

/** `tf.add(a, b)` (broadcasting). */
export const add = binary('Add');

/** `tf.sub(a, b)` (broadcasting). */
export const sub = binary('Sub');

/** `tf.mul(a, b)` (broadcasting). */
export const mul = binary('Multiply');

/** `tf.div(a, b)` for float tensors (broadcasting). */
export const div = binary('RealDiv');

/** `tf.maximum(a, b)` (broadcasting). */
export const maximum = binary('Maximum');

/** `tf.minimum(a, b)` (broadcasting). */
export const minimum = binary('Minimum');

/** `tf.reshape(x, shape)` with every dimension given. */
export function reshape<R extends tf.Rank>(x: tf.Tensor, shape: number[]): tf.Tensor<R> {
  return run('Reshape', { x }, { shape });
}

/** `tf.transpose(x, perm)` (x of rank ≥ 2). */
export function transpose<T extends tf.Tensor>(x: T, perm: number[]): T {
  return run('Transpose', { x }, { perm });
}

/** `tf.matMul(a, b)` without transposes (rank 2, or batched with equal batch dimensions). */
export function matMul<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

/** `tf.sum(x, axis, keepDims)` of a float tensor. */
export function sum(x: tf.Tensor, axis: number | number[], keepDims = false): tf.Tensor {
  return run('Sum', { x }, { axis, keepDims });
}

/** `tf.mean(x, axis, keepDims)`. */
export function mean(x: tf.Tensor, axis: number | number[], keepDims = false): tf.Tensor {
  return run('Mean', { x }, { axis, keepDims });
}

/** `tf.max(x, axis, keepDims)`. */
export function max(x: tf.Tensor, axis: number | number[], keepDims = false): tf.Tensor {
  return run('Max', { x }, { reductionIndices: axis, keepDims });
}

/** `tf.softmax(x)` over the last axis. */
export function softmax<T extends tf.Tensor>(x: T): T {
  return run('Softmax', { logits: x }, { dim: x.rank - 1 });
}

/** `tf.sigmoid(x)`. */
export const sigmoid = unary('Sigmoid');

/** `tf.relu(x)` of a float tensor. */
export const relu = unary('Relu');

/** `tf.square(x)`. */
export const square = unary('Square');

/** `tf.rsqrt(x)`. */
export const rsqrt = unary('Rsqrt');

/** `tf.exp(x)`. */
export const exp = unary('Exp');

/** `tf.log(x)`. */
export const log = unary('Log');

/** `tf.slice(x, begin, size)` with every begin and size given (no −1). */
export function slice<T extends tf.Tensor>(x: T, begin: number[], size: number[]): T {
  return run('Slice', { x }, { begin, size });
}

/** `tf.concat(tensors, axis)`. */
export function concat<T extends tf.Tensor>(tensors: T[], axis: number): T {
  if (tensors.length === 1) return tf.clone(tensors[0] as T);
  return tf.engine().runKernel('Concat', tensors as unknown as tf.NamedTensorMap, { axis }) as T;
}
