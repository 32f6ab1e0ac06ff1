/**
 * Storage of one on-policy rollout: T steps × B envs, every field a typed array laid out [T × B]
 * (index t·B + b; per-step vectors such as features and masks are rows of that index).
 */
import type { Rng } from '../util/rng.js';

/** Sizes of a {@link RolloutBuffer}. */
export interface RolloutBufferOptions {
  numSteps: number;
  numEnvs: number;
  /** Width of one encoded observation (the network's input). */
  featureSize: number;
  numActions: number;
}

/** Copies of the rows of a minibatch, ready to upload as tensors. */
export interface Minibatch {
  size: number;
  features: Float32Array;
  masks: Uint8Array;
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  advantages: Float32Array;
  returns: Float32Array;
}

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`expected ${name} to be a positive integer, got ${v}`);
}

/** One rollout of transitions in typed arrays; reused across updates. */
export class RolloutBuffer {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly featureSize: number;
  readonly numActions: number;
  /** (T·B) × featureSize encoded observations. */
  readonly features: Float32Array;
  /** (T·B) × numActions masks of valid actions (1 = valid). */
  readonly masks: Uint8Array;
  readonly actions: Int32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** V(final observation) for truncated steps. */
  readonly bootstrapValues: Float32Array;
  /** 0 for the reset steps of a `next-step` autoreset env (not transitions). */
  readonly valid: Uint8Array;
  advantages: Float32Array;
  returns: Float32Array;

  constructor(opts: RolloutBufferOptions) {
    checkPositiveInt('numSteps', opts.numSteps);
    checkPositiveInt('numEnvs', opts.numEnvs);
    checkPositiveInt('featureSize', opts.featureSize);
    checkPositiveInt('numActions', opts.numActions);
    this.numSteps = opts.numSteps;
    this.numEnvs = opts.numEnvs;
    this.featureSize = opts.featureSize;
    this.numActions = opts.numActions;
    const n = opts.numSteps * opts.numEnvs;
    this.features = new Float32Array(n * opts.featureSize);
    this.masks = new Uint8Array(n * opts.numActions);
    this.actions = new Int32Array(n);
    this.logProbs = new Float32Array(n);
    this.values = new Float32Array(n);
    this.rewards = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.bootstrapValues = new Float32Array(n);
    this.valid = new Uint8Array(n);
    this.advantages = new Float32Array(n);
    this.returns = new Float32Array(n);
  }

  /** Number of rows T·B. */
  get size(): number {
    return this.numSteps * this.numEnvs;
  }

  /** Row index of step t, env b. */
  index(t: number, b: number): number {
    return t * this.numEnvs + b;
  }

  /** Indices of the valid rows (real transitions). */
  validIndices(): Int32Array {
    let count = 0;
    for (let i = 0; i < this.valid.length; i++) if (this.valid[i]) count++;
    const out = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < this.valid.length; i++) if (this.valid[i]) out[k++] = i;
    return out;
  }

  /** Gathers the rows `indices` into fresh arrays. */
  gather(indices: Int32Array): Minibatch {
    const m = indices.length;
    const F = this.featureSize;
    const A = this.numActions;
    const mb: Minibatch = {
      size: m,
      features: new Float32Array(m * F),
      masks: new Uint8Array(m * A),
      actions: new Int32Array(m),
      logProbs: new Float32Array(m),
      values: new Float32Array(m),
      advantages: new Float32Array(m),
      returns: new Float32Array(m),
    };
    for (let k = 0; k < m; k++) {
      const i = indices[k] as number;
      mb.features.set(this.features.subarray(i * F, (i + 1) * F), k * F);
      mb.masks.set(this.masks.subarray(i * A, (i + 1) * A), k * A);
      mb.actions[k] = this.actions[i] as number;
      mb.logProbs[k] = this.logProbs[i] as number;
      mb.values[k] = this.values[i] as number;
      mb.advantages[k] = this.advantages[i] as number;
      mb.returns[k] = this.returns[i] as number;
    }
    return mb;
  }
}

/**
 * Shuffles `indices` (a copy) with `rng` and splits them into `numMinibatches` contiguous chunks of
 * near-equal size (sizes differ by at most one; empty chunks are dropped).
 */
export function minibatchIndices(indices: Int32Array, numMinibatches: number, rng: Rng): Int32Array[] {
  checkPositiveInt('numMinibatches', numMinibatches);
  const perm = Int32Array.from(indices);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = tmp;
  }
  const out: Int32Array[] = [];
  const n = perm.length;
  const k = Math.min(numMinibatches, Math.max(n, 1));
  for (let c = 0; c < k; c++) {
    const start = Math.floor((c * n) / k);
    const end = Math.floor(((c + 1) * n) / k);
    if (end > start) out.push(perm.subarray(start, end));
  }
  return out;
}

/** Normalises `x` in place to mean 0, std 1 (population std + 1e-8). */
export function normalizeInPlace(x: Float32Array): void {
  const n = x.length;
  if (n === 0) return;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((x[i] as number) - mean) ** 2;
  const std = Math.sqrt(v / n);
  for (let i = 0; i < n; i++) x[i] = ((x[i] as number) - mean) / (std + 1e-8);
}
