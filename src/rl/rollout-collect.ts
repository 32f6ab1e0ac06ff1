/**
 * One on-policy rollout of a VectorEnv into a {@link RolloutBuffer} (SB3's `collect_rollouts`), in two
 * halves: {@link collectSteps} steps the env T times with the current policy (masked sampling, the
 * bootstrap values of same-step truncations, the values after the last step) and {@link finishRollout}
 * fills the `next-step` truncation bootstraps and computes GAE. The in-process loop runs both; a rollout
 * worker process (rollout-worker.ts) runs the first on its share of the envs, and the learner runs the
 * second on the merged buffer (every step of both is per env, so the split changes nothing).
 *
 * End of episodes: `next-step` autoreset envs spend one step resetting a finished sub-env; that step is
 * stored as invalid (not a transition, left out of the loss) and the value of its observation — the final
 * observation of the ended episode — bootstraps a truncation. `same-step` envs pass the final observation
 * in `infos[i].finalObservation`; truncated sub-envs are then evaluated in one extra batched forward.
 */
import * as tf from '@tensorflow/tfjs';
import type { Info } from '../core/env.js';
import type { VectorEnv, VectorResetResult } from '../core/vector.js';
import { EnvCheckError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { sampleMaskedCategorical, type MaskedSample } from './distributions.js';
import { computeGae } from './gae.js';
import type { ObservationEncoder } from './networks/encoders.js';
import type { PolicyNetwork } from './networks/network.js';
import type { RecurrentRollout } from './recurrent-rollout.js';
import type { RolloutBuffer } from './rollout-buffer.js';

/** Draws one action per row of a step's B × A logits and masks. */
export type ActionSampler = (logits: Float32Array, masks: Uint8Array, numActions: number) => MaskedSample;

/** One rng for all sub-envs, drawn in env order (the in-process loop's stream). */
export function sharedSampler(rng: Rng): ActionSampler {
  return (logits, masks, numActions) => sampleMaskedCategorical({ logits, numActions, masks, rng });
}

/** One rng per sub-env (row b draws from `rngs[b]`): the draws do not depend on how envs are batched. */
export function perEnvSampler(rngs: readonly Rng[]): ActionSampler {
  return (logits, masks, numActions) => {
    const B = logits.length / numActions;
    if (B !== rngs.length) throw new RangeError(`expected ${rngs.length} rows of logits (one per rng), got ${B}`);
    const actions = new Int32Array(B);
    const logProbs = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const row = sampleMaskedCategorical({
        logits: logits.subarray(b * numActions, (b + 1) * numActions),
        numActions,
        masks: masks.subarray(b * numActions, (b + 1) * numActions),
        rng: rngs[b] as Rng,
      });
      actions[b] = row.actions[0] as number;
      logProbs[b] = row.logProbs[0] as number;
    }
    return { actions, logProbs };
  };
}

/** What {@link collectSteps} works with. */
export interface CollectSettings<Obs> {
  env: VectorEnv<Obs, number>;
  network: PolicyNetwork;
  encoder: ObservationEncoder<Obs>;
  /** T × B rows, B = the env's sub-envs. */
  buf: RolloutBuffer;
  /** Present for a recurrent network: its state through the rollout. */
  seq: RecurrentRollout | undefined;
  sample: ActionSampler;
}

/** The env side carried from one rollout to the next. */
export interface RolloutState<Obs> {
  observations: readonly Obs[];
  infos: readonly Info[];
  /** 1 where the sub-env's next step is a `next-step` autoreset (not a transition). */
  resetPending: Uint8Array;
  /** 1 where the sub-env's episode ended at the last step. */
  ended: Uint8Array;
  epReturn: Float64Array;
  epLength: Int32Array;
}

/** A fresh {@link RolloutState} after a reset of B sub-envs. */
export function initialRolloutState<Obs>(reset: VectorResetResult<Obs>, numEnvs: number): RolloutState<Obs> {
  return {
    observations: reset.observations,
    infos: reset.infos,
    resetPending: new Uint8Array(numEnvs),
    ended: new Uint8Array(numEnvs),
    epReturn: new Float64Array(numEnvs),
    epLength: new Int32Array(numEnvs),
  };
}

/** What {@link collectSteps} returns besides the buffer: the ended episodes and the bootstrap of the last step. */
export interface CollectedSteps {
  /** Returns and lengths of the episodes that ended, in order of (step, env). */
  returns: number[];
  lengths: number[];
  /** B values of the observations after the last step. */
  lastValues: Float32Array;
}

function evaluate(network: PolicyNetwork, features: Float32Array, n: number): { logits: Float32Array; values: Float32Array } {
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

/** Steps the env `buf.numSteps` times with the current policy into `buf` (no GAE yet); see the module comment. */
export function collectSteps<Obs>(s: CollectSettings<Obs>, state: RolloutState<Obs>): CollectedSteps {
  const { env, network, encoder, buf, seq } = s;
  const T = buf.numSteps;
  const B = buf.numEnvs;
  const A = buf.numActions;
  const F = buf.featureSize;
  const nextStep = env.autoresetMode === 'next-step';
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
    const sample = s.sample(ev.logits, masks, A);
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
  const all = Array.from({ length: B }, (_, b) => b);
  const lastValues = seq ? seq.values(lastFeatures, all, true) : evaluate(network, lastFeatures, B).values;
  return { returns, lengths, lastValues };
}

/**
 * The second half of a rollout, on the whole buffer: in `next-step` mode the bootstrap values of
 * truncations (the value of the final observation, stored in the env's next row or `lastValues`), then
 * GAE into `buf.advantages` and `buf.returns`.
 */
export function finishRollout(
  buf: RolloutBuffer,
  lastValues: Float32Array,
  opts: { gamma: number; gaeLambda: number; nextStep: boolean },
): void {
  const T = buf.numSteps;
  const B = buf.numEnvs;
  if (opts.nextStep) {
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
    gamma: opts.gamma,
    gaeLambda: opts.gaeLambda,
  });
  buf.advantages = gae.advantages;
  buf.returns = gae.returns;
}
