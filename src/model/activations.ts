/**
 * Activations computed from kernels that are fast on the wasm backend.
 *
 * wasm's `tanh` kernel is ~14× slower than its `sigmoid` on the same tensor, so tanh is computed as
 * tanh(x) = 2·sigmoid(2x) − 1 — the same function, equal to `tf.tanh` to float32 rounding (≈ 1e-7
 * absolute), also at large |x| where sigmoid saturates to 0 or 1 and the result to ∓1 / ±1 exactly.
 * While a gradient is recorded the four kernels run as one custom-gradient op whose backward is
 * dy·(1 − y²) from the saved output (3 kernels; the chain rule through the sigmoid took 7, 2 of them
 * casts, plus the engine's clones of every intermediate): the same derivative, 4s(1 − s) for s =
 * sigmoid(2x), rounded differently in the last float bits. The one place every tanh layer takes it from.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';
import * as op from './direct-ops.js';
import { recording } from './linalg.js';

function tanhForward<T extends tf.Tensor>(x: T): T {
  return op.sub(op.mul(op.sigmoid(op.mul(x, constant(2))), constant(2)), constant(1));
}

const tanhWithGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const y = tanhForward(x);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const sy = saved[0] as tf.Tensor;
      return op.mul(dy, op.sub(constant(1), op.square(sy)));
    },
  };
});

/** tanh(x) as 2·sigmoid(2x) − 1 (see the module doc). */
export function tanh<T extends tf.Tensor>(x: T): T {
  return recording() ? (tanhWithGrad(x) as T) : tanhForward(x);
}
