/**
 * The imitation loop shared by behaviour cloning and DAgger (Ross, Gordon & Bagnell 2011; for memory
 * eviction, Parrot — Liu et al. 2020): for each of `iterations` rounds, roll the env out for its share
 * of the budget, acting with the expert with probability β(round) and otherwise with the current
 * policy's greedy action; label every visited state with the expert's action; add the rows to the
 * aggregated dataset; then train the policy for `epochs` passes over the whole dataset on the masked
 * cross-entropy of the expert's action. β ≡ 1 is behaviour cloning (the expert's own state
 * distribution); a decaying β is DAgger.
 *
 * The expert may read privileged `info` (the oracle's look-ahead); the policy only ever sees the encoded
 * observation. States of a `next-step` autoreset step (the final observation of an ended episode) are
 * not labelled. Diagnostics come as {@link UpdateStats} through `onUpdate` (one per round), with the
 * imitation fields `beta`, `agreement`, `datasetAgreement` and `datasetSize`; `policyLoss` is the
 * cross-entropy, the value fields are NaN (no critic is trained).
 */
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../core/env.js';
import type { VectorEnv, VectorResetResult } from '../core/vector.js';
import type { Logger } from '../util/logger.js';
import { Rng } from '../util/rng.js';
import { applyMask, categoricalEntropy, categoricalLogProbs, maskBias, sampleMaskedCategorical } from './distributions.js';
import { ImitationDataset, type ImitationBatch } from './imitation-dataset.js';
import type { ObservationEncoder } from './networks/encoders.js';
import type { PolicyNetwork } from './networks/network.js';
import { Adam, clippedAdamStep } from './optim.js';
import type { OnUpdate, TrainingResult, UpdateStats } from './training-types.js';

/** The expert: the action to imitate for an observation and its (possibly privileged) info. */
export type Expert = (observation: unknown, info: Info) => number;

/** Hyperparameters of the imitation loop. */
export interface ImitationLoopHyperparameters {
  learningRate: number;
  /** Rounds of (roll out, aggregate, retrain); the budget is split evenly over them. */
  iterations: number;
  /** Passes over the aggregated dataset after each round. */
  epochs: number;
  /** Rows per gradient step. */
  batchSize: number;
  maxGradNorm: number;
  /** Rows kept in the aggregated dataset (the oldest are overwritten beyond it). */
  maxDatasetSize: number;
  seed: number;
}

/** Inputs of {@link trainImitation}. */
export interface ImitationOptions {
  env: VectorEnv<unknown, number>;
  network: PolicyNetwork;
  encoder: ObservationEncoder;
  expert: Expert;
  /** β of round r (0-based): the probability of executing the expert's action instead of the policy's. */
  beta: (round: number) => number;
  hyperparameters: ImitationLoopHyperparameters;
  totalTimesteps: number;
  optimizer: Adam;
  /** Observations of a reset already done; otherwise the loop resets with `seed`. */
  initial?: VectorResetResult<unknown>;
  logger?: Logger;
  onUpdate?: OnUpdate;
}

/** Masked cross-entropy of `labels` under `logits` (B × A, already masked): −mean log π(label|s). */
export function imitationLoss(maskedLogits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.neg(tf.mean(categoricalLogProbs(maskedLogits, labels))) as tf.Scalar;
}

function maskOf(encoder: ObservationEncoder, observation: unknown, info: Info | undefined, numActions: number): Uint8Array {
  const m = encoder.mask(observation) ?? (info?.actionMask instanceof Uint8Array ? info.actionMask : undefined);
  if (m === undefined) return new Uint8Array(numActions).fill(1);
  if (m.length !== numActions) throw new RangeError(`expected an action mask of length ${numActions}, got ${m.length}`);
  return m;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Runs the imitation loop; see the module comment. */
export async function trainImitation(opts: ImitationOptions): Promise<TrainingResult> {
  const { env, network, encoder, expert, hyperparameters: hp, optimizer } = opts;
  const B = env.numEnvs;
  const A = network.numActions;
  const F = encoder.featureSize;
  if (F !== network.inputSize) throw new RangeError(`expected encoder features (${F}) to match the network input (${network.inputSize})`);
  const stepsPerRound = Math.max(1, Math.ceil(opts.totalTimesteps / (hp.iterations * B)));
  const nextStep = env.autoresetMode === 'next-step';
  const mixRng = new Rng(`${hp.seed}/beta`);
  const batchRng = new Rng(`${hp.seed}/minibatches`);
  const groups = network.actionGroups?.();
  const data = new ImitationDataset(F, A, hp.maxDatasetSize);
  let { observations, infos } = opts.initial ?? env.reset({ seed: hp.seed });
  const resetPending = new Uint8Array(B);
  const epReturn = new Float64Array(B);
  const epLength = new Int32Array(B);
  const features = new Float32Array(B * F);
  const masks = new Uint8Array(B * A);
  const updates: UpdateStats[] = [];
  let globalStep = 0;
  let stoppedEarly = false;
  optimizer.learningRate = hp.learningRate;

  for (let round = 0; round < hp.iterations && !stoppedEarly; round++) {
    const started = performance.now();
    const beta = opts.beta(round);
    const returns: number[] = [];
    const lengths: number[] = [];
    let labelled = 0;
    let agreed = 0;
    // ---- roll out (β-mix of expert and greedy policy), label, aggregate ----
    for (let t = 0; t < stepsPerRound; t++) {
      encoder.encode(observations, features, 0);
      for (let b = 0; b < B; b++) masks.set(maskOf(encoder, observations[b], infos[b], A), b * A);
      const logits = tf.tidy(() => Float32Array.from(network.forward(tf.tensor2d(features, [B, F])).logits.dataSync()));
      for (let b = 0; b < B; b++) if (resetPending[b] && !masks.subarray(b * A, (b + 1) * A).includes(1)) masks.fill(1, b * A, (b + 1) * A);
      const greedy = sampleMaskedCategorical({ logits, numActions: A, masks, rng: mixRng, deterministic: true, groups }).actions;
      const actions = Int32Array.from(greedy);
      for (let b = 0; b < B; b++) {
        if (resetPending[b]) continue;
        const label = expert(observations[b], infos[b] ?? {});
        data.add(features.subarray(b * F, (b + 1) * F), masks.subarray(b * A, (b + 1) * A), label);
        labelled++;
        if (greedy[b] === label) agreed++;
        if (beta >= 1 || (beta > 0 && mixRng.next() < beta)) actions[b] = label;
      }
      const res = env.step(Array.from(actions));
      for (let b = 0; b < B; b++) {
        const valid = resetPending[b] === 0;
        const done = valid && (res.terminated[b] === 1 || res.truncated[b] === 1);
        if (valid) {
          epReturn[b] = (epReturn[b] as number) + (res.rewards[b] as number);
          epLength[b] = (epLength[b] as number) + 1;
        }
        if (done) {
          returns.push(epReturn[b] as number);
          lengths.push(epLength[b] as number);
          epReturn[b] = 0;
          epLength[b] = 0;
        }
        resetPending[b] = nextStep && done ? 1 : 0;
      }
      observations = res.observations;
      infos = res.infos;
    }
    globalStep += stepsPerRound * B;
    // ---- retrain on the aggregated dataset ----
    let sums: ImitationStepStats = emptyStats(); // means over the last epoch
    let batches = 0;
    for (let epoch = 0; epoch < hp.epochs; epoch++) {
      sums = emptyStats();
      batches = 0;
      const order = batchRng.shuffle(Array.from({ length: data.size }, (_, i) => i));
      for (let start = 0; start < order.length; start += hp.batchSize) {
        const d = trainStep(network, optimizer, hp.maxGradNorm, data.gather(order.slice(start, start + hp.batchSize)));
        for (const k of STAT_NAMES) sums[k] += d[k];
        batches++;
      }
    }
    const s = (k: keyof ImitationStepStats): number => (batches > 0 ? sums[k] / batches : Number.NaN);
    const elapsed = (performance.now() - started) / 1000;
    const stats: UpdateStats = {
      update: round + 1,
      numUpdates: hp.iterations,
      globalStep,
      learningRate: optimizer.learningRate,
      policyLoss: s('loss'),
      valueLoss: Number.NaN,
      entropy: s('entropy'),
      approxKl: Number.NaN,
      clipFraction: Number.NaN,
      gradNorm: s('gradNorm'),
      explainedVariance: Number.NaN,
      epochsRun: hp.epochs,
      stepsPerSecond: elapsed > 0 ? (stepsPerRound * B) / elapsed : Number.POSITIVE_INFINITY,
      episodes: returns.length,
      episodicReturnMean: mean(returns),
      episodicLengthMean: mean(lengths),
      beta,
      agreement: labelled > 0 ? agreed / labelled : Number.NaN,
      datasetAgreement: s('agreement'),
      datasetSize: data.size,
    };
    updates.push(stats);
    opts.logger?.info({ ...stats }, 'imitation update');
    if (opts.onUpdate && (await opts.onUpdate(stats)) === false) stoppedEarly = true;
  }
  return { updates, globalStep, stoppedEarly };
}

/** The diagnostics of one imitation gradient step (or their sums / means over steps). */
interface ImitationStepStats {
  loss: number;
  /** Share of rows whose greedy action is the expert's. */
  agreement: number;
  entropy: number;
  gradNorm: number;
}

const STAT_NAMES = ['loss', 'agreement', 'entropy', 'gradNorm'] as const;

function emptyStats(): ImitationStepStats {
  return { loss: 0, agreement: 0, entropy: 0, gradNorm: 0 };
}

/** One gradient step of the masked cross-entropy. */
function trainStep(network: PolicyNetwork, optimizer: Adam, maxGradNorm: number, mb: ImitationBatch): ImitationStepStats {
  const M = mb.size;
  const A = network.numActions;
  // clippedAdamStep returns the stacked diagnostics, then the gradient norm.
  const d = clippedAdamStep(network.trainableVariables, optimizer, maxGradNorm, () => {
    const x = tf.tensor2d(mb.features, [M, network.inputSize]);
    const bias = tf.tensor2d(maskBias(mb.masks, M * A), [M, A]);
    const labels = tf.tensor1d(mb.labels, 'int32');
    const logits = applyMask(network.forward(x).logits, bias);
    const loss = imitationLoss(logits, labels);
    const agreement = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
    return { loss, diagnostics: tf.stack([loss, agreement, tf.mean(categoricalEntropy(logits))]) as tf.Tensor1D };
  });
  return { loss: d[0] as number, agreement: d[1] as number, entropy: d[2] as number, gradNorm: d[3] as number };
}
