/**
 * One gradient step of the on-policy loop on a minibatch: the masked distribution of the current policy,
 * the agent's loss, the approximate KL, then a clipped Adam step — with named diagnostics.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from '../model/constants.js';
import { applyMask, categoricalEntropy, categoricalLogProbs, maskBias } from './distributions.js';
import type { PolicyNetwork, PolicyOutput } from './networks/network.js';
import { clippedAdamStep, type Adam } from './optim.js';
import type { Minibatch } from './rollout-buffer.js';
import type { MinibatchDiagnostics, PolicyLoss } from './training-types.js';

export type { MinibatchDiagnostics } from './training-types.js';

/** The diagnostics' names, in the order the step computes them. */
export const DIAGNOSTIC_NAMES = [
  'policyLoss',
  'valueLoss',
  'entropy',
  'approxKl',
  'clipFraction',
  'gradNorm',
] as const satisfies readonly (keyof MinibatchDiagnostics)[];

/** What one minibatch step of {@link onPolicyMinibatchStep} needs besides the data. */
export interface MinibatchStepSettings {
  network: PolicyNetwork;
  loss: PolicyLoss;
  maxGradNorm: number;
}

/**
 * One gradient step on a minibatch, as {@link trainOnPolicy} runs it (the bench counts its kernels).
 * `forward` gives the current logits and values of the minibatch's rows (default: the feed-forward
 * network on its features; recurrent networks replay their sequences).
 */
export function onPolicyMinibatchStep(
  settings: MinibatchStepSettings,
  vars: tf.Variable[],
  optimizer: Adam,
  mb: Minibatch,
  forward?: () => PolicyOutput,
): MinibatchDiagnostics {
  const { network, loss, maxGradNorm } = settings;
  const M = mb.size;
  const A = network.numActions;
  const values = clippedAdamStep(vars, optimizer, maxGradNorm, () => {
    const bias = tf.tensor2d(maskBias(mb.masks, M * A), [M, A]);
    const actions = tf.tensor1d(mb.actions, 'int32');
    const oldLogProbs = tf.tensor1d(mb.logProbs);
    const oldValues = tf.tensor1d(mb.values);
    const advantages = tf.tensor1d(mb.advantages);
    const returns = tf.tensor1d(mb.returns);
    const fwd = forward ? forward() : network.forward(tf.tensor2d(mb.features, [M, network.inputSize]));
    const logits = applyMask(fwd.logits, bias);
    const logProbs = categoricalLogProbs(logits, actions);
    const entropy = categoricalEntropy(logits);
    const terms = loss({ logits, logProbs, entropy, values: fwd.values, oldLogProbs, oldValues, advantages, returns });
    const logRatio = tf.sub(logProbs, oldLogProbs);
    const approxKl = tf.mean(tf.sub(tf.sub(tf.exp(logRatio), constant(1)), logRatio));
    const diagnostics = tf.stack([
      terms.policyLoss,
      terms.valueLoss,
      terms.entropy,
      approxKl,
      terms.clipFraction ?? constant(0),
    ]) as tf.Tensor1D;
    return { loss: terms.loss, diagnostics };
  });
  // clippedAdamStep returns the step's diagnostics, in DIAGNOSTIC_NAMES order, then the gradient norm.
  const named = {} as MinibatchDiagnostics;
  DIAGNOSTIC_NAMES.forEach((name, i) => {
    named[name] = values[i] as number;
  });
  return named;
}
