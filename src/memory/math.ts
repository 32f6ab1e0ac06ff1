/**
 * The memory module's math (seed 001, section 3) as pure functions on row-major `Float32Array`s.
 *
 * A memory `M` with `n` rows (slots) of dimension `d` is stored row-major: slot `i` occupies
 * `M[i*d .. i*d+d)`. The buffer may be longer than `n*d` (a bank allocates `maxSlots × d`); only the
 * first `n` rows are read and written.
 *
 * Scores are the seed's **unscaled** dot products `k·M_i`. Every function that takes scores accepts an
 * optional `scale` (an inverse temperature, default 1): the scores become `scale · k·M_i`, so
 * `scale = 1/√d` gives the scaled dot-product attention of the transformer.
 */
import { MemoryError } from '../util/errors.js';

/** A per-row mask: a row `i` with `mask[i] === 0` is excluded (weight 0); any other value includes it. */
export type RowMask = ArrayLike<number>;

/**
 * Numerically stable softmax: `out_i = exp(s_i − max) / Σ_j exp(s_j − max)` over the unmasked entries.
 * Masked entries get 0. When every entry is masked, or every unmasked score is −∞, the result is all
 * zeros. Entries equal to +∞ share the whole mass equally. NaN scores propagate as NaN.
 *
 * @param scores the logits.
 * @param out written and returned; a new `Float32Array(scores.length)` when omitted.
 * @param mask optional row mask (see {@link RowMask}).
 */
export function softmax(scores: ArrayLike<number>, out?: Float32Array, mask?: RowMask): Float32Array {
  const len = scores.length;
  const result = out ?? new Float32Array(len);
  if (result.length < len) throw new MemoryError(`expected an output of length >= ${len}, got ${result.length}`);
  if (mask && mask.length < len) throw new MemoryError(`expected a mask of length >= ${len}, got ${mask.length}`);
  let max = -Infinity;
  for (let i = 0; i < len; i++) {
    if (mask && mask[i] === 0) continue;
    const s = scores[i] as number;
    if (s > max || Number.isNaN(s)) max = s;
    if (Number.isNaN(max)) break;
  }
  if (max === -Infinity) {
    result.fill(0, 0, len);
    return result;
  }
  let sum = 0;
  for (let i = 0; i < len; i++) {
    if (mask && mask[i] === 0) {
      result[i] = 0;
      continue;
    }
    const s = scores[i] as number;
    // With max = +∞, the +∞ entries get weight 1 (then normalised), all finite ones 0.
    const e = max === Infinity ? (s === Infinity ? 1 : 0) : Math.exp(s - max);
    result[i] = e;
    sum += e;
  }
  for (let i = 0; i < len; i++) result[i] = (result[i] as number) / sum;
  return result;
}

/**
 * The dot product of `key` with each of the first `n` rows: `out_i = key · M_i`.
 * @param out written and returned; a new `Float32Array(n)` when omitted.
 */
export function dotRows(memory: Float32Array, n: number, d: number, key: ArrayLike<number>, out?: Float32Array): Float32Array {
  checkShape(memory, n, d, key, 'key');
  const result = out ?? new Float32Array(n);
  if (result.length < n) throw new MemoryError(`expected an output of length >= ${n}, got ${result.length}`);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const base = i * d;
    for (let j = 0; j < d; j++) s += (memory[base + j] as number) * (key[j] as number);
    result[i] = s;
  }
  return result;
}

/**
 * The inverse temperature of memory addressing for slot dimension `d`: 1/√d, the scale attention uses
 * (q·k/√d_k). The MAT scores its soft read and write as k·M_i/√D, and the memory env passes this as
 * `scale` to {@link softRead}/{@link softWrite} so that its typed-array bank addresses as the MAT does.
 */
export function addressScale(d: number): number {
  return 1 / Math.sqrt(d);
}

/** Arguments of {@link softWrite}. */
export interface SoftWriteArgs {
  /** Row-major memory, at least `n × d` long. Not mutated. */
  memory: Float32Array;
  n: number;
  d: number;
  /** The write key `k_w` (length `d`). */
  writeKey: ArrayLike<number>;
  /** The written value `v_w` (length `d`). */
  writeValue: ArrayLike<number>;
  /** The decay `λ ∈ [0, 1]`: one number, or one per row (length ≥ `n`). */
  decay: number | ArrayLike<number>;
  /** Rows excluded from addressing (weight 0). Masked rows still decay: the update rule holds with w_i = 0. */
  mask?: RowMask;
  /** Inverse temperature of the scores (default 1: the seed's unscaled dot products). */
  scale?: number;
}

/** Result of {@link softWrite}. */
export interface SoftWriteResult {
  /** The updated memory: a new array of the same length as the input. */
  memory: Float32Array;
  /** The write weights `w` (length `n`). */
  weights: Float32Array;
}

/**
 * The seed's soft write: `w_i = softmax_i(k_w·M_i)`, then `M_i ← λ_i·M_i + w_i·v_w` for every row `i < n`.
 * Rows at or beyond `n` are copied unchanged. Returns new arrays; the input is not mutated.
 */
export function softWrite(args: SoftWriteArgs): SoftWriteResult {
  const { memory, n, d, writeKey, writeValue, decay, mask, scale = 1 } = args;
  checkShape(memory, n, d, writeValue, 'writeValue');
  const scores = dotRows(memory, n, d, writeKey);
  if (scale !== 1) for (let i = 0; i < n; i++) scores[i] = (scores[i] as number) * scale;
  const weights = softmax(scores, scores, mask);
  const out = new Float32Array(memory);
  for (let i = 0; i < n; i++) {
    const lambda = decayAt(decay, i);
    const w = weights[i] as number;
    const base = i * d;
    for (let j = 0; j < d; j++) out[base + j] = lambda * (memory[base + j] as number) + w * (writeValue[j] as number);
  }
  return { memory: out, weights };
}

/** Arguments of {@link softRead}. */
export interface SoftReadArgs {
  /** Row-major memory, at least `n × d` long. Not mutated. */
  memory: Float32Array;
  n: number;
  d: number;
  /** The read key `k_r` (length `d`). */
  readKey: ArrayLike<number>;
  /** Rows excluded from the read (weight 0). All masked ⇒ zero content and zero weights. */
  mask?: RowMask;
  /** Inverse temperature of the scores (default 1: the seed's unscaled dot products). */
  scale?: number;
}

/** Result of {@link softRead}. */
export interface SoftReadResult {
  /** The read content `c` (length `d`). */
  content: Float32Array;
  /** The read weights (length `n`). */
  weights: Float32Array;
}

/** The seed's soft read: `c = Σ_i softmax_i(k_r·M_i)·M_i` over the first `n` rows. Pure. */
export function softRead(args: SoftReadArgs): SoftReadResult {
  const { memory, n, d, readKey, mask, scale = 1 } = args;
  const scores = dotRows(memory, n, d, readKey);
  if (scale !== 1) for (let i = 0; i < n; i++) scores[i] = (scores[i] as number) * scale;
  const weights = softmax(scores, scores, mask);
  const content = new Float32Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const base = i * d;
    for (let j = 0; j < d; j++) content[j] = (content[j] as number) + w * (memory[base + j] as number);
  }
  return { content, weights };
}

/** The L2 norm of row `row` of a row-major memory with row length `d`. */
export function rowNorm(memory: Float32Array, d: number, row: number): number {
  let s = 0;
  const base = row * d;
  for (let j = 0; j < d; j++) {
    const v = memory[base + j] as number;
    s += v * v;
  }
  return Math.sqrt(s);
}

/** The L2 norm of a vector. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (v[j] as number) * (v[j] as number);
  return Math.sqrt(s);
}

/**
 * Cosine similarity `a·b / (|a|·|b|)` in [−1, 1]; 0 when either vector is zero.
 * Throws `MemoryError` when the lengths differ.
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new MemoryError(`expected vectors of equal length, got ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as number;
    const y = b[j] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : clampUnit(dot / Math.sqrt(na * nb));
}

/** Cosine similarity between row `row` of a memory (row length `d`) and `key`; no allocation. */
export function cosineRow(memory: Float32Array, d: number, row: number, key: ArrayLike<number>): number {
  if (key.length !== d) throw new MemoryError(`expected a key of length ${d}, got ${key.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  const base = row * d;
  for (let j = 0; j < d; j++) {
    const x = memory[base + j] as number;
    const y = key[j] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : clampUnit(dot / Math.sqrt(na * nb));
}

function clampUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}

function decayAt(decay: number | ArrayLike<number>, i: number): number {
  const lambda = typeof decay === 'number' ? decay : (decay[i] as number | undefined);
  if (lambda === undefined || !(lambda >= 0 && lambda <= 1)) {
    throw new MemoryError(`expected a decay in [0, 1] for row ${i}, got ${String(lambda)}`);
  }
  return lambda;
}

function checkShape(memory: Float32Array, n: number, d: number, vec: ArrayLike<number>, name: string): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 1) {
    throw new MemoryError(`expected integers n >= 0 and d >= 1, got n=${n}, d=${d}`);
  }
  if (memory.length < n * d) throw new MemoryError(`expected a memory of length >= ${n * d} (${n}×${d}), got ${memory.length}`);
  if (vec.length !== d) throw new MemoryError(`expected ${name} of length ${d}, got ${vec.length}`);
}
