/**
 * The one on-policy training loop shared by REINFORCE, A2C and PPO (CleanRL's structure): collect
 * numSteps × numEnvs transitions from a VectorEnv with the current policy (masked sampling), compute GAE,
 * then run `updateEpochs` passes of `numMinibatches` minibatches through the agent's loss, with Adam,
 * global-norm gradient clipping, optional LR annealing and an optional target-KL early stop. The
 * rollout and its end-of-episode handling are in rollout-collect.ts.
 *
 * With `rolloutWorkers` W > 1 the rollouts run in W worker processes, each on a contiguous share of the
 * envs (parallel-rollout.ts, which also says how the rng streams and the curve then differ from W = 1);
 * the update stays here, unchanged. By default they do not overlap: the next rollout waits for the
 * weights the update is producing, so the learner idles during the rollout and the workers during the
 * update.
 *
 * With `rolloutOverlap` (W ≥ 1 worker processes; rollout-overlap.ts) the rollout for update k + 1 runs
 * in the workers with the weights after update k − 1 while this process runs update k: one update of
 * policy lag. The loss must correct for it through `oldLogProbs`, the behaviour policy's log-probs stored
 * with the transitions: PPO's clipped ratio does (the agents allow the overlap for PPO only; REINFORCE
 * and A2C have no ratio and would train on a biased gradient). GAE uses the behaviour-time values; the
 * target-KL stop measures the KL from the behaviour policy; the LR schedule is per update as without
 * overlap. The first rollout has no overlap, the last update starts none, and a rollout in flight when
 * training stops early or fails is discarded (not trained on, not counted in `globalStep`).
 * `rolloutSeconds` is then the time the learner waited for its rollout, not the rollout's duration.
 *
 * A recurrent network (`network.recurrent`) gets its state carried through the rollouts, reset at episode
 * starts, and minibatches of whole env sequences re-run from the state at the segment start (truncated
 * BPTT); see recurrent-rollout.ts. Feed-forward networks take the path above unchanged.
 */
import type * as tf from '@tensorflow/tfjs';
import type { VectorEnv, VectorResetResult } from '../core/vector.js';
import { currentBackend } from '../model/backend.js';
import { RolloutWorkerError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { Rng } from '../util/rng.js';
import { explainedVariance } from './gae.js';
import type { ObservationEncoder } from './networks/encoders.js';
import type { PolicyNetwork } from './networks/network.js';
import { DIAGNOSTIC_NAMES, onPolicyMinibatchStep, type MinibatchDiagnostics } from './minibatch-step.js';
import { Adam } from './optim.js';
import { ParallelRollout } from './parallel-rollout.js';
import { RecurrentRollout, gatherSequences, sequenceForward } from './recurrent-rollout.js';
import { OverlappedRollout } from './rollout-overlap.js';
import { ReturnScaler } from './reward-scale.js';
import { collectSteps, finishRollout, initialRolloutState, sharedSampler, type CollectedSteps } from './rollout-collect.js';
import { RolloutBuffer, minibatchIndices, normalizeInPlace } from './rollout-buffer.js';
import type { RolloutEnvRecipe } from './rollout-messages.js';
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
  /** Observations of a reset already done; otherwise the loop resets with `seed` (W = 1 only). */
  initial?: VectorResetResult<Obs>;
  /**
   * Rollout worker processes W (default 1: rollouts in this process, `env` stepped). With W > 1 each
   * worker rebuilds its share of the envs from `rolloutEnv` and resets it with `seed` (sub-env b gets
   * seed + b, as `env` would); `env` itself only gives B and the autoreset mode.
   */
  rolloutWorkers?: number;
  /**
   * Overlap the next rollout with the update (default false), in `rolloutWorkers` worker processes (1
   * allowed: one worker and the learner); see the module comment and rollout-overlap.ts. Needs
   * `rolloutEnv`; `initial` is then ignored, as with W > 1. Only for a loss that corrects for one update
   * of policy lag through `oldLogProbs` (PPO's clipped ratio).
   */
  rolloutOverlap?: boolean;
  /** How worker processes rebuild `env` (required when `rolloutWorkers` > 1 or with `rolloutOverlap`). */
  rolloutEnv?: RolloutEnvRecipe;
  logger?: Logger;
  onUpdate?: OnUpdate;
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
  minibatchRng: Rng;
  vars: tf.Variable[];
  optimizer: Adam;
  /** The critic's own weights and optimiser, made for the first update with a frozen actor. */
  critic?: { vars: tf.Variable[]; optimizer: Adam };
  buf: RolloutBuffer;
  /** Present for a recurrent network: its state through the rollout and its sequence minibatches. */
  seq: RecurrentRollout | undefined;
  allEnvs: number[];
}

/** What {@link update} did: mean diagnostics over its minibatch steps and the epochs it ran. */
interface UpdateResult {
  means: MinibatchDiagnostics;
  epochsRun: number;
}

/** Where a run's rollouts come from: this process (W = 1) or W worker processes (overlapped or not). */
interface RolloutSource {
  /**
   * Fills `ctx.buf` (and `ctx.seq`) with T steps of every env, before GAE. `next`: another rollout
   * follows this one (an overlapped source starts it now; the others ignore it).
   */
  collect(next: boolean): Promise<CollectedSteps>;
  close(): Promise<void>;
}

function inProcessSource<Obs>(ctx: LoopContext<Obs>, initial: VectorResetResult<Obs>): RolloutSource {
  const { env, network, encoder, hyperparameters: hp } = ctx.opts;
  const sample = sharedSampler(new Rng(`${hp.seed}/actions`));
  const state = initialRolloutState(initial, ctx.B);
  const settings = { env, network, encoder, buf: ctx.buf, seq: ctx.seq, sample };
  return {
    collect: () => Promise.resolve(collectSteps(settings, state)),
    close: () => Promise.resolve(),
  };
}

async function workerSource<Obs>(ctx: LoopContext<Obs>, workers: number, overlap: boolean): Promise<RolloutSource> {
  const { network, encoder, hyperparameters: hp, rolloutEnv } = ctx.opts;
  if (rolloutEnv === undefined) {
    const what = overlap ? 'rolloutOverlap' : `rolloutWorkers ${workers}`;
    throw new RolloutWorkerError(`${what} needs rolloutEnv (the recipe the worker processes rebuild the env from), got none`);
  }
  const parallel = await ParallelRollout.start(
    {
      backend: currentBackend(),
      env: rolloutEnv,
      seed: hp.seed,
      numSteps: ctx.T,
      autoresetMode: ctx.opts.env.autoresetMode,
      encoder: encoder.spec,
      network: network.spec,
    },
    ctx.B,
    workers,
  );
  if (overlap) {
    const overlapped = new OverlappedRollout(parallel);
    return {
      collect: (next) => overlapped.collect(ctx.vars, ctx.buf, ctx.seq, next),
      close: () => overlapped.close(),
    };
  }
  return {
    collect: () => parallel.collect(ctx.vars, ctx.buf, ctx.seq),
    close: () => parallel.close(),
  };
}

/**
 * `updateEpochs` passes of `numMinibatches` minibatches over the rollout in `ctx.buf` (SB3's `train`):
 * the agent's loss, clipped Adam steps, the target-KL early stop.
 */
function update<Obs>(ctx: LoopContext<Obs>, frozenActor: boolean): UpdateResult {
  const { opts, F, buf, seq } = ctx;
  const { network, hyperparameters: hp } = opts;
  const { vars, optimizer } = frozenActor ? criticOnly(ctx) : ctx;
  const loss: PolicyLoss = frozenActor
    ? (b) => {
        const terms = opts.loss(b);
        return { ...terms, loss: terms.valueLoss };
      }
    : opts.loss;
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
      const d = onPolicyMinibatchStep({ network, loss, maxGradNorm: hp.maxGradNorm }, vars, optimizer, mb, forward);
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

/** The critic's weights (named `critic.*`) and their optimiser, at the main optimiser's learning rate. */
function criticOnly<Obs>(ctx: LoopContext<Obs>): { vars: tf.Variable[]; optimizer: Adam } {
  if (ctx.critic === undefined) {
    const vars = ctx.opts.network
      .namedWeights()
      .filter((w) => w.name.startsWith('critic.'))
      .map((w) => w.variable);
    if (vars.length === 0) throw new RangeError('freezeActorUpdates needs a network with critic.* weights of its own, got none');
    ctx.critic = { vars, optimizer: new Adam(vars, { learningRate: ctx.optimizer.learningRate }) };
  }
  ctx.critic.optimizer.learningRate = ctx.optimizer.learningRate;
  return ctx.critic;
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
    minibatchRng: new Rng(`${hp.seed}/minibatches`),
    vars,
    optimizer: opts.optimizer ?? new Adam(vars, { learningRate: hp.learningRate }),
    buf: new RolloutBuffer({ numSteps: T, numEnvs: B, featureSize: F, numActions: A }),
    seq: rec ? new RecurrentRollout(rec, { numSteps: T, numEnvs: B, inputSize: F }) : undefined,
    allEnvs: Array.from({ length: B }, (_, b) => b),
  };
  const workers = opts.rolloutWorkers ?? 1;
  const overlap = opts.rolloutOverlap ?? false;
  const source =
    workers === 1 && !overlap
      ? inProcessSource(ctx, opts.initial ?? env.reset({ seed: hp.seed }))
      : await workerSource(ctx, workers, overlap);
  const { optimizer, buf } = ctx;
  const updates: UpdateStats[] = [];
  let globalStep = 0;
  let stoppedEarly = false;
  const scaler = hp.normReward ? new ReturnScaler(B, hp.gamma) : undefined;

  try {
    for (let iteration = 1; iteration <= numUpdates && !stoppedEarly; iteration++) {
      const started = performance.now();
      optimizer.learningRate = hp.annealLr ? (1 - (iteration - 1) / numUpdates) * hp.learningRate : hp.learningRate;
      const episodes = await source.collect(iteration < numUpdates);
      const scaled = scaler?.scale(buf.rewards, buf.terminated, buf.truncated, buf.valid);
      finishRollout(buf, episodes.lastValues, { gamma: hp.gamma, gaeLambda: hp.gaeLambda, nextStep: ctx.nextStep });
      globalStep += T * B;
      const rolloutEnd = performance.now();
      const frozenActor = iteration <= (hp.freezeActorUpdates ?? 0);
      const { means, epochsRun } = update(ctx, frozenActor);
      const updateEnd = performance.now();
      const elapsed = (updateEnd - started) / 1000;
      const stats: UpdateStats = {
        update: iteration,
        numUpdates,
        globalStep,
        learningRate: optimizer.learningRate,
        ...means,
        explainedVariance: explainedVariance(buf.values, buf.returns, buf.valid),
        ...(scaled ? { rewardScale: scaled.scale } : {}),
        epochsRun,
        ...(frozenActor ? { actorFrozen: true } : {}),
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
  } finally {
    await source.close();
  }
  return { updates, globalStep, stoppedEarly };
}
