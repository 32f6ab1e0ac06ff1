/**
 * Supervised pre-training of the MAT: Adam on the answer cross-entropy, seeded, resumable from a
 * checkpoint directory (model + optimizer state + step + RNG state).
 *
 * Checkpoint directory layout: `model.json` + `weights.bin` (see checkpoint.ts; `extra.pretrain` holds the
 * step, RNG state and the curves so far) and `optimizer.json` + `optimizer.bin` (format `memgym-adam`).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, describeValue, ModelError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { Rng, type RngState } from '../util/rng.js';
import { loadWeightsInto, readCheckpointInfo, saveModelSync } from './checkpoint.js';
import type { Mat } from './mat.js';
import { Adam } from './optimizer.js';
import { type AnswerTrainingBatch, disposeTrainingTensors, toTrainingTensors } from './training-batch.js';
import { checkFormat, packArrays, readArrays, readJson, writeFileAtomic } from './weight-files.js';

/** One progress report of {@link pretrain}. */
export interface PretrainLogEntry {
  /** Steps completed. */
  step: number;
  /** Mean loss over the steps since the previous report. */
  loss: number;
  /** Answer-token accuracy over the same steps. */
  accuracy: number;
  /** Wall time of this call so far. */
  elapsedMs: number;
}

/** Options of {@link pretrain}. */
export interface PretrainOptions {
  model: Mat;
  /** Builds the batch of a step; draw all randomness from `rng` (its state is checkpointed). */
  batches: (step: number, rng: Rng) => AnswerTrainingBatch;
  /** Total steps (a resumed run continues up to this count). */
  steps: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Gradient clipping by global norm (default 1). */
  clipNorm?: number;
  /** Weight of the auxiliary addressing loss on batches that name target slots (default 0: none). */
  addressingWeight?: number;
  /**
   * Cap of the addressing loss, in (0, 1] (default 1: uncapped, −log Σ_{support} w_i). With cap < 1 an
   * example stops pulling on the addressing once its read puts `cap` of its weight on the support: the
   * uncapped loss keeps sharpening the read without end, and because memory rows are standardised
   * (a fixed norm), the growing key part of v_w crowds out what the answer needs (measured on story-qa:
   * weight 1 uncapped gave 0.95–0.99 of the read on the support but chance-level answers after 1 000 steps).
   */
  addressingCap?: number;
  /** Report every this many steps (default 50). */
  logEvery?: number;
  onLog?: (entry: PretrainLogEntry) => void;
  logger?: Logger;
  /** Where to write checkpoints; none when omitted. */
  checkpointDir?: string;
  /** Checkpoint every this many steps (default 500) and at the end. */
  checkpointEvery?: number;
  /** Continue from the checkpoint in `checkpointDir` when there is one (default false: start afresh). */
  resume?: boolean;
  /** Seed of the batch RNG (default the model config's seed). */
  seed?: number;
}

/** What {@link pretrain} returns. */
export interface PretrainResult {
  /** The loss of every step from step 0 (restored steps included when resuming). */
  losses: number[];
  /** The answer accuracy of every step's batch. */
  accuracies: number[];
  /** Accuracy over the last `logEvery` steps. */
  accuracy: number;
  /** Steps completed in total. */
  steps: number;
  /** The step this call started from (0 unless resumed). */
  resumedFrom: number;
}

/** The statistics of one training step. */
export interface TrainStepResult {
  loss: number;
  /** Weighted fraction of answer tokens predicted correctly. */
  accuracy: number;
}

/**
 * One Adam step on one batch; creates no lasting tensors besides the optimizer's own. The reported loss
 * includes `addressingWeight` × the addressing loss when the batch has target slots.
 */
export function trainStep(
  model: Mat,
  optimizer: Adam,
  batch: AnswerTrainingBatch,
  addressingWeight = 0,
  addressingCap = 1,
): TrainStepResult {
  const tensors = toTrainingTensors(batch, model.config);
  try {
    const vars = model.trainableVariables();
    let stats: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const { loss, correct, total } = model.trainingLoss(tensors, addressingWeight, addressingCap);
      stats = tf.keep(tf.stack([loss, correct, total]));
      return loss;
    }, vars);
    try {
      optimizer.apply(vars.map((v) => grads[v.name]));
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
    const [loss, correct, total] = Array.from((stats as tf.Tensor).dataSync()) as [number, number, number];
    (stats as tf.Tensor).dispose();
    return { loss, accuracy: total > 0 ? correct / total : 0 };
  } finally {
    disposeTrainingTensors(tensors);
  }
}

interface PretrainProgress {
  step: number;
  seed: number;
  rngState: RngState;
  losses: number[];
  accuracies: number[];
}

const OPT_FILE = 'optimizer.json';
const OPT_BIN = 'optimizer.bin';

function saveProgress(dir: string, model: Mat, optimizer: Adam, progress: PretrainProgress): void {
  fs.mkdirSync(dir, { recursive: true });
  const state = optimizer.getState();
  const { entries, bytes } = packArrays(state.moments);
  writeFileAtomic(path.join(dir, OPT_BIN), bytes);
  writeFileAtomic(
    path.join(dir, OPT_FILE),
    `${JSON.stringify({ format: 'memgym-adam', formatVersion: 1, step: state.step, byteLength: bytes.byteLength, weights: entries })}\n`,
  );
  // model.json last: it is the commit point of a checkpoint.
  saveModelSync(model, dir, { pretrain: progress });
}

function loadProgress(dir: string, model: Mat, optimizer: Adam): PretrainProgress {
  const info = readCheckpointInfo(dir);
  const p = info.extra?.pretrain as Partial<PretrainProgress> | undefined;
  if (!p || !Number.isInteger(p.step) || !Array.isArray(p.losses) || !Array.isArray(p.accuracies) || typeof p.rngState !== 'object') {
    throw new CheckpointError(
      `${dir}/model.json: expected extra.pretrain { step, seed, rngState, losses, accuracies }, got ${describeValue(p)}`,
    );
  }
  loadWeightsInto(model, dir);
  const json = readJson(dir, OPT_FILE);
  checkFormat(json, OPT_FILE, 'memgym-adam', 1);
  if (json.step !== p.step)
    throw new CheckpointError(`${OPT_FILE}: expected step ${p.step} (as model.json), got ${describeValue(json.step)}`);
  const expected = model.namedWeights().flatMap(({ name, variable }) => [
    { name: `m/${name}`, shape: variable.shape.slice() },
    { name: `v/${name}`, shape: variable.shape.slice() },
  ]);
  const arrays = readArrays(dir, OPT_FILE, json, OPT_BIN, expected);
  optimizer.setState({
    step: p.step as number,
    moments: expected.map((e) => ({ name: e.name, shape: e.shape, data: arrays.get(e.name) as Float32Array })),
  });
  return p as PretrainProgress;
}

function checkPositiveInt(what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new ModelError(`${what}: expected an integer >= ${min}, got ${describeValue(n)}`);
}

/**
 * Pre-trains `model` in place. Same seed, batches and backend ⇒ the same loss curve, whether the run was
 * interrupted and resumed or not.
 * @throws ModelError for bad options, CheckpointError for an unreadable or mismatched checkpoint.
 */
export function pretrain(opts: PretrainOptions): PretrainResult {
  const { model, batches, steps } = opts;
  const logEvery = opts.logEvery ?? 50;
  const checkpointEvery = opts.checkpointEvery ?? 500;
  checkPositiveInt('steps', steps, 0);
  checkPositiveInt('logEvery', logEvery, 1);
  checkPositiveInt('checkpointEvery', checkpointEvery, 1);
  const seed = opts.seed ?? model.config.seed;
  const optimizer = new Adam(model.namedWeights(), { learningRate: opts.learningRate ?? 1e-3, clipNorm: opts.clipNorm ?? 1 });
  const start = performance.now();
  try {
    let rng = new Rng(seed);
    let losses: number[] = [];
    let accuracies: number[] = [];
    let step = 0;
    const dir = opts.checkpointDir;
    if (dir && opts.resume && hasCheckpoint(dir)) {
      const p = loadProgress(dir, model, optimizer);
      if (p.seed !== seed) throw new CheckpointError(`${dir}: expected a run with seed ${seed}, got seed ${describeValue(p.seed)}`);
      rng = Rng.fromState(p.rngState);
      ({ step, losses, accuracies } = p);
      opts.logger?.info({ step, dir }, 'resumed pretraining');
    }
    const resumedFrom = step;
    let windowStart = step;
    while (step < steps) {
      const result = trainStep(model, optimizer, batches(step, rng), opts.addressingWeight ?? 0, opts.addressingCap ?? 1);
      losses.push(result.loss);
      accuracies.push(result.accuracy);
      step += 1;
      if (step % logEvery === 0 || step === steps) {
        const entry: PretrainLogEntry = {
          step,
          loss: mean(losses.slice(windowStart)),
          accuracy: mean(accuracies.slice(windowStart)),
          elapsedMs: performance.now() - start,
        };
        windowStart = step;
        opts.onLog?.(entry);
        opts.logger?.info(entry, 'pretrain');
      }
      if (dir && (step % checkpointEvery === 0 || step === steps)) {
        saveProgress(dir, model, optimizer, { step, seed, rngState: rng.state(), losses, accuracies });
      }
    }
    return { losses, accuracies, accuracy: mean(accuracies.slice(-logEvery)), steps: step, resumedFrom };
  } finally {
    optimizer.dispose();
  }
}

function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'model.json'));
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
