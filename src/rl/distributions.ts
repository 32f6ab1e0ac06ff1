/**
 * Masked categorical distribution over a flat Discrete action space.
 *
 * Two halves: typed-array functions for acting (sampling with an {@link Rng}, log-probabilities of the
 * sampled actions, no tensors), and tf functions for the losses (log-probabilities, entropy). Invalid
 * actions get the logit {@link MASKED_LOGIT}, so their probability is exactly 0 and they add nothing to
 * the entropy: the distribution lives on the valid actions only.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidActionError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';

/** The logit given to an invalid action (exp underflows to exactly 0 after the max shift). */
export const MASKED_LOGIT = -1e9;

/** Options of {@link sampleMaskedCategorical}. */
export interface MaskedSampleOptions {
  /** B × A logits, row-major. */
  logits: Float32Array;
  /** Number of actions A. */
  numActions: number;
  /** B × A masks (1 = valid), row-major; omitted ⇒ every action valid. */
  masks?: Uint8Array | undefined;
  /** Source of randomness; not used when `deterministic`. */
  rng: Rng;
  /** Take the most probable valid action instead of sampling. */
  deterministic?: boolean;
  /**
   * With `deterministic`: a group id per action (length A, ids ≥ 0). The greedy action is then the most
   * probable action of the most probable group (total probability), e.g. first the operation, then the
   * slot — so probability split over many slots of one operation still counts as one choice.
   */
  groups?: Int32Array | undefined;
}

/** Sampled actions and their log-probabilities under the masked distribution. */
export interface MaskedSample {
  actions: Int32Array;
  logProbs: Float32Array;
}

function checkShapes(logits: Float32Array, numActions: number, masks: Uint8Array | undefined): number {
  if (!Number.isInteger(numActions) || numActions < 1) {
    throw new RangeError(`expected numActions to be a positive integer, got ${numActions}`);
  }
  if (logits.length % numActions !== 0) {
    throw new RangeError(`expected logits of length B × ${numActions}, got length ${logits.length}`);
  }
  if (masks !== undefined && masks.length !== logits.length) {
    throw new RangeError(`expected masks of length ${logits.length} (same as logits), got ${masks.length}`);
  }
  return logits.length / numActions;
}

/**
 * Writes the masked log-softmax of row `row` into `out` (length A) and returns the row's log-sum-exp.
 * Throws `InvalidActionError` when the mask allows no action.
 */
export function maskedLogSoftmaxRow(
  logits: Float32Array,
  numActions: number,
  row: number,
  masks: Uint8Array | undefined,
  out: Float64Array | Float32Array,
): number {
  const base = row * numActions;
  let max = -Infinity;
  for (let a = 0; a < numActions; a++) {
    if (masks !== undefined && masks[base + a] === 0) continue;
    const l = logits[base + a] as number;
    if (l > max) max = l;
  }
  if (max === -Infinity) {
    throw new InvalidActionError(`expected at least one valid action in the mask of row ${row}, got none`);
  }
  let sum = 0;
  for (let a = 0; a < numActions; a++) {
    if (masks !== undefined && masks[base + a] === 0) continue;
    sum += Math.exp((logits[base + a] as number) - max);
  }
  const lse = max + Math.log(sum);
  for (let a = 0; a < numActions; a++) {
    out[a] = masks !== undefined && masks[base + a] === 0 ? -Infinity : (logits[base + a] as number) - lse;
  }
  return lse;
}

/**
 * Samples one action per row from the masked categorical (or takes the argmax when `deterministic`).
 * Never returns an invalid action. Ties in the argmax go to the lowest index.
 */
export function sampleMaskedCategorical(opts: MaskedSampleOptions): MaskedSample {
  const { logits, numActions, masks, rng } = opts;
  const batch = checkShapes(logits, numActions, masks);
  const groups = opts.groups;
  if (groups !== undefined && (groups.length !== numActions || groups.some((g) => !Number.isInteger(g) || g < 0))) {
    throw new RangeError(`expected groups of ${numActions} non-negative integers, got length ${groups.length}`);
  }
  const groupMass = new Float64Array(groups === undefined ? 0 : Math.max(0, ...groups) + 1);
  const actions = new Int32Array(batch);
  const logProbs = new Float32Array(batch);
  const logp = new Float64Array(numActions);
  for (let b = 0; b < batch; b++) {
    maskedLogSoftmaxRow(logits, numActions, b, masks, logp);
    let chosen = -1;
    if (opts.deterministic) {
      const group = groups === undefined ? -1 : bestGroup(logp, groups, groupMass);
      let best = -Infinity;
      for (let a = 0; a < numActions; a++) {
        const v = logp[a] as number;
        if (group >= 0 && groups?.[a] !== group) continue;
        if (v > best) {
          best = v;
          chosen = a;
        }
      }
    } else {
      let r = rng.next();
      let lastValid = -1;
      for (let a = 0; a < numActions; a++) {
        const v = logp[a] as number;
        if (v === -Infinity) continue;
        lastValid = a;
        r -= Math.exp(v);
        if (r < 0) {
          chosen = a;
          break;
        }
      }
      // Floating-point slack (probabilities summing to 1 − ε): the last valid action.
      if (chosen < 0) chosen = lastValid;
    }
    actions[b] = chosen;
    logProbs[b] = logp[chosen] as number;
  }
  return { actions, logProbs };
}

/** The group with the largest total probability (ties: lowest id); `mass` is scratch of length #groups. */
function bestGroup(logp: Float64Array, groups: Int32Array, mass: Float64Array): number {
  mass.fill(0);
  for (let a = 0; a < logp.length; a++) {
    const v = logp[a] as number;
    if (v !== -Infinity) mass[groups[a] as number] = (mass[groups[a] as number] as number) + Math.exp(v);
  }
  let best = -1;
  for (let g = 0; g < mass.length; g++) if ((mass[g] as number) > 0 && (best < 0 || (mass[g] as number) > (mass[best] as number))) best = g;
  return best;
}

/** B × A probabilities of the masked distribution (0 on invalid actions). */
export function maskedProbabilities(logits: Float32Array, numActions: number, masks?: Uint8Array): Float32Array {
  const batch = checkShapes(logits, numActions, masks);
  const out = new Float32Array(logits.length);
  const logp = new Float64Array(numActions);
  for (let b = 0; b < batch; b++) {
    maskedLogSoftmaxRow(logits, numActions, b, masks, logp);
    for (let a = 0; a < numActions; a++) out[b * numActions + a] = Math.exp(logp[a] as number);
  }
  return out;
}

/** Per-row entropy (nats) of the masked distribution, over the valid actions only. */
export function maskedEntropy(logits: Float32Array, numActions: number, masks?: Uint8Array): Float32Array {
  const batch = checkShapes(logits, numActions, masks);
  const out = new Float32Array(batch);
  const logp = new Float64Array(numActions);
  for (let b = 0; b < batch; b++) {
    maskedLogSoftmaxRow(logits, numActions, b, masks, logp);
    let h = 0;
    for (let a = 0; a < numActions; a++) {
      const v = logp[a] as number;
      if (v !== -Infinity) h -= Math.exp(v) * v;
    }
    out[b] = h;
  }
  return out;
}

/**
 * The additive mask bias for the tf functions: 0 for valid actions, {@link MASKED_LOGIT} for invalid
 * ones (B × A, row-major). Omitted masks ⇒ all zeros.
 */
export function maskBias(masks: Uint8Array | undefined, length: number, out?: Float32Array): Float32Array {
  const bias = out ?? new Float32Array(length);
  if (masks === undefined) {
    bias.fill(0, 0, length);
    return bias;
  }
  if (masks.length < length) throw new RangeError(`expected masks of length ≥ ${length}, got ${masks.length}`);
  for (let i = 0; i < length; i++) bias[i] = masks[i] === 0 ? MASKED_LOGIT : 0;
  return bias;
}

/** Masked logits: `logits + bias`, where `bias` comes from {@link maskBias}. */
export function applyMask(logits: tf.Tensor2D, bias: tf.Tensor2D): tf.Tensor2D {
  return tf.add(logits, bias);
}

/** log π(a|s) of `actions` (int32, length B) under (masked) `logits` (B × A). */
export function categoricalLogProbs(logits: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    // tf.oneHot (one wasm kernel, ≈ 9 µs on [256, 25]) rather than equal(actions, range) (a broadcast
    // compare, ≈ 380 µs), except for a single action (depth 1), which tf.oneHot rejects. The same 0/1 values.
    const depth = logits.shape[1];
    const oneHot = tf.cast(
      depth > 1 ? tf.oneHot(actions, depth) : tf.equal(tf.reshape(actions, [-1, 1]), tf.range(0, depth, 1, 'int32')),
      'float32',
    );
    return tf.sum(tf.mul(logp, oneHot), 1) as tf.Tensor1D;
  });
}

/** Per-row entropy of the categorical with (masked) `logits`; masked actions contribute 0. */
export function categoricalEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
  });
}
