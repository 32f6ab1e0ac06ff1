/**
 * The one on-policy training loop shared by REINFORCE, A2C and PPO (CleanRL's structure): collect
 * numSteps × numEnvs transitions from a VectorEnv with the current policy (masked sampling), compute GAE,
 * then run `updateEpochs` passes of `numMinibatches` minibatches through the agent's loss, with Adam,
 * global-norm gradient clipping, optional LR annealing and an optional target-KL early stop.
 *
 * End of episodes: `next-step` autoreset envs spend one step resetting a finished sub-env; that step is
 * stored as invalid (not a transition, left out of the loss) and the value of its observation — the final
 * observation of the ended episode — bootstraps a truncation. `same-step` envs pass the final observation
 * in `infos[i].finalObservation`; truncated sub-envs are then evaluated in one extra batched forward.
 *
 * A recurrent network (`network.recurrent`) gets its state carried through the rollouts, reset at episode
 * starts, and minibatches of whole env sequences re-run from the state at the segment start (truncated
 * BPTT); see recurrent-rollout.ts. Feed-forward networks take the path above unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../core/env.js';
import type { VectorEnv, VectorResetResult } from '../core/vector.js';
import { EnvCheckError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { Rng } from '../util/rng.js';
import { sampleMaskedCategorical } from './distributions.js';
import { computeGae, explainedVariance } from './gae.js';
import type { ObservationEncoder } from './networks/encoders.js';
import type { PolicyNetwork } from './networks/network.js';
import { DIAGNOSTIC_NAMES, onPolicyMinibatchStep, type MinibatchDiagnostics } from './minibatch-step.js';
import { Adam } from './optim.js';
import { RecurrentRollout, gatherSequences, sequenceForward } from './recurrent-rollout.js';
import { RolloutBuffer, minibatchIndices, normalizeInPlace } from './rollout-buffer.js';
import type { OnPolicyHyperparameters, OnUpdate, PolicyLoss, TrainingResult, UpdateStats } from './training-types.js';

export { onPolicyMinibatchStep, type MinibatchDiagnostics, type MinibatchStepSettings } from './minibatch-step.js';

export type {
  LossBatch,
  LossTerms,
  OnPolicyHyperparameters,
  OnUpdate,
  PolicyLoss,
  TrainingResult,
  UpdateStats,
} from './training-types.js';

/** Inputs of {@link trainOnPolicy}. */
export interface OnPolicyOptions<Obs> {
  env: VectorEnv<Obs, number>;
  network: PolicyNetwork;
  encoder: ObservationEncoder<Obs>;
  loss: PolicyLoss;
  hyperparameters: OnPolicyHyperparameters;
  totalTimesteps: number;
  /** Reuse an optimiser across calls (its learning rate is overwritten). */
  optimizer?: Adam;
  /** Observations of a reset already done; otherwise the loop resets with `seed`. */
  initial?: VectorResetResult<Obs>;
  logger?: Logger;
  onUpdate?: OnUpdate;
}

interface Evaluation {
  logits: Float32Array;
  values: Float32Array;
}

function evaluate(network: PolicyNetwork, features: Float32Array, n: number): Evaluation {
  return tf.tidy(() => {
    const out = network.forward(tf.tensor2d(features, [n, network.inputSize]));
    return { logits: Float32Array.from(out.logits.dataSync()), values: Float32Array.from(out.values.dataSync()) };
  });
}

/** Writes each sub-env's mask: observation → info.actionMask → env.actionMasks() → all valid. */
function fillMasks<Obs>(
  env: VectorEnv<Obs, number>,
  encoder: ObservationEncoder<Obs>,
  observations: readonly Obs[],
  infos: readonly Info[],
  out: Uint8Array,
  numActions: number,
): void {
  let envMasks: Uint8Array[] | undefined;
  for (let b = 0; b < observations.length; b++) {
    let m = encoder.mask(observations[b] as Obs);
    if (m === undefined) {
      const im = infos[b]?.actionMask;
      if (im instanceof Uint8Array) m = im;
    }
    if (m === undefined && env.actionMasks) {
      envMasks ??= env.actionMasks();
      m = envMasks[b];
    }
    const row = out.subarray(b * numActions, (b + 1) * numActions);
    if (m === undefined) row.fill(1);
    else if (m.length !== numActions) throw new RangeError(`expected an action mask of length ${numActions}, got ${m.length}`);
    else row.set(m);
  }
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** What the rollout and the update share for one training run. */
interface LoopContext<Obs> {
  opts: OnPolicyOptions<Obs>;
  /** Sub-envs B, steps per rollout T, actions A, feature width F. */
  B: number;
  T: number;
  A: number;
  F: number;
  nextStep: boolean;
  sampleRng: Rng;
  minibatchRng: Rng;
  vars: tf.Variable[];
  optimizer: Adam;
  buf: RolloutBuffer;
  /** Present for a recurrent network: its state through the rollout and its sequence minibatches. */
  seq: RecurrentRollout | undefined;
  allEnvs: number[];
}

/** The env side carried from one rollout to the next. */
interface RolloutState<Obs> {
  observations: readonly Obs[];
  infos: readonly Info[];
  /** 1 where the sub-env's next step is a `next-step` autoreset (not a transition). */
  resetPending: Uint8Array;
  /** 1 where the sub-env's episode ended at the last step. */
  ended: Uint8Array;
  epReturn: Float64Array;
  epLength: Int32Array;
}

/** Episodes that ended during one rollout. */
interface RolloutEpisodes {
  returns: number[];
  lengths: number[];
}

/** What {@link update} did: mean diagnostics over its minibatch steps and the epochs it ran. */
interface UpdateResult {
  means: MinibatchDiagnostics;
  epochsRun: number;
}

/**
 * Collects T steps of the B sub-envs with the current policy into `ctx.buf` (SB3's `collect_rollouts`):
 * masked sampling, the bootstrap values of truncations, then GAE (advantages and returns).
 */
function collectRollout<Obs>(ctx: LoopContext<Obs>, state: RolloutState<Obs>): RolloutEpisodes {
  const { opts, B, T, A, F, nextStep, buf, seq } = ctx;
  const { env, network, encoder, hyperparameters: hp } = opts;
  const { resetPending, ended, epReturn, epLength } = state;
  const returns: number[] = [];
  const lengths: number[] = [];
  seq?.beginSegment();
  for (let t = 0; t < T; t++) {
    const off = t * B;
    encoder.encode(state.observations, buf.features, off * F);
    const masks = buf.masks.subarray(off * A, (off + B) * A);
    fillMasks(env, encoder, state.observations, state.infos, masks, A);
    for (let b = 0; b < B; b++) {
      buf.valid[off + b] = resetPending[b] ? 0 : 1;
      // A reset step's action is ignored; never let a terminal all-zero mask stop the sampler.
      const row = masks.subarray(b * A, (b + 1) * A);
      if (resetPending[b] && !row.includes(1)) row.fill(1);
    }
    const stepFeatures = buf.features.subarray(off * F, (off + B) * F);
    const ev = seq ? seq.step(t, stepFeatures) : evaluate(network, stepFeatures, B);
    const sample = sampleMaskedCategorical({ logits: ev.logits, numActions: A, masks, rng: ctx.sampleRng });
    buf.actions.set(sample.actions, off);
    buf.logProbs.set(sample.logProbs, off);
    buf.values.set(ev.values, off);
    const res = env.step(Array.from(sample.actions));
    const truncatedNow: number[] = [];
    for (let b = 0; b < B; b++) {
      const i = off + b;
      const valid = buf.valid[i] === 1;
      const r = valid ? (res.rewards[b] as number) : 0;
      const term = valid && res.terminated[b] === 1;
      const trunc = valid && res.truncated[b] === 1;
      buf.rewards[i] = r;
      buf.terminated[i] = term ? 1 : 0;
      buf.truncated[i] = trunc ? 1 : 0;
      buf.bootstrapValues[i] = 0;
      ended[b] = term || trunc ? 1 : 0;
      if (valid) {
        epReturn[b] = (epReturn[b] as number) + r;
        epLength[b] = (epLength[b] as number) + 1;
      }
      if (term || trunc) {
        returns.push(epReturn[b] as number);
        lengths.push(epLength[b] as number);
        epReturn[b] = 0;
        epLength[b] = 0;
        if (trunc && !term) truncatedNow.push(b);
      }
      resetPending[b] = nextStep && (term || trunc) ? 1 : 0;
    }
    if (!nextStep && truncatedNow.length > 0) {
      const finals = truncatedNow.map((b) => {
        const fo = res.infos[b]?.finalObservation;
        if (fo === undefined) {
          throw new EnvCheckError(
            `expected infos[${b}].finalObservation for a truncated sub-env in same-step autoreset mode, got undefined`,
          );
        }
        return fo as Obs;
      });
      const finalFeatures = encoder.encode(finals);
      const fv = seq ? seq.values(finalFeatures, truncatedNow, false) : evaluate(network, finalFeatures, finals.length).values;
      truncatedNow.forEach((b, k) => {
        buf.bootstrapValues[off + b] = fv[k] as number;
      });
    }
    seq?.endStep(buf.valid.subarray(off, off + B), ended, nextStep);
    state.observations = res.observations;
    state.infos = res.infos;
  }
  const lastFeatures = encoder.encode(state.observations);
  const lastValues = seq ? seq.values(lastFeatures, ctx.allEnvs, true) : evaluate(network, lastFeatures, B).values;
  if (nextStep) {
    // The observation after a truncation is the final one: its value is the next row's (or lastValues).
    for (let i = 0; i < T * B; i++) {
      if (buf.truncated[i] && !buf.terminated[i]) {
        buf.bootstrapValues[i] = i + B < T * B ? (buf.values[i + B] as number) : (lastValues[i % B] as number);
      }
    }
  }
  const gae = computeGae({
    numSteps: T,
    numEnvs: B,
    rewards: buf.rewards,
    values: buf.values,
    terminated: buf.terminated,
    truncated: buf.truncated,
    bootstrapValues: buf.bootstrapValues,
    lastValues,
    valid: buf.valid,
    gamma: hp.gamma,
    gaeLambda: hp.gaeLambda,
  });
  buf.advantages = gae.advantages;
  buf.returns = gae.returns;
  return { returns, lengths };
}

/**
 * `updateEpochs` passes of `numMinibatches` minibatches over the rollout in `ctx.buf` (SB3's `train`):
 * the agent's loss, clipped Adam steps, the target-KL early stop.
 */
function update<Obs>(ctx: LoopContext<Obs>): UpdateResult {
  const { opts, F, buf, seq } = ctx;
  const { network, hyperparameters: hp } = opts;
  const rec = network.recurrent;
  const validIdx = buf.validIndices();
  const sums: MinibatchDiagnostics = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, gradNorm: 0 };
  let steps = 0;
  let epochsRun = 0;
  for (let epoch = 0; epoch < hp.updateEpochs; epoch++) {
    let klSum = 0;
    let klCount = 0;
    // Recurrent: minibatches of whole env sequences; feed-forward: of shuffled valid rows.
    for (const idx of minibatchIndices(seq ? Int32Array.from(ctx.allEnvs) : validIdx, hp.numMinibatches, ctx.minibatchRng)) {
      const sequences = seq ? gatherSequences(buf, seq, idx) : undefined;
      const mb = sequences?.rows ?? buf.gather(idx);
      if (mb.size === 0) continue;
      if (hp.normAdv && mb.size > 1) normalizeInPlace(mb.advantages);
      const forward = rec && sequences ? () => sequenceForward(rec, sequences, F) : undefined;
      const d = onPolicyMinibatchStep({ network, loss: opts.loss, maxGradNorm: hp.maxGradNorm }, ctx.vars, ctx.optimizer, mb, forward);
      for (const k of DIAGNOSTIC_NAMES) sums[k] += d[k];
      klSum += d.approxKl;
      klCount++;
      steps++;
    }
    epochsRun++;
    if (hp.targetKl !== null && klCount > 0 && klSum / klCount > hp.targetKl) break;
  }
  const means = { ...sums };
  for (const k of DIAGNOSTIC_NAMES) means[k] = steps > 0 ? sums[k] / steps : Number.NaN;
  return { means, epochsRun };
}

/** Runs on-policy training — {@link collectRollout}, then {@link update}, per iteration; see the module comment. */
export async function trainOnPolicy<Obs>(opts: OnPolicyOptions<Obs>): Promise<TrainingResult> {
  const { env, network, encoder, hyperparameters: hp } = opts;
  const B = env.numEnvs;
  const T = hp.numSteps;
  const A = network.numActions;
  const F = encoder.featureSize;
  if (F !== network.inputSize) throw new RangeError(`expected encoder features (${F}) to match the network input (${network.inputSize})`);
  const numUpdates = Math.max(1, Math.floor(opts.totalTimesteps / (T * B)));
  const vars = network.trainableVariables;
  const rec = network.recurrent;
  const ctx: LoopContext<Obs> = {
    opts,
    B,
    T,
    A,
    F,
    nextStep: env.autoresetMode === 'next-step',
    sampleRng: new Rng(`${hp.seed}/actions`),
    minibatchRng: new Rng(`${hp.seed}/minibatches`),
    vars,
    optimizer: opts.optimizer ?? new Adam(vars, { learningRate: hp.learningRate }),
    buf: new RolloutBuffer({ numSteps: T, numEnvs: B, featureSize: F, numActions: A }),
    seq: rec ? new RecurrentRollout(rec, { numSteps: T, numEnvs: B, inputSize: F }) : undefined,
    allEnvs: Array.from({ length: B }, (_, b) => b),
  };
  const { observations, infos } = opts.initial ?? env.reset({ seed: hp.seed });
  const state: RolloutState<Obs> = {
    observations,
    infos,
    resetPending: new Uint8Array(B),
    ended: new Uint8Array(B),
    epReturn: new Float64Array(B),
    epLength: new Int32Array(B),
  };
  const { optimizer, buf } = ctx;
  const updates: UpdateStats[] = [];
  let globalStep = 0;
  let stoppedEarly = false;

  for (let iteration = 1; iteration <= numUpdates && !stoppedEarly; iteration++) {
    const started = performance.now();
    optimizer.learningRate = hp.annealLr ? (1 - (iteration - 1) / numUpdates) * hp.learningRate : hp.learningRate;
    const episodes = collectRollout(ctx, state);
    globalStep += T * B;
    const rolloutEnd = performance.now();
    const { means, epochsRun } = update(ctx);
    const updateEnd = performance.now();
    const elapsed = (updateEnd - started) / 1000;
    const stats: UpdateStats = {
      update: iteration,
      numUpdates,
      globalStep,
      learningRate: optimizer.learningRate,
      ...means,
      explainedVariance: explainedVariance(buf.values, buf.returns, buf.valid),
      epochsRun,
      stepsPerSecond: elapsed > 0 ? (T * B) / elapsed : Number.POSITIVE_INFINITY,
      rolloutSeconds: (rolloutEnd - started) / 1000,
      updateSeconds: (updateEnd - rolloutEnd) / 1000,
      episodes: episodes.returns.length,
      episodicReturnMean: mean(episodes.returns),
      episodicLengthMean: mean(episodes.lengths),
    };
    updates.push(stats);
    opts.logger?.info({ ...stats }, 'on-policy update');
    if (opts.onUpdate && (await opts.onUpdate(stats)) === false) stoppedEarly = true;
  }
  return { updates, globalStep, stoppedEarly };
}
