/**
 * Policy forward benchmark: observations/s of a policy network's forward on a batch of encoded
 * observations, read back to the CPU as the rollout does (logits and values), and its kernel launches.
 * No FLOP count: src/model/flops.ts covers the MAT only.
 */
import * as tf from '@tensorflow/tfjs';
import type { PolicyNetwork } from '../rl/networks/network.js';
import { countKernels } from './kernels.js';
import { perSecond, timeLoop } from './timing.js';

/** What {@link benchPolicyForward} measured. */
export interface PolicyForwardResult {
  /** Observations per call. */
  batch: number;
  obsPerSecond: number;
  msPerCall: number;
  /** Kernel launches of one call. */
  kernels: number;
}

/** `rows` rows of width `width`: the rows of `features` repeated in order (n ≥ 1 whole rows). */
export function repeatRows(features: Float32Array, width: number, rows: number): Float32Array {
  const have = features.length / width;
  if (!Number.isInteger(have) || have < 1)
    throw new RangeError(`expected features of whole rows of ${width}, got ${features.length} values`);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(features.subarray((r % have) * width, ((r % have) + 1) * width), r * width);
  return out;
}

/**
 * Times `network.forward` on `batch` rows: the rows of `features` ([n, inputSize], n ≥ 1) repeated to
 * fill the batch (the speed does not depend on the values).
 */
export async function benchPolicyForward(
  network: PolicyNetwork,
  features: Float32Array,
  batch: number,
  opts: { seconds: number; minIterations?: number },
): Promise<PolicyForwardResult> {
  const F = network.inputSize;
  const data = repeatRows(features, F, batch);
  const call = (): void => {
    tf.tidy(() => {
      const out = network.forward(tf.tensor2d(data, [batch, F]));
      out.logits.dataSync();
      out.values.dataSync();
    });
  };
  const run = timeLoop({ seconds: opts.seconds, minIterations: opts.minIterations ?? 3, warmupIterations: 2 }, () => {
    call();
    return batch;
  });
  const kernels = await countKernels(() =>
    tf.tidy(() => {
      const out = network.forward(tf.tensor2d(data, [batch, F]));
      return [out.logits, out.values];
    }),
  );
  return { batch, obsPerSecond: perSecond(run), msPerCall: run.iterations > 0 ? (run.seconds * 1000) / run.iterations : 0, kernels };
}
