/**
 * End-to-end PPO training benchmark: env steps/s of `PpoAgent.learn` on a {@link MemoryVectorEnv} with the
 * MAT in the loop — rollouts (policy forward, masked sampling, env steps with batched MAT calls), GAE and
 * the minibatch updates, exactly as `memgym train` runs them. The first update (network construction,
 * kernel compilation) is a warm-up; the clock runs over the following updates until the budget is spent.
 *
 * The same timed updates also give the split: rollout-only env steps/s (rollout wall time, from the
 * loop's `rolloutSeconds`) and update transitions/s (a rollout's T·B transitions per second of its
 * learning phase: GAE and all epochs × minibatches). Afterwards, untimed, with the trained network: the
 * kernel launches of one PPO minibatch step, and the policy forward bench ({@link benchPolicyForward})
 * on the env's observations.
 *
 * With `rolloutWorkers` W > 1 the rollouts run in W worker processes (each rebuilds its share of the
 * envs from `rolloutEnv`); the warm-up update then includes starting them. Timings as above: the rollout
 * time is the parallel rollout's wall time (IPC of the weights and the transitions included).
 *
 * With `rolloutOverlap` (W ≥ 1 worker processes) the next rollout runs during the update
 * (src/rl/rollout-overlap.ts). The warm-up update is the one without overlap; the loop's rollout time is
 * then only the learner's wait for a rollout, so there is no rollout-only rate (the update rate stays).
 */
import { PpoAgent, ppoLoss, type PpoHyperparameters } from '../../agents/ppo.js';
import type { MemoryTask } from '../../envs/common/memory-task.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { NetworkOptions } from '../rl/networks/factory.js';
import type { PolicyNetwork } from '../rl/networks/network.js';
import { onPolicyMinibatchStep, type LossBatch } from '../rl/on-policy.js';
import { Adam } from '../rl/optim.js';
import type { RolloutEnvRecipe } from '../rl/rollout-messages.js';
import { countKernels } from './kernels.js';
import { benchPolicyForward, repeatRows, type PolicyForwardResult } from './policy.js';

/** Options of {@link benchPpo}. */
export interface PpoBenchOptions<P = unknown> {
  task: MemoryTask<P>;
  /** Sub-envs B. */
  numEnvs: number;
  /** Rollout length T per update (T·B env steps per update). */
  numSteps: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Timed wall-clock budget in seconds, after the warm-up update. */
  seconds: number;
  /** Timed updates at least (default 1). */
  minUpdates?: number;
  /** Seed of the agent and the episodes (default 0). */
  seed?: number;
  /** Policy network options (default: the agent's default, the slot policy). */
  network?: NetworkOptions;
  /** Observations per call of the policy forward bench (default 32; 0 skips it). */
  policyBatch?: number;
  /** Timed budget of the policy forward bench, in seconds (default 1.5). */
  policySeconds?: number;
  /**
   * Rollout worker processes (default 1: in-process). With more, `rolloutEnv` rebuilds `task` in each
   * worker, and the untimed extras (kernel counts, policy forward) are skipped (the in-process bench has them).
   */
  rolloutWorkers?: number;
  /** Overlap the next rollout with the update (`rolloutOverlap`; needs `rolloutEnv`, any `rolloutWorkers`). */
  rolloutOverlap?: boolean;
  rolloutEnv?: RolloutEnvRecipe;
}

/** What {@link benchPpo} measured. */
export interface PpoBenchResult {
  /** `recurrent` for the GRU slot policy (absent: the feed-forward default). */
  network?: 'recurrent';
  /** Rollout worker processes, when more than one or overlapped (absent: rollouts in the learner's process). */
  rolloutWorkers?: number;
  /** Set when the rollouts overlapped the updates (`rolloutOverlap`). */
  rolloutOverlap?: true;
  numEnvs: number;
  numSteps: number;
  numMinibatches: number;
  updateEpochs: number;
  /** Timed updates. */
  updates: number;
  /** Env steps of the timed updates. */
  steps: number;
  seconds: number;
  /** Training throughput: env steps of the timed updates per wall-clock second. */
  stepsPerSecond: number;
  /** Wall time of the warm-up (reset, network construction, first update). */
  warmupSeconds: number;
  /** Env steps per second of rollout wall time (the timed updates' rollouts only; absent when overlapped). */
  rolloutStepsPerSecond?: number;
  /** A rollout's transitions per second of its learning phase (GAE, all epochs × minibatches). */
  updateTransitionsPerSecond?: number;
  /** Kernel launches of one minibatch step (forward, loss, backward, clipping, Adam). */
  minibatchKernels?: number;
  /** The policy forward bench on the trained network. */
  policy?: PolicyForwardResult;
}

/** Kernel launches of one PPO minibatch step of `network` on `rows` rows of `features` (an Adam at lr 0: weights unchanged). */
async function minibatchKernels(network: PolicyNetwork, features: Float32Array, rows: number, hp: PpoHyperparameters): Promise<number> {
  const A = network.numActions;
  const mbFeatures = repeatRows(features, network.inputSize, rows);
  const zeros = (): Float32Array => new Float32Array(rows);
  const mb = {
    size: rows,
    features: mbFeatures,
    masks: new Uint8Array(rows * A).fill(1),
    actions: new Int32Array(rows),
    logProbs: zeros(),
    values: zeros(),
    advantages: zeros(),
    returns: zeros(),
  };
  const vars = network.trainableVariables;
  const optimizer = new Adam(vars, { learningRate: 0 });
  try {
    const settings = { network, loss: (b: LossBatch) => ppoLoss(b, hp), maxGradNorm: hp.maxGradNorm };
    // One untimed step first: kernels created lazily (and the optimizer's first step) do not count.
    onPolicyMinibatchStep(settings, vars, optimizer, mb);
    return await countKernels(() => {
      onPolicyMinibatchStep(settings, vars, optimizer, mb);
    });
  } finally {
    optimizer.dispose();
  }
}

/** Times PPO training; see the module doc. */
export async function benchPpo<P>(opts: PpoBenchOptions<P>): Promise<PpoBenchResult> {
  const minUpdates = opts.minUpdates ?? 1;
  const B = opts.numEnvs;
  const T = opts.numSteps;
  const workers = opts.rolloutWorkers ?? 1;
  const overlap = opts.rolloutOverlap ?? false;
  const inProcess = workers === 1 && !overlap;
  const env = new MemoryVectorEnv(opts.task, B, 'next-step');
  const agent = new PpoAgent({
    hyperparameters: {
      numSteps: T,
      numMinibatches: opts.numMinibatches,
      updateEpochs: opts.updateEpochs,
      annealLr: false,
      seed: opts.seed ?? 0,
    },
    ...(opts.network ? { network: opts.network } : {}),
    rolloutWorkers: workers,
    rolloutOverlap: overlap,
  });
  const start = performance.now();
  let warmEnd = start;
  let warmSteps = 0;
  let lastEnd = start;
  let lastStep = 0;
  let timedUpdates = 0;
  let rolloutSeconds = 0;
  let updateSeconds = 0;
  let extras: Pick<PpoBenchResult, 'minibatchKernels' | 'policy'> = {};
  try {
    await agent.learn(env, {
      // Far more than the budget allows: onUpdate stops the loop.
      totalTimesteps: T * B * 1_000_000,
      ...(opts.rolloutEnv ? { rolloutEnv: opts.rolloutEnv } : {}),
      onUpdate: (s) => {
        const now = performance.now();
        if (s.update === 1) {
          warmEnd = now;
          warmSteps = s.globalStep;
          lastEnd = now;
          lastStep = s.globalStep;
          return true;
        }
        timedUpdates++;
        rolloutSeconds += s.rolloutSeconds ?? 0;
        updateSeconds += s.updateSeconds ?? 0;
        lastEnd = now;
        lastStep = s.globalStep;
        return !(timedUpdates >= minUpdates && (now - warmEnd) / 1000 >= opts.seconds);
      },
    });
    if (inProcess) extras = await afterTraining(agent, env, opts);
  } finally {
    agent.dispose();
    env.close();
  }
  const seconds = (lastEnd - warmEnd) / 1000;
  const steps = lastStep - warmSteps;
  return {
    ...(opts.network?.recurrent ? { network: 'recurrent' as const } : {}),
    ...(inProcess ? {} : { rolloutWorkers: workers }),
    ...(overlap ? { rolloutOverlap: true as const } : {}),
    numEnvs: B,
    numSteps: T,
    numMinibatches: opts.numMinibatches,
    updateEpochs: opts.updateEpochs,
    updates: timedUpdates,
    steps,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : 0,
    warmupSeconds: (warmEnd - start) / 1000,
    ...(overlap ? {} : { rolloutStepsPerSecond: rolloutSeconds > 0 ? steps / rolloutSeconds : 0 }),
    updateTransitionsPerSecond: updateSeconds > 0 ? steps / updateSeconds : 0,
    ...extras,
  };
}

/** The untimed extras with the trained network: minibatch kernels and the policy forward bench. */
async function afterTraining<P>(
  agent: PpoAgent,
  env: MemoryVectorEnv<P>,
  opts: PpoBenchOptions<P>,
): Promise<Pick<PpoBenchResult, 'minibatchKernels' | 'policy'>> {
  const network = agent.network;
  const encoder = agent.encoder;
  if (network === undefined || encoder === undefined) return {};
  const features = encoder.encode(env.reset({ seed: opts.seed ?? 0 }).observations);
  const rows = Math.max(1, Math.floor((opts.numSteps * opts.numEnvs) / opts.numMinibatches));
  // A recurrent network's minibatch replays whole sequences (not rows): no row-minibatch kernel count.
  const out: Pick<PpoBenchResult, 'minibatchKernels' | 'policy'> =
    network.recurrent === undefined ? { minibatchKernels: await minibatchKernels(network, features, rows, agent.hyperparameters) } : {};
  const batch = opts.policyBatch ?? 32;
  if (batch > 0) out.policy = await benchPolicyForward(network, features, batch, { seconds: opts.policySeconds ?? 1.5 });
  return out;
}
