/**
 * The reader: the part of the memory-augmented transformer (MAT) a memory env needs. The default
 * reader is the pretrained MAT (see `matReader`); `IdealReader` is an exact, model-free stand-in used
 * for fast tests and as an ablation ("what if the transformer read perfectly?").
 */

/** The MAT's encodings of a batch of items, each `count × dim`, row-major. */
export interface ItemEncodings {
  count: number;
  dim: number;
  /** k_w: where the item would be written. */
  writeKeys: Float32Array;
  /** v_w: what is stored in a memory slot when the item is stored. */
  writeValues: Float32Array;
  /** k_r: the read key of the item (used for soft reads and the similarity features). */
  readKeys: Float32Array;
  /** Features of the item the agent observes. */
  features: Float32Array;
}

/** One query to answer. Arrays are per request; `tags` are item indices (-1 = empty) for model-free readers. */
export interface AnswerRequest {
  /** The query item's tokens (itemLen). */
  queryTokens: Int32Array;
  /** The query's item index in its episode. */
  queryIndex: number;
  /** The query's read key k_r (dim), from the episode's encodings. */
  readKey: Float32Array;
  /** contextLen × dim: the features of the items just before the query (the MAT's working context). */
  context: Float32Array;
  contextMask: Uint8Array;
  contextTags: Int32Array;
  /** maxSlots × dim memory rows; all masked when the agent did not RETRIEVE. */
  memory: Float32Array;
  memoryMask: Uint8Array;
  memoryTags: Int32Array;
  /** The episode's supporting items for this query (-1 padded); only model-free readers may look. */
  support: Int32Array;
  /** The true answer (answerLen); only model-free readers may look. */
  expected: Int32Array;
}

export interface MemoryReader {
  /** Encoding dimension D (also the memory slot dimension). */
  readonly dim: number;
  readonly contextLen: number;
  readonly answerLen: number;
  /** A short name for logs and reports, e.g. `mat(recall-medium)` or `ideal`. */
  readonly name: string;
  /** Encodes `count` items of `itemLen` tokens in one batched forward. */
  encode(tokens: Int32Array, count: number): ItemEncodings;
  /**
   * The initial memory M₀ (slots × dim) a soft-write memory starts from. The seed's soft write from an
   * all-zero memory is symmetric (every row gets v/N and they stay identical), so soft-write episodes
   * start from M₀: the MAT's learned initial memory (as in its soft-write pre-training), or fixed
   * pseudo-random rows for model-free readers.
   */
  initialMemory?(slots: number): Float32Array;
  /** Answers a batch of queries in one batched forward; returns predictions (batch × answerLen). */
  answer(requests: readonly AnswerRequest[]): Int32Array;
  dispose(): void;
}
