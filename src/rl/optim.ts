/**
 * The optimiser of the policy-gradient agents: Adam (PyTorch semantics, ε = 1e-5 as in CleanRL's PPO) with
 * a plain mutable learning rate for annealing, and global-norm gradient clipping.
 */
import * as tf from '@tensorflow/tfjs';

/** Adam settings. */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam over a fixed list of variables; its moment estimates are created up front (no lazy tensors). */
export class Adam {
  /** Current learning rate; set it between steps to anneal. */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly variables: readonly tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(variables: readonly tf.Variable[], opts: AdamOptions) {
    this.variables = variables;
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-5;
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** Number of steps taken. */
  get iterations(): number {
    return this.t;
  }

  /** One update with `grads[i]` the gradient of `variables[i]`. Does not dispose `grads`. */
  step(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new RangeError(`expected ${this.variables.length} gradients, got ${grads.length}`);
    }
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    const stepSize = this.learningRate / bc1;
    const sqrtBc2 = Math.sqrt(bc2);
    tf.tidy(() => {
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i] as tf.Tensor;
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        const x = this.variables[i] as tf.Variable;
        const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(m1);
        v.assign(v1);
        const denom = tf.add(tf.div(tf.sqrt(v1), sqrtBc2), this.epsilon);
        x.assign(tf.sub(x, tf.mul(tf.div(m1, denom), stepSize)));
      }
    });
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
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
  const scale = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
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
 */
export function clippedAdamStep(vars: tf.Variable[], optimizer: Adam, maxGradNorm: number, lossFn: () => StepLoss): Float32Array {
  let diagnostics: tf.Tensor | undefined;
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const step = lossFn();
      diagnostics = tf.keep(step.diagnostics);
      return step.loss;
    }, vars);
    const list = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    const clipped = clipByGlobalNorm(list, maxGradNorm);
    optimizer.step(clipped.grads);
    return tf.concat([diagnostics as tf.Tensor, tf.reshape(clipped.norm, [1])]);
  });
  const values = Float32Array.from(out.dataSync());
  out.dispose();
  diagnostics?.dispose();
  return values;
}
