import type { Mat } from '../../src/model/mat.js';
import type { AnswerRequest, ItemEncodings, MemoryReader } from './reader.js';

/**
 * The default reader: the pretrained memory-augmented transformer. `encode` runs the MAT's item
 * encoder once for a whole batch of items; `answer` runs the memory-extended attention once for a
 * batch of queries (one per sub-env at a query step). Memory rows of masked slots are ignored by the
 * MAT's attention mask, so a query without RETRIEVE sees only its working context.
 */
export class MatReader implements MemoryReader {
  readonly model: Mat;
  readonly name: string;
  readonly dim: number;
  readonly contextLen: number;
  readonly answerLen: number;
  private readonly owned: boolean;

  /** @param owned dispose the model with the reader (default false: models are usually cached and shared). */
  constructor(model: Mat, name = 'mat', owned = false) {
    this.model = model;
    this.name = name;
    this.dim = model.config.dModel;
    this.contextLen = model.config.contextLen;
    this.answerLen = model.config.answerLen;
    this.owned = owned;
  }

  initialMemory(slots: number): Float32Array {
    const max = this.model.config.maxSlots;
    const rows = this.model.initialMemory(Math.min(slots, max));
    if (slots <= max) return rows;
    const out = new Float32Array(slots * this.dim);
    out.set(rows);
    return out; // rows beyond the model's maxSlots start at zero
  }

  encode(tokens: Int32Array, count: number): ItemEncodings {
    const e = this.model.encodeItems(tokens, count);
    return { count, dim: this.dim, ...e };
  }

  answer(requests: readonly AnswerRequest[]): Int32Array {
    const B = requests.length;
    const first = requests[0];
    if (first === undefined) return new Int32Array(0);
    const d = this.dim;
    const L = first.queryTokens.length;
    const W = first.contextMask.length;
    const S = first.memoryMask.length;
    const queryTokens = new Int32Array(B * L);
    const readKeys = new Float32Array(B * d);
    const context = new Float32Array(B * W * d);
    const contextMask = new Uint8Array(B * W);
    const memory = new Float32Array(B * S * d);
    const memoryMask = new Uint8Array(B * S);
    let anyMemory = false;
    requests.forEach((r, b) => {
      queryTokens.set(r.queryTokens, b * L);
      readKeys.set(r.readKey, b * d);
      context.set(r.context, b * W * d);
      contextMask.set(r.contextMask, b * W);
      memoryMask.set(r.memoryMask, b * S);
      // Only occupied rows are written: empty ones stay zero, so the MAT needs no copy to mask them.
      for (let i = 0; i < S; i++) {
        if (r.memoryMask[i] !== 1) continue;
        anyMemory = true;
        memory.set(r.memory.subarray(i * d, (i + 1) * d), (b * S + i) * d);
      }
    });
    const out = this.model.answer({
      batch: B,
      queryTokens,
      readKeys,
      ...(W > 0 ? { context, contextMask } : {}),
      ...(anyMemory ? { memory, memoryMask } : {}),
    });
    return out.predictions;
  }

  dispose(): void {
    if (this.owned) this.model.dispose();
  }
}
