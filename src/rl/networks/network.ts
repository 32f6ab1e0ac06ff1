/**
 * The policy-network contract and its checkpoint format: a directory with `weights.json` (a manifest:
 * the network spec, each weight's name, shape and offset, the byte length and an FNV-1a checksum) and
 * `weights.bin` (the float32 values, little-endian, concatenated). A missing, truncated, corrupt or
 * mismatched checkpoint throws {@link CheckpointError}.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../../util/errors.js';
import type { NamedWeight } from './layers.js';

/** What a policy network computes for a batch of encoded observations. */
export interface PolicyOutput {
  /** B × A unmasked logits. */
  logits: tf.Tensor2D;
  /** B state values. */
  values: tf.Tensor1D;
}

/** A JSON description from which a network of the same shape can be rebuilt. */
export interface PolicyNetworkSpec {
  kind: string;
  config: Record<string, unknown>;
}

/** T steps of B envs for a {@link RecurrentPolicy}; rows are time-major (row t·B + b). */
export interface RecurrentInput {
  /** (T·B) × inputSize encoded observations. */
  features: tf.Tensor2D;
  /** B × stateSize: each env's state before its first step. */
  initialState: tf.Tensor2D;
  /** T·B flags (0/1 float): 1 where the observation starts an episode; the state is zeroed before that step. */
  episodeStarts: tf.Tensor1D;
}

/** What a recurrent network computes over a {@link RecurrentInput}. */
export interface RecurrentOutput extends PolicyOutput {
  /** B × stateSize: each env's state after the last step. */
  state: tf.Tensor2D;
}

/** The capability of a network with a hidden state carried from step to step (see `recurrent-mlp-policy.ts`). */
export interface RecurrentPolicy {
  readonly stateSize: number;
  /** Logits and values of every step, and the state after the last one. The caller owns the outputs. */
  unroll(input: RecurrentInput): RecurrentOutput;
}

/** An actor-critic network over encoded observations (see `ObservationEncoder`). */
export interface PolicyNetwork {
  /** Width of one encoded observation. */
  readonly inputSize: number;
  readonly numActions: number;
  readonly spec: PolicyNetworkSpec;
  /**
   * Logits and values for a B × inputSize batch. The caller owns (and disposes) the outputs. A recurrent
   * network answers as at the first step of an episode (the zero state).
   */
  forward(features: tf.Tensor2D): PolicyOutput;
  /**
   * Present on recurrent networks: the training loop then carries the state through rollouts and trains
   * on whole sequences, and acting carries it through episodes.
   */
  readonly recurrent?: RecurrentPolicy;
  /**
   * Present on networks whose actions group into operations over slots (the slot policy): the
   * operation index of every action (see `actionOpIndices` in src/memory/layout.ts), for greedy acting
   * by operation first, then slot.
   */
  actionGroups?(): Int32Array;
  /** Present on networks whose weights serve any slot count (the slot policy): switch the layouts to `maxSlots`. */
  setMaxSlots?(maxSlots: number): void;
  readonly trainableVariables: tf.Variable[];
  /** Weights with stable names, in a fixed order. */
  namedWeights(): NamedWeight[];
  /** Writes `weights.json` + `weights.bin` into `dir` (created if needed). */
  save(dir: string): Promise<void>;
  /** Loads weights saved by a network with the same weight names and shapes. */
  load(dir: string): Promise<void>;
  dispose(): void;
}

/** File names inside a weights directory. */
export const WEIGHTS_MANIFEST = 'weights.json';
export const WEIGHTS_BINARY = 'weights.bin';
const FORMAT = 'memgym-weights';
const VERSION = 1;

interface ManifestEntry {
  name: string;
  shape: number[];
  /** Offset in float32 elements. */
  offset: number;
}

/** The content of `weights.json`. */
export interface WeightsManifest {
  format: string;
  version: number;
  network: PolicyNetworkSpec;
  weights: ManifestEntry[];
  byteLength: number;
  checksum: string;
}

/** FNV-1a 32-bit hash of the bytes, as 8 hex digits. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Saves named weights and the network spec to `dir`. */
export async function saveWeights(dir: string, spec: PolicyNetworkSpec, weights: readonly NamedWeight[]): Promise<void> {
  const entries: ManifestEntry[] = [];
  let total = 0;
  for (const w of weights) {
    entries.push({ name: w.name, shape: [...w.variable.shape], offset: total });
    total += w.variable.size;
  }
  const values = new Float32Array(total);
  for (let i = 0; i < weights.length; i++) {
    values.set((weights[i] as NamedWeight).variable.dataSync() as Float32Array, (entries[i] as ManifestEntry).offset);
  }
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const manifest: WeightsManifest = {
    format: FORMAT,
    version: VERSION,
    network: spec,
    weights: entries,
    byteLength: bytes.byteLength,
    checksum: fnv1a(bytes),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_BINARY), bytes);
  await writeFile(join(dir, WEIGHTS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and validates `weights.json` (format, version, entries). */
export async function readWeightsManifest(dir: string): Promise<WeightsManifest> {
  const path = join(dir, WEIGHTS_MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CheckpointError(`expected a weights manifest at ${path}, got ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(`expected valid JSON in ${path}, got a parse error: ${(err as Error).message}`);
  }
  const m = parsed as Partial<WeightsManifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== FORMAT) {
    throw new CheckpointError(`expected format "${FORMAT}" in ${path}, got ${JSON.stringify(m?.format)}`);
  }
  if (m.version !== VERSION) throw new CheckpointError(`expected version ${VERSION} in ${path}, got ${String(m.version)}`);
  if (
    !Array.isArray(m.weights) ||
    typeof m.byteLength !== 'number' ||
    typeof m.checksum !== 'string' ||
    m.network === undefined ||
    typeof m.network.kind !== 'string'
  ) {
    throw new CheckpointError(`expected fields network, weights, byteLength, checksum in ${path}, some are missing`);
  }
  for (const e of m.weights) {
    if (typeof e?.name !== 'string' || !Array.isArray(e.shape) || typeof e.offset !== 'number') {
      throw new CheckpointError(`expected weight entries {name, shape, offset} in ${path}, got ${JSON.stringify(e)}`);
    }
  }
  return m as WeightsManifest;
}

/**
 * Loads weights from `dir` into `weights` (matched by name; shapes must agree). Validates everything
 * before assigning anything, so a bad checkpoint leaves the network unchanged.
 */
export async function loadWeights(dir: string, weights: readonly NamedWeight[]): Promise<WeightsManifest> {
  const manifest = await readWeightsManifest(dir);
  const binPath = join(dir, WEIGHTS_BINARY);
  let buf: Buffer;
  try {
    buf = await readFile(binPath);
  } catch (err) {
    throw new CheckpointError(`expected a weights file at ${binPath}, got ${(err as Error).message}`);
  }
  if (buf.byteLength !== manifest.byteLength) {
    throw new CheckpointError(`expected ${manifest.byteLength} bytes in ${binPath}, got ${buf.byteLength}`);
  }
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const sum = fnv1a(bytes);
  if (sum !== manifest.checksum) {
    throw new CheckpointError(`expected checksum ${manifest.checksum} for ${binPath}, got ${sum} (corrupt file)`);
  }
  const values = new Float32Array(bytes.slice().buffer);
  const byName = new Map(manifest.weights.map((e) => [e.name, e]));
  const assignments: { variable: tf.Variable; data: Float32Array }[] = [];
  for (const w of weights) {
    const e = byName.get(w.name);
    if (e === undefined) throw new CheckpointError(`expected weight "${w.name}" in ${dir}, it is missing`);
    const shape = w.variable.shape;
    if (e.shape.length !== shape.length || e.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(`expected weight "${w.name}" of shape [${shape.join(', ')}], got [${e.shape.join(', ')}]`);
    }
    const size = w.variable.size;
    if (e.offset < 0 || e.offset + size > values.length) {
      throw new CheckpointError(`expected weight "${w.name}" inside ${binPath}, its offset ${e.offset} is out of range`);
    }
    const data = values.subarray(e.offset, e.offset + size);
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i] as number)) {
        throw new CheckpointError(`expected finite values in weight "${w.name}", got ${data[i]}`);
      }
    }
    assignments.push({ variable: w.variable, data });
  }
  if (manifest.weights.length !== weights.length) {
    const known = new Set(weights.map((w) => w.name));
    const extra = manifest.weights.filter((e) => !known.has(e.name)).map((e) => e.name);
    throw new CheckpointError(
      `expected ${weights.length} weights in ${dir}, got ${manifest.weights.length} (unknown: ${extra.join(', ')})`,
    );
  }
  for (const a of assignments) {
    tf.tidy(() => a.variable.assign(tf.tensor(a.data, a.variable.shape)));
  }
  return manifest;
}

/** Shared save/load/dispose for networks that list their weights by name. */
export abstract class BasePolicyNetwork implements PolicyNetwork {
  abstract readonly inputSize: number;
  abstract readonly numActions: number;
  abstract readonly spec: PolicyNetworkSpec;
  abstract forward(features: tf.Tensor2D): PolicyOutput;
  abstract namedWeights(): NamedWeight[];

  get trainableVariables(): tf.Variable[] {
    return this.namedWeights().map((w) => w.variable);
  }

  save(dir: string): Promise<void> {
    return saveWeights(dir, this.spec, this.namedWeights());
  }

  async load(dir: string): Promise<void> {
    await loadWeights(dir, this.namedWeights());
  }

  dispose(): void {
    for (const w of this.namedWeights()) w.variable.dispose();
  }

  /** Throws a RangeError when `features` is not B × inputSize. */
  protected checkInput(features: tf.Tensor2D): void {
    if (features.rank !== 2 || features.shape[1] !== this.inputSize) {
      throw new RangeError(`expected features of shape [B, ${this.inputSize}], got [${features.shape.join(', ')}]`);
    }
  }
}
