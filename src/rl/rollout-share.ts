/**
 * One rollout worker's share of the envs, in whatever process holds it: its envs (rebuilt from the
 * recipe, reset with `seed + start` so that sub-env j is the learner's env start + j), a copy of the
 * policy (its weights replaced before every rollout), one action-sampling rng per env
 * (`${seed}/actions/env${b}`, b the learner's env index: the draws do not depend on the split), the
 * recurrent state of its envs, and a RolloutBuffer of T × count rows that {@link collectSteps} fills.
 * The rollout worker process (rollout-worker.ts) wraps one; tests run one in-process to compare.
 */
import { RolloutWorkerError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import type { VectorEnv } from '../core/vector.js';
import { assignFlatVariables } from './flat-weights.js';
import { createEncoder, type ObservationEncoder } from './networks/encoders.js';
import { createPolicyNetwork } from './networks/factory.js';
import type { PolicyNetwork } from './networks/network.js';
import { RecurrentRollout } from './recurrent-rollout.js';
import { collectSteps, initialRolloutState, perEnvSampler, type ActionSampler, type RolloutState } from './rollout-collect.js';
import { RolloutBuffer } from './rollout-buffer.js';
import type { RolloutEnvFactory, RolloutEnvRecipe, RolloutShareSpec, ShareRollout } from './rollout-messages.js';

/** Imports a recipe's module and calls its factory for `numEnvs` envs. */
export async function buildRecipeEnv(recipe: RolloutEnvRecipe, numEnvs: number): Promise<VectorEnv<unknown, number>> {
  const name = recipe.exportName ?? 'default';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(recipe.module)) as Record<string, unknown>;
  } catch (err) {
    throw new RolloutWorkerError(`cannot import the rollout env module ${recipe.module}: ${(err as Error).message}`);
  }
  const factory = mod[name];
  if (typeof factory !== 'function') {
    throw new RolloutWorkerError(`expected export "${name}" of ${recipe.module} to be a rollout env factory, got ${typeof factory}`);
  }
  const env = await (factory as RolloutEnvFactory)(recipe.args, numEnvs);
  if (env.numEnvs !== numEnvs)
    throw new RolloutWorkerError(`expected the rollout env factory to build ${numEnvs} envs, got ${env.numEnvs}`);
  return env;
}

/** The action-sampling rngs of envs start … start + count − 1 (see the module comment). */
export function shareRngs(seed: number, start: number, count: number): Rng[] {
  return Array.from({ length: count }, (_, j) => new Rng(`${seed}/actions/env${start + j}`));
}

/** A worker's envs, policy copy and buffer; see the module comment. */
export class RolloutShare {
  readonly spec: RolloutShareSpec;
  readonly env: VectorEnv<unknown, number>;
  readonly network: PolicyNetwork;
  readonly buf: RolloutBuffer;
  private readonly encoder: ObservationEncoder<unknown>;
  private readonly seq: RecurrentRollout | undefined;
  private readonly sample: ActionSampler;
  private readonly state: RolloutState<unknown>;

  private constructor(spec: RolloutShareSpec, env: VectorEnv<unknown, number>) {
    if (env.autoresetMode !== spec.autoresetMode) {
      throw new RolloutWorkerError(
        `expected the rollout env in ${spec.autoresetMode} autoreset mode (the learner's), got ${env.autoresetMode}`,
      );
    }
    this.spec = spec;
    this.env = env;
    this.encoder = createEncoder(spec.encoder);
    this.network = createPolicyNetwork(spec.network);
    const F = this.encoder.featureSize;
    if (F !== this.network.inputSize) {
      throw new RolloutWorkerError(`expected encoder features (${F}) to match the network input (${this.network.inputSize})`);
    }
    const T = spec.numSteps;
    const B = spec.count;
    this.buf = new RolloutBuffer({ numSteps: T, numEnvs: B, featureSize: F, numActions: this.network.numActions });
    const rec = this.network.recurrent;
    this.seq = rec ? new RecurrentRollout(rec, { numSteps: T, numEnvs: B, inputSize: F }) : undefined;
    this.sample = perEnvSampler(shareRngs(spec.seed, spec.start, B));
    this.state = initialRolloutState(env.reset({ seed: spec.seed + spec.start }), B);
  }

  /** Builds the share's envs from the recipe and resets them (the tfjs backend must be selected). */
  static async create(spec: RolloutShareSpec): Promise<RolloutShare> {
    return new RolloutShare(spec, await buildRecipeEnv(spec.env, spec.count));
  }

  /** One rollout of T steps with `weights` (flat trainable variables); the arrays are this share's buffer. */
  collect(weights: Float32Array): ShareRollout {
    assignFlatVariables(this.network.trainableVariables, weights);
    const { buf, seq } = this;
    const steps = collectSteps({ env: this.env, network: this.network, encoder: this.encoder, buf, seq, sample: this.sample }, this.state);
    return {
      features: buf.features,
      masks: buf.masks,
      actions: buf.actions,
      logProbs: buf.logProbs,
      values: buf.values,
      rewards: buf.rewards,
      terminated: buf.terminated,
      truncated: buf.truncated,
      bootstrapValues: buf.bootstrapValues,
      valid: buf.valid,
      lastValues: steps.lastValues,
      episodeReturns: Float64Array.from(steps.returns),
      episodeLengths: Int32Array.from(steps.lengths),
      ...(seq ? { recurrent: { initialState: seq.initialState, episodeStarts: seq.episodeStarts } } : {}),
    };
  }

  /** Closes the envs and frees the network. */
  dispose(): void {
    this.env.close();
    this.network.dispose();
  }
}
