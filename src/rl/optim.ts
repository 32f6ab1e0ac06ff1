/**
 * The optimiser of the policy-gradient agents: Adam (PyTorch semantics, ε = 1e-5 as in CleanRL's PPO) with
 * a plain mutable learning rate for annealing, and global-norm gradient clipping.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from '../model/constants.js';
import { FlatAdamCore } from '../model/flat-adam.js';

/** Adam settings. */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam over a fixed list of variables, its moment estimates in two flat buffers created up front
 * ({@link FlatAdamCore}): a step is a constant number of kernels whatever the number of variables, with
 * the same values as a per-variable Adam bit for bit.
 */
export class Adam {
  /** Current learning rate; set it between steps to anneal. */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly core: FlatAdamCore;
  private t = 0;

  constructor(variables: readonly tf.Variable[], opts: AdamOptions) {
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-5;
    this.core = new FlatAdamCore(variables);
  }

  /** Number of steps taken. */
  get iterations(): number {
    return this.t;
  }

  /** The gradients (`grads[i]` of `variables[i]`) as one flat vector, the input of {@link stepFlat}. Call inside `tf.tidy`. */
  flatten(grads: readonly tf.Tensor[]): tf.Tensor1D {
    return this.core.flatten(grads);
  }

  /** One update with `grads[i]` the gradient of `variables[i]`. Does not dispose `grads`. */
  step(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.core.sizes.length) {
      throw new RangeError(`expected ${this.core.sizes.length} gradients, got ${grads.length}`);
    }
    tf.tidy(() => this.stepFlat(this.flatten(grads)));
  }

  /** One update from the flat gradient of {@link flatten}. Does not dispose `g`. */
  stepFlat(g: tf.Tensor1D): void {
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    const stepSize = this.learningRate / bc1;
    const sqrtBc2 = Math.sqrt(bc2);
    // PyTorch's form: lr/bc1 · m / (√v/√bc2 + ε).
    this.core.step(g, this.beta1, this.beta2, (m1, v1) =>
      tf.mul(tf.div(m1, tf.add(tf.div(tf.sqrt(v1), sqrtBc2), constant(this.epsilon))), stepSize),
    );
  }

  /** Frees the moment estimates. */
  dispose(): void {
    this.core.dispose();
  }
}

/** Gradients scaled to a global norm of at most `maxNorm`, and the norm before clipping. */
export interface ClippedGradients {
  grads: tf.Tensor[];
  norm: tf.Scalar;
}

/**
 * Global-norm clipping (as `torch.nn.utils.clip_grad_norm_`): when ‖g‖ > maxNorm every gradient is
 * multiplied by maxNorm / (‖g‖ + 1e-6). Call inside `tf.tidy`; no data is read back to the CPU.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  if (!Number.isFinite(maxNorm)) return { grads: [...grads], norm };
  const scale = tf.minimum(tf.div(constant(maxNorm), tf.add(norm, constant(1e-6))), constant(1));
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
}

/** What the loss function of {@link clippedAdamStep} returns (both created inside its `tf.tidy`). */
export interface StepLoss {
  /** The loss to minimise. */
  loss: tf.Scalar;
  /** Scalars to report with the step, stacked [k]. */
  diagnostics: tf.Tensor1D;
}

/**
 * One gradient step shared by every learner: the gradients of `lossFn`'s loss for `vars` (a variable
 * without gradient gets zeros), clipped to global norm `maxGradNorm`, applied by `optimizer`. Runs in
 * `tf.tidy`. Returns the diagnostics followed by the pre-clip gradient norm, `[...diagnostics, gradNorm]`.
 *
 * The gradients are flattened into one vector first, so the norm, the clipping and the Adam step are a
 * few kernels in all. The norm is then one sum over that vector rather than a sum of per-variable sums:
 * the same value up to float32 summation order (the last bits of a training curve may differ from the
 * per-variable form).
 */
export function clippedAdamStep(vars: tf.Variable[], optimizer: Adam, maxGradNorm: number, lossFn: () => StepLoss): Float32Array {
  let diagnostics: tf.Tensor | undefined;
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const step = lossFn();
      diagnostics = tf.keep(step.diagnostics);
      return step.loss;
    }, vars);
    const flat = optimizer.flatten(vars.map((v) => grads[v.name] ?? tf.zerosLike(v)));
    const clipped = clipByGlobalNorm([flat], maxGradNorm);
    optimizer.stepFlat(clipped.grads[0] as tf.Tensor1D);
    return tf.concat([diagnostics as tf.Tensor, tf.reshape(clipped.norm, [1])]);
  });
  const values = Float32Array.from(out.dataSync());
  out.dispose();
  diagnostics?.dispose();
  return values;
}
