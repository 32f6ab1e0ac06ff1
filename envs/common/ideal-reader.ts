import type { AnswerRequest, ItemEncodings, MemoryReader } from './reader.js';

/**
 * A model-free, exact reader: it answers a query correctly exactly when every supporting item of the
 * query is visible (in the working context, or in memory when the agent retrieved), and answers −1
 * (never correct) otherwise; stale facts do not mislead it. Items are encoded as sums of fixed
 * hash-based token-and-position vectors, so items sharing tokens (a fact and the query for its key)
 * have similar encodings.
 *
 * Use it for fast tests of env machinery and as an ablation ("a perfect transformer reader"); the
 * default reader of every registered env is the pretrained MAT.
 */
export class IdealReader implements MemoryReader {
  readonly dim: number;
  readonly contextLen: number;
  readonly answerLen: number;
  readonly name = 'ideal';

  constructor(opts: { dim?: number; contextLen?: number; answerLen?: number } = {}) {
    this.dim = opts.dim ?? 16;
    this.contextLen = opts.contextLen ?? 4;
    this.answerLen = opts.answerLen ?? 1;
  }

  /** A fixed pseudo-random value in [−1, 1) for (token, position, coordinate): an integer hash. */
  private static hash(token: number, pos: number, j: number): number {
    let h = Math.imul(token + 1, 0x9e3779b1) ^ Math.imul(pos + 1, 0x85ebca77) ^ Math.imul(j + 1, 0xc2b2ae3d);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
    return ((h >>> 0) / 4294967296) * 2 - 1;
  }

  /** Fixed pseudo-random rows of norm ≈ 1 (the same for every episode, like a learned M₀). */
  initialMemory(slots: number): Float32Array {
    const d = this.dim;
    const out = new Float32Array(slots * d);
    for (let i = 0; i < slots; i++) for (let j = 0; j < d; j++) out[i * d + j] = (IdealReader.hash(-7, i, j) * Math.sqrt(3)) / Math.sqrt(d);
    return out;
  }

  encode(tokens: Int32Array, count: number): ItemEncodings {
    const d = this.dim;
    const L = count > 0 ? tokens.length / count : 0;
    const values = new Float32Array(count * d);
    for (let i = 0; i < count; i++) {
      for (let p = 0; p < L; p++) {
        const tok = tokens[i * L + p] as number;
        if (tok === 0) continue;
        // Position 0 is the item kind; hashing the others position-free makes a query match its fact.
        const pos = p === 0 ? 0 : 1;
        for (let j = 0; j < d; j++) values[i * d + j] = (values[i * d + j] as number) + IdealReader.hash(tok, pos, j);
      }
    }
    return { count, dim: d, writeKeys: values, writeValues: values, readKeys: values, features: values };
  }

  answer(requests: readonly AnswerRequest[]): Int32Array {
    const A = this.answerLen;
    const out = new Int32Array(requests.length * A).fill(-1);
    requests.forEach((r, b) => {
      const visible = (item: number): boolean => {
        for (let j = 0; j < r.contextTags.length; j++) if (r.contextMask[j] === 1 && r.contextTags[j] === item) return true;
        for (let j = 0; j < r.memoryTags.length; j++) if (r.memoryMask[j] === 1 && r.memoryTags[j] === item) return true;
        return false;
      };
      let ok = true;
      for (const item of r.support) if (item >= 0 && !visible(item)) ok = false;
      if (ok) out.set(r.expected, b * A);
    });
    return out;
  }

  dispose(): void {}
}
