/**
 * Training a learner on a registered memory env, shared by `memgym train`, `compare` and `npm start`:
 * one vector env with the MAT batched across sub-envs, per-update diagnostics handed to the caller (who
 * writes them as they come), periodic agent checkpoints, and a stop flag polled between updates.
 *
 * Imitation learners (bc, dagger) train on the env made `privileged` (the oracle's labels); their policy
 * acts on observations only and is evaluated on the plain env. A policy-gradient learner with `init`
 * starts from a saved agent's network, or from a `bc`/`dagger` learner trained first on the same env
 * (`initTimesteps` steps, its updates reported with `phase` set to its type).
 */
import type { Logger } from '../util/logger.js';
import type { Progress } from '../util/progress.js';
import { mkdirSync } from 'node:fs';
import type { Agent } from '../rl/agent.js';
import type { UpdateStats } from '../rl/training-types.js';
import { DEFAULT_INIT_TIMESTEPS, isImitationType, makeLearner, type AgentSpec, type Learner, type LearnerType } from './agents.js';
import { makeMemoryVectorEnv, memoryEnvRecipe } from './envs.js';

/** Options of {@link trainLearner}. */
export interface TrainLearnerOptions {
  spec: AgentSpec & { type: LearnerType };
  env: string;
  envKwargs?: Record<string, unknown>;
  numEnvs: number;
  totalTimesteps: number;
  /** The run seed: the learner's `hyperparameters.seed` unless the spec sets one. */
  seed: number;
  logger?: Logger;
  progress?: Progress;
  /** Called after every update (e.g. to append it to a JSONL file). */
  onUpdate?: (stats: UpdateStats) => void;
  /** Save the agent here every `checkpointEvery` updates and at the end. */
  saveDir?: string;
  checkpointEvery?: number;
  /** Polled after every update; true stops training (the agent is still saved). */
  shouldStop?: () => boolean;
}

/** What {@link trainLearner} returns. */
export interface TrainLearnerResult {
  agent: Learner;
  updates: UpdateStats[];
  /** The updates of the `init` imitation learner, when the spec has one (`phase` set). */
  initUpdates: UpdateStats[];
  globalStep: number;
  stoppedEarly: boolean;
  /** Wall time of training in seconds. */
  seconds: number;
}

/** Lets pending signals (Ctrl-C) run between updates. */
const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Trains a fresh learner of `spec` and returns it (caller disposes). */
export async function trainLearner(opts: TrainLearnerOptions): Promise<TrainLearnerResult> {
  const hyperparameters = { seed: opts.seed, ...(opts.spec.hyperparameters ?? {}) };
  const agent = makeLearner(opts.spec.type, { ...opts.spec, hyperparameters });
  const start = performance.now();
  let initUpdates: UpdateStats[] = [];
  let env: ReturnType<typeof makeMemoryVectorEnv>;
  const envKwargs = trainingEnvKwargs(opts.envKwargs, agent);
  try {
    initUpdates = await initialise(agent, opts);
    env = makeMemoryVectorEnv(opts.env, envKwargs, opts.numEnvs);
  } catch (err) {
    agent.dispose();
    throw err;
  }
  if (initUpdates.length > 0 && (opts.shouldStop?.() ?? false)) {
    // Stopped while the init learner trained: keep what it learned, skip the learner's own training.
    env.close();
    try {
      if (opts.saveDir) await agent.save(opts.saveDir);
    } catch (err) {
      agent.dispose();
      throw err;
    }
    return { agent, updates: [], initUpdates, globalStep: 0, stoppedEarly: true, seconds: (performance.now() - start) / 1000 };
  }
  try {
    const learned = await learnOn(agent, env, envKwargs, opts);
    return { ...learned, agent, initUpdates, seconds: (performance.now() - start) / 1000 };
  } catch (err) {
    agent.dispose();
    throw err;
  }
}

/** The kwargs of an agent's training env: the env's, with the agent's `trainingEnvOptions` over them. */
function trainingEnvKwargs(
  envKwargs: Record<string, unknown> | undefined,
  agent: Pick<Agent, 'trainingEnvOptions'>,
): Record<string, unknown> {
  return { ...(envKwargs ?? {}), ...(agent.trainingEnvOptions ?? {}) };
}

/** A user's agent (a module agent) that can learn: `learn` required, `save` optional. */
export type LearningAgent = Agent & Required<Pick<Agent, 'learn'>>;

/** Options of {@link trainAgent}: those of {@link trainLearner} without the spec. */
export type TrainAgentOptions = Omit<TrainLearnerOptions, 'spec'>;

/**
 * Trains a ready agent that has `learn` (a user's module agent) on the env, as {@link trainLearner} trains
 * a built-in learner: the same updates, progress, periodic saves (when the agent has `save`) and stop flag;
 * the training env gets the agent's `trainingEnvOptions` over `envKwargs`.
 * The caller owns (and disposes) the agent.
 */
export async function trainAgent(
  agent: LearningAgent,
  opts: TrainAgentOptions,
): Promise<Omit<TrainLearnerResult, 'agent' | 'initUpdates'>> {
  const start = performance.now();
  const envKwargs = trainingEnvKwargs(opts.envKwargs, agent);
  const env = makeMemoryVectorEnv(opts.env, envKwargs, opts.numEnvs);
  const learned = await learnOn(agent, env, envKwargs, opts);
  return { ...learned, seconds: (performance.now() - start) / 1000 };
}

/**
 * The training loop around `agent.learn` shared by {@link trainLearner} and {@link trainAgent}; closes
 * `env`, leaves the agent to the caller (also when it throws).
 */
async function learnOn(
  agent: LearningAgent,
  env: ReturnType<typeof makeMemoryVectorEnv>,
  envKwargs: Record<string, unknown>,
  opts: TrainAgentOptions,
): Promise<{ updates: UpdateStats[]; globalStep: number; stoppedEarly: boolean }> {
  const every = opts.checkpointEvery ?? 10;
  const save = async (): Promise<void> => {
    if (!opts.saveDir || !agent.save) return;
    mkdirSync(opts.saveDir, { recursive: true }); // a user's agent may expect the directory to exist
    await agent.save(opts.saveDir);
  };
  try {
    const result = await agent.learn(env, {
      totalTimesteps: opts.totalTimesteps,
      seed: opts.seed,
      // Rollout worker processes (rolloutWorkers > 1 or rolloutOverlap) rebuild the env from this.
      rolloutEnv: memoryEnvRecipe(opts.env, envKwargs, env.autoresetMode),
      ...(opts.logger ? { logger: opts.logger } : {}),
      onUpdate: async (stats) => {
        opts.onUpdate?.(stats);
        const ret = stats.episodicReturnMean;
        opts.progress?.update(
          stats.globalStep,
          `${stats.stepsPerSecond.toFixed(0)} steps/s${ret === null ? '' : ` return ${ret.toFixed(2)}`}`,
        );
        if (stats.update % every === 0) await save();
        await yieldToEventLoop();
        return !(opts.shouldStop?.() ?? false);
      },
    });
    await save();
    opts.progress?.done();
    return { updates: result.updates, globalStep: result.globalStep, stoppedEarly: result.stoppedEarly };
  } finally {
    env.close();
  }
}

/** Starts `agent` from its spec's `init`: a saved agent, or a bc/dagger learner trained first. */
async function initialise(agent: Learner, opts: TrainLearnerOptions): Promise<UpdateStats[]> {
  const init = opts.spec.init;
  if (init === undefined) return [];
  if (!isImitationType(init)) {
    await agent.initFrom(init);
    return [];
  }
  const teacher = makeLearner(init, { hyperparameters: { ...(opts.spec.initHyperparameters ?? {}), seed: opts.seed } });
  const env = makeMemoryVectorEnv(opts.env, trainingEnvKwargs(opts.envKwargs, teacher), opts.numEnvs);
  try {
    const result = await teacher.learn(env, {
      totalTimesteps: opts.spec.initTimesteps ?? DEFAULT_INIT_TIMESTEPS,
      ...(opts.logger ? { logger: opts.logger } : {}),
      onUpdate: async (stats) => {
        opts.onUpdate?.({ ...stats, phase: init });
        await yieldToEventLoop();
        return !(opts.shouldStop?.() ?? false);
      },
    });
    await agent.initFrom(teacher);
    return result.updates.map((u) => ({ ...u, phase: init }));
  } finally {
    teacher.dispose();
    env.close();
  }
}
