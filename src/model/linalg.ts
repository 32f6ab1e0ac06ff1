/**
 * Matrix products whose gradients use explicit transposes.
 *
 * tfjs's own matMul gradient calls matMul with transposeA/transposeB, which is about 10× slower on the wasm
 * backend than `tf.transpose` + a plain matMul. These wrappers keep the forward identical and compute the
 * backward with explicit transposes (never above rank 4). Every trainable matMul of the library (MAT,
 * policy networks, capacity models) goes through them.
 *
 * Outside gradient recording (rollouts, MAT answers) they run the BatchMatMul kernel directly
 * (direct-ops.ts): the same kernel and values, without the custom-gradient wrapper's extra engine dispatch.
 */
import * as tf from '@tensorflow/tfjs';
import * as op from './direct-ops.js';

/**
 * Whether a gradient tape is recording (inside `tf.grad(s)` / `tf.variableGrads`). Reads the engine's
 * `gradientDepth` (tfjs-core's own test of whether to record); if a tfjs version lacked it, this answers
 * true and the custom-gradient path (always correct) is taken.
 */
export function recording(): boolean {
  const depth = (tf.engine().state as unknown as { gradientDepth?: unknown }).gradientDepth;
  return typeof depth !== 'number' || depth > 0;
}

const mm2Grad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: op.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [op.matMul(dy, op.transpose(sb, [1, 0])), weightGradient(sa, dy as tf.Tensor2D)];
    },
  };
});

/**
 * aᵀ · dy for a [m, k] and dy [m, n] (the gradient of `b` in a @ b). The wasm backend hands a matMul's
 * right operand to XNNPACK as weights, packed anew for every new tensor (≈ 250 µs for a fresh
 * [2 560, 32], more than the product itself); here both operands are fresh and [m, ·] with m the batch
 * rows, so the narrower one goes on the right: aᵀ·dy when n ≤ k, else (dyᵀ·a)ᵀ. Each element is the
 * same Σ_i a[i, p]·dy[i, q] added in i order either way (products commute exactly), so the values are
 * the same floats (test/model/linalg.test.ts).
 */
export function weightGradient(a: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  return dy.shape[1] <= a.shape[1] ? op.matMul(op.transpose(a, [1, 0]), dy) : op.transpose(op.matMul(op.transpose(dy, [1, 0]), a), [1, 0]);
}

/** `a @ b` for 2-D `a` [m, k] and `b` [k, n]. */
export function mm(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return recording() ? (mm2Grad(a, b) as tf.Tensor2D) : op.matMul(a, b);
}

function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return perm;
}

const bmmGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: op.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
      const perm = swapLast(sa.rank);
      return [op.matMul(dy, op.transpose(sb, perm)), op.matMul(op.transpose(sa, perm), dy)];
    },
  };
});

/**
 * Batched `a @ b` for rank-3 or rank-4 tensors with identical batch dimensions (no broadcasting):
 * `a` [..., m, k], `b` [..., k, n] → [..., m, n].
 */
export function bmm<T extends tf.Tensor3D | tf.Tensor4D>(a: T, b: T): T {
  return (recording() ? bmmGrad(a, b) : op.matMul(a, b)) as T;
}

/** `x @ w + bias` over the last axis of `x` (any rank ≥ 2), `w` [dIn, dOut], `bias` [dOut]. */
export function linear(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  const shape = x.shape;
  const dIn = shape[shape.length - 1] as number;
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : op.reshape<tf.Rank.R2>(x, [x.size / dIn, dIn]);
  let y: tf.Tensor = mm(flat, w);
  if (bias) y = op.add(y, bias);
  if (x.rank === 2) return y;
  return op.reshape(y, [...shape.slice(0, -1), w.shape[1]]);
}
