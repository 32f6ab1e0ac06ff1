/**
 * Kernel launches of one call, counted with `tf.profile` (every kernel the engine runs while `fn` runs,
 * gradient kernels included). Profiling slows kernels down, so counts come from a separate untimed call.
 * The count is of engine dispatches: a cheap one (Reshape, the Identity clones the tape saves for the
 * backward pass) counts like a matMul, and a `tf.customGrad` wrapper counts once besides its inner kernels.
 */
import * as tf from '@tensorflow/tfjs';

/** Kernels launched by one call of `fn` (its returned tensors, if any, are disposed). */
export async function countKernels(fn: () => tf.TensorContainer | void): Promise<number> {
  const info = await tf.profile(() => fn() ?? undefined);
  tf.dispose(info.result);
  return info.kernels.length;
}
