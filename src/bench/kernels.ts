/**
 * Kernel launches of one call, counted with `tf.profile` (every kernel the engine runs while `fn` runs,
 * gradient kernels included). Profiling slows kernels down, so counts come from a separate untimed call.
 */
import * as tf from '@tensorflow/tfjs';

/** Kernels launched by one call of `fn` (its returned tensors, if any, are disposed). */
export async function countKernels(fn: () => tf.TensorContainer | void): Promise<number> {
  const info = await tf.profile(() => fn() ?? undefined);
  tf.dispose(info.result);
  return info.kernels.length;
}
