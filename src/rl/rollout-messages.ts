/**
 * The IPC protocol between an on-policy learner and its rollout worker processes (see rollout-pool.ts):
 * the share a worker holds, the recipe it rebuilds its envs from, and the typed arrays of one rollout.
 * Everything is structured-cloneable (the channel uses Node's `advanced` serialization, so typed arrays
 * cross as typed arrays).
 */
import type { AutoresetMode, VectorEnv } from '../core/vector.js';
import type { EncoderSpec } from './networks/encoders.js';
import type { PolicyNetworkSpec } from './networks/network.js';

/**
 * How a worker process builds its share of the training env: an ES module (a file URL or absolute path)
 * whose export `exportName` (default `default`) is a {@link RolloutEnvFactory}, called with `args` and
 * the share's env count. The factory must give the envs the learner's env would have at those indices
 * once reset with `seed + start` (a VectorEnv seeds sub-env i with seed + i).
 */
export interface RolloutEnvRecipe {
  module: string;
  exportName?: string;
  /** Structured-cloneable arguments of the factory (e.g. an env id and kwargs). */
  args?: unknown;
}

/** Builds `numEnvs` sub-envs from a recipe's `args`; may be async (e.g. to load a model). */
export type RolloutEnvFactory = (args: unknown, numEnvs: number) => VectorEnv<unknown, number> | Promise<VectorEnv<unknown, number>>;

/** Everything one worker needs: its envs (indices start … start + count − 1 of the learner's), policy and sizes. */
export interface RolloutShareSpec {
  /** Index of the worker (0 … W − 1). */
  worker: number;
  /** The tfjs backend (the learner's). */
  backend: string;
  env: RolloutEnvRecipe;
  start: number;
  count: number;
  /** The training seed: the envs are reset with seed + start, env b samples from `${seed}/actions/env${b}`. */
  seed: number;
  /** Steps per env per rollout T. */
  numSteps: number;
  /** The learner's env's autoreset mode (the share's envs must have it too). */
  autoresetMode: AutoresetMode;
  encoder: EncoderSpec;
  network: PolicyNetworkSpec;
}

/** One rollout of a share: T × count rows, laid out like a RolloutBuffer of `count` envs. */
export interface ShareRollout {
  features: Float32Array;
  masks: Uint8Array;
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  bootstrapValues: Float32Array;
  valid: Uint8Array;
  /** count values of the observations after the last step. */
  lastValues: Float32Array;
  /** The episodes that ended, in order of (step, env). */
  episodeReturns: Float64Array;
  episodeLengths: Int32Array;
  /** A recurrent network's state at the segment start (count × stateSize) and the T × count episode starts. */
  recurrent?: { initialState: Float32Array; episodeStarts: Uint8Array };
}

/** What the learner sends a worker. */
export type LearnerMessage =
  | { type: 'init'; share: RolloutShareSpec }
  /** Collect one rollout with these weights (the policy's trainable variables, flat, in order). */
  | { type: 'collect'; weights: Float32Array };

/** What a worker sends back. */
export type RolloutWorkerMessage = { type: 'ready' } | { type: 'rollout'; rollout: ShareRollout } | { type: 'error'; message: string };
