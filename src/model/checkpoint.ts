/**
 * MAT checkpoints: a directory with `model.json` (format `memgym-mat`, formatVersion 2, the MatConfig, a
 * weight manifest with name, shape, dtype, byte offset and length, optional `extra` JSON) and
 * `weights.bin` (the float32 weights, little-endian, in manifest order).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ConfigError } from '../util/errors.js';
import { type MatConfig, resolveMatConfig, sameMatConfig } from './config.js';
import { Mat } from './mat.js';
import { checkFormat, packArrays, readArrays, readJson, writeFileAtomic } from './weight-files.js';

/** The `format` field of model.json. */
export const MAT_FORMAT = 'memgym-mat';
/**
 * The `formatVersion` this code reads and writes. 2: memory addressing scaled by 1/√D and standardised write
 * values (version-1 weights have the same shapes but were trained for unscaled addressing: rejected).
 */
export const MAT_FORMAT_VERSION = 2;
const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** JSON-serialisable data stored alongside the weights (e.g. pretraining progress). */
export type CheckpointExtra = Record<string, unknown>;

/** The header of a checkpoint, without its weights. */
export interface CheckpointInfo {
  config: MatConfig;
  extra: CheckpointExtra | undefined;
}

/** Saves `model` to `dir` (created if needed); each file is written atomically. */
export function saveModelSync(model: Mat, dir: string, extra?: CheckpointExtra): void {
  fs.mkdirSync(dir, { recursive: true });
  const arrays = model.namedWeights().map(({ name, variable }) => ({
    name,
    shape: variable.shape.slice(),
    data: variable.dataSync() as Float32Array,
  }));
  const { entries, bytes } = packArrays(arrays);
  // A one-read model omits `readHops` (its default): one-read checkpoints keep the model.json they had.
  const { readHops, ...rest } = model.config;
  const header = {
    format: MAT_FORMAT,
    formatVersion: MAT_FORMAT_VERSION,
    config: readHops === 1 ? rest : { ...model.config },
    weightsFile: WEIGHTS_FILE,
    byteLength: bytes.byteLength,
    weights: entries,
    ...(extra !== undefined ? { extra } : {}),
  };
  writeFileAtomic(path.join(dir, WEIGHTS_FILE), bytes);
  writeFileAtomic(path.join(dir, MODEL_FILE), `${JSON.stringify(header, null, 1)}\n`);
}

/** Async form of {@link saveModelSync}. */
export async function saveModel(model: Mat, dir: string, extra?: CheckpointExtra): Promise<void> {
  saveModelSync(model, dir, extra);
}

/**
 * Reads and checks the header of a checkpoint (format, version, config), without loading weights.
 * @throws CheckpointError for a missing dir/file, bad JSON, wrong format/version or an invalid config.
 */
export function readCheckpointInfo(dir: string): CheckpointInfo {
  const json = readJson(dir, MODEL_FILE);
  checkFormat(json, MODEL_FILE, MAT_FORMAT, MAT_FORMAT_VERSION);
  let config: MatConfig;
  try {
    config = resolveMatConfig(json.config as Partial<MatConfig>, 'config');
  } catch (err) {
    if (err instanceof ConfigError) throw new CheckpointError(`${MODEL_FILE}: invalid MAT config: ${err.message}`);
    throw err;
  }
  const extra = json.extra;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    throw new CheckpointError(`${MODEL_FILE}: expected "extra" to be an object, got ${typeof extra}`);
  }
  return { config, extra: extra as CheckpointExtra | undefined };
}

function readWeights(dir: string, model: Mat): Map<string, Float32Array> {
  const json = readJson(dir, MODEL_FILE);
  const expected = model.namedWeights().map(({ name, variable }) => ({ name, shape: variable.shape.slice() }));
  return readArrays(dir, MODEL_FILE, json, WEIGHTS_FILE, expected);
}

function assignWeights(model: Mat, data: Map<string, Float32Array>): void {
  tf.tidy(() => {
    for (const { name, variable } of model.namedWeights()) {
      variable.assign(tf.tensor(data.get(name) as Float32Array, variable.shape, 'float32'));
    }
  });
}

/**
 * Loads a model from `dir`.
 * @throws CheckpointError for a missing dir or file, bad JSON, wrong format or version, an invalid config,
 *   missing or extra weights, a shape/size mismatch or a weights file of the wrong byte length.
 */
export function loadModelSync(dir: string): Mat {
  const { config } = readCheckpointInfo(dir);
  const model = Mat.create(config);
  try {
    assignWeights(model, readWeights(dir, model));
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Async form of {@link loadModelSync}. */
export async function loadModel(dir: string): Promise<Mat> {
  return loadModelSync(dir);
}

/**
 * Loads the weights of the checkpoint in `dir` into an existing model with the same config.
 * @throws CheckpointError as {@link loadModelSync}, or when the configs differ.
 */
export function loadWeightsInto(model: Mat, dir: string): CheckpointInfo {
  const info = readCheckpointInfo(dir);
  if (!sameMatConfig(info.config, model.config)) {
    throw new CheckpointError(
      `${path.join(dir, MODEL_FILE)}: expected config ${JSON.stringify(model.config)}, got ${JSON.stringify(info.config)}`,
    );
  }
  assignWeights(model, readWeights(dir, model));
  return info;
}
