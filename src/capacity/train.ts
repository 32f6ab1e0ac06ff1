/**
 * Full-batch training to memorization: Adam (src/model/optimizer.ts, global-norm clipping) on the mean
 * cross-entropy over all N sequences (and positions), stopped at the first step whose forward pass predicts
 * every training label correctly, or at the step budget.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import { Adam } from '../model/optimizer.js';
import type { CapacityDataset } from './data.js';
import { labelsPerSequence } from './data.js';

/** Anything the trainer can fit: logits [rows, C] from tokens [N, n] (rows = N or N·n). */
export interface Memorizer {
  variables(): tf.Variable[];
  /** Creates intermediates; the trainer calls it inside a tidy. */
  logits(tokens: tf.Tensor2D): tf.Tensor2D;
}

/** Options of {@link trainToMemorize}. */
export interface TrainOptions {
  learningRate: number;
  /** Step budget: at most this many Adam updates. */
  maxSteps: number;
  /** Global-norm gradient clipping (0 disables). */
  clipNorm: number;
  /**
   * Step decay: at each of these fractions of `maxSteps` the learning rate is multiplied by `lrDropFactor`
   * (the Adam moments carry over). Default none.
   */
  lrDrops?: readonly number[];
  /** Factor of each drop (default 0.3). */
  lrDropFactor?: number;
  /** Polled between steps; true stops the training (the result is then `interrupted`). */
  shouldStop?: () => boolean;
  /** Called every `reportEvery` steps with the steps done and the current training accuracy. */
  onProgress?: (step: number, accuracy: number) => void;
  /** Steps between `onProgress` calls and event-loop yields (default 20). */
  reportEvery?: number;
}

/** What {@link trainToMemorize} found. */
export interface TrainResult {
  /** Every training label predicted correctly (argmax) by the final weights. */
  memorized: boolean;
  /** Adam updates applied before the verifying forward pass (= maxSteps when not memorized). */
  steps: number;
  /** Training accuracy of the final weights, in [0, 1]. */
  accuracy: number;
  /** Best training accuracy seen. */
  bestAccuracy: number;
  /** Mean cross-entropy of the final weights. */
  loss: number;
  seconds: number;
  /** Stopped early by `shouldStop`. */
  interrupted: boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Loss, correct count; creates intermediates (call inside tidy / variableGrads). */
function lossAndCorrect(
  model: Memorizer,
  tokens: tf.Tensor2D,
  labels: tf.Tensor1D,
  oneHot: tf.Tensor2D,
): { loss: tf.Scalar; correct: tf.Scalar } {
  const logits = model.logits(tokens);
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')) as tf.Scalar;
  return { loss, correct };
}

/**
 * Trains `model` on the whole data set until it memorizes every label or the budget runs out. Creates no
 * lasting tensors (the optimizer's moments are freed before returning).
 */
export async function trainToMemorize(model: Memorizer, data: CapacityDataset, opts: TrainOptions): Promise<TrainResult> {
  const start = performance.now();
  const rows = data.count * labelsPerSequence(data.setting, data.length);
  if (data.labels.length !== rows) throw new ModelError(`labels: expected ${rows}, got ${data.labels.length}`);
  const every = Math.max(1, opts.reportEvery ?? 20);
  const vars = model.variables();
  const tokens = tf.tensor2d(data.tokens, [data.count, data.length], 'int32');
  const labels = tf.tensor1d(data.labels, 'int32');
  const oneHot = tf.tidy(() => tf.cast(tf.oneHot(labels, data.numLabels), 'float32') as tf.Tensor2D);
  const named = vars.map((v) => ({ name: v.name, variable: v }));
  let optimizer = new Adam(named, { learningRate: opts.learningRate, clipNorm: opts.clipNorm });
  const drops = (opts.lrDrops ?? []).map((f) => Math.round(f * opts.maxSteps)).filter((s) => s > 0 && s < opts.maxSteps);
  const factor = opts.lrDropFactor ?? 0.3;
  let best = 0;
  let last = { loss: Number.NaN, accuracy: 0 };
  let steps = 0;
  let interrupted = false;
  let memorized = false;
  try {
    for (;;) {
      let stats: tf.Tensor | undefined;
      const wantGrads = steps < opts.maxSteps;
      let grads: tf.NamedTensorMap = {};
      let value: tf.Scalar | undefined;
      if (wantGrads) {
        ({ value, grads } = tf.variableGrads(() => {
          const { loss, correct } = lossAndCorrect(model, tokens, labels, oneHot);
          stats = tf.keep(tf.stack([loss, correct]));
          return loss;
        }, vars));
      } else {
        stats = tf.tidy(() => {
          const { loss, correct } = lossAndCorrect(model, tokens, labels, oneHot);
          return tf.stack([loss, correct]);
        });
      }
      const [loss, correct] = Array.from((stats as tf.Tensor).dataSync()) as [number, number];
      (stats as tf.Tensor).dispose();
      last = { loss, accuracy: correct / rows };
      best = Math.max(best, last.accuracy);
      memorized = correct === rows;
      if (memorized || !wantGrads) {
        tf.dispose([value, ...Object.values(grads)].filter((x): x is tf.Tensor => x !== undefined));
        break;
      }
      try {
        optimizer.apply(vars.map((v) => grads[v.name]));
      } finally {
        tf.dispose([value as tf.Scalar, ...Object.values(grads)]);
      }
      steps += 1;
      const ndrops = drops.filter((s) => s === steps).length;
      if (ndrops > 0) {
        // A new Adam at the lower rate, continuing from the old one's step count and moments.
        const next = new Adam(named, { learningRate: optimizer.learningRate * factor ** ndrops, clipNorm: opts.clipNorm });
        next.setState(optimizer.getState());
        optimizer.dispose();
        optimizer = next;
      }
      if (steps % every === 0) {
        opts.onProgress?.(steps, last.accuracy);
        await yieldToEventLoop();
        if (opts.shouldStop?.()) {
          interrupted = true;
          break;
        }
      }
    }
  } finally {
    optimizer.dispose();
    tf.dispose([tokens, labels, oneHot]);
  }
  return {
    memorized,
    steps,
    accuracy: last.accuracy,
    bestAccuracy: best,
    loss: last.loss,
    seconds: (performance.now() - start) / 1000,
    interrupted,
  };
}
