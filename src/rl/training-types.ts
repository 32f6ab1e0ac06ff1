/**
 * Types of on-policy training: the loop's hyperparameters, the loss contract between the loop and an
 * agent, and the per-update diagnostics.
 */
import type * as tf from '@tensorflow/tfjs';

/** Hyperparameters the loop reads (CleanRL names); the agents add their loss coefficients. */
export interface OnPolicyHyperparameters {
  learningRate: number;
  /** Steps per env per rollout. */
  numSteps: number;
  gamma: number;
  gaeLambda: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Normalise advantages per minibatch. */
  normAdv: boolean;
  /** Divide rewards by the running std of the discounted return (src/rl/reward-scale.ts). */
  normReward: boolean;
  maxGradNorm: number;
  /** Stop the epochs of an update once the mean approx KL of an epoch exceeds this; null = never. */
  targetKl: number | null;
  /** Anneal the learning rate linearly to 0 over the updates. */
  annealLr: boolean;
  /**
   * Train only the critic (the network's `critic.*` weights, on the value loss) for this many first
   * updates, the actor frozen (default 0) — a critic warm-up for a policy started from imitation, as
   * OpenRLHF's `freezing_actor_steps`: PPO's first advantages otherwise come from an untrained critic.
   */
  freezeActorUpdates?: number;
  seed: number;
}

/** Tensors of one minibatch handed to an agent's loss (M rows). */
export interface LossBatch {
  /** Masked logits under the current parameters. */
  logits: tf.Tensor2D;
  /** log π(a|s) of the taken actions under the current parameters. */
  logProbs: tf.Tensor1D;
  /** Per-row entropy over the valid actions. */
  entropy: tf.Tensor1D;
  /** V(s) under the current parameters. */
  values: tf.Tensor1D;
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  /** Normalised when `normAdv`. */
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

/** What an agent's loss returns: the scalar to minimise and its parts for the diagnostics. */
export interface LossTerms {
  loss: tf.Scalar;
  policyLoss: tf.Scalar;
  valueLoss: tf.Scalar;
  /** Mean entropy. */
  entropy: tf.Scalar;
  /** Fraction of ratios outside the clip range (PPO); 0 when omitted. */
  clipFraction?: tf.Scalar;
}

/** An agent's loss over one minibatch (called inside a gradient tape). */
export type PolicyLoss = (batch: LossBatch) => LossTerms;

/** Diagnostics of one update (means over its minibatches). */
/** The diagnostics of one minibatch step (means over its rows; `gradNorm` before clipping). */
export interface MinibatchDiagnostics {
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  gradNorm: number;
}

export interface UpdateStats extends MinibatchDiagnostics {
  update: number;
  numUpdates: number;
  /** Env steps taken so far (all sub-envs). */
  globalStep: number;
  learningRate: number;
  explainedVariance: number;
  /** With `normReward`: the divisor this update's rewards were scaled by (values and returns are in its scale). */
  rewardScale?: number;
  epochsRun: number;
  /** Set on the updates that trained only the critic (`freezeActorUpdates`). */
  actorFrozen?: boolean;
  stepsPerSecond: number;
  /**
   * Wall time of this update's rollout (env steps, policy forwards, the bootstrap values), in seconds;
   * with `rolloutOverlap`, the time the learner waited for it (the rest ran during the previous update).
   */
  rolloutSeconds?: number;
  /** Wall time of this update's learning phase (GAE and the minibatch steps), in seconds. */
  updateSeconds?: number;
  /** Episodes that ended during this update's rollout. */
  episodes: number;
  /** Mean undiscounted return of those episodes (null when none ended). */
  episodicReturnMean: number | null;
  episodicLengthMean: number | null;
  /** Imitation learners (bc, dagger): the probability β that the rollout executed the expert's action. */
  beta?: number;
  /**
   * Imitation learners: the fraction of this round's rollout states where the policy's greedy action was
   * the expert's, before training on them (on-policy agreement with the oracle).
   */
  agreement?: number;
  /** Imitation learners: argmax agreement with the expert's labels over the dataset (last epoch). */
  datasetAgreement?: number;
  /** Imitation learners: rows in the aggregated dataset. */
  datasetSize?: number;
  /** CEM (agents/cem.ts): the mean episode return of the incumbent μ, of the elites, and the mean σ. */
  incumbentReturn?: number;
  eliteReturnMean?: number;
  searchStd?: number;
  /** Set on the updates of a learner's `init` learner (e.g. `dagger`), trained before the learner itself. */
  phase?: string;
}

/** The outcome of {@link trainOnPolicy}. */
export interface TrainingResult {
  updates: UpdateStats[];
  globalStep: number;
  /** True when `onUpdate` asked to stop. */
  stoppedEarly: boolean;
}

/** Callback after every update; return `false` to stop training. */
export type OnUpdate = (stats: UpdateStats) => void | boolean | Promise<void | boolean>;
