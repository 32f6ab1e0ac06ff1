/**
 * MAT pre-training batches in the envs' distribution (see `pretrainingExamples`): episodes of every preset
 * of a family, each query with the env's working context and a memory of up to the family's `maxSlots`
 * slots, filled as a manager might have filled it — or, for a share of the batches, by the seed's soft
 * write as the `soft-write` policy does in the env.
 */
import type { MatConfig } from '../../src/model/config.js';
import type { AnswerTrainingBatch } from '../../src/model/training-batch.js';
import type { Rng } from '../../src/util/rng.js';
import type { EpisodeGenerator } from './episode.js';
import { pretrainingExamples, type SupportPlace, SUPPORT_PLACES } from './episode-pretraining.js';
import type { FamilyDefinition } from './family.js';
import { PRESET_NAMES, type PresetName } from './preset.js';

/** How MAT pre-training examples are drawn from a family's episodes. */
export interface PretrainDataOptions {
  /** Examples per step. */
  batchSize: number;
  /** Memory rows per example (default: the largest `maxSlots` of the family's presets). */
  slots?: number;
  /** Working context W (must equal the MAT's contextLen). */
  contextLen: number;
  /** Per example, probability of adding the stale predecessors of the support (see pretrainingExamples). */
  staleFraction: number;
  /** Per example, probability of leaving the support out of memory (the MAT must guess). */
  missingFraction: number;
  /** Probability that an in-context support item is also in memory (default 0.5). */
  storedContextFraction?: number;
  /** Probability of swapping an out-of-context support item into the working context (default 0). */
  contextFraction?: number;
  /**
   * Share of batches whose memory is built by the seed's differentiable soft write (w = softmax(k_w·M/√D),
   * M_i ← λM_i + w_i v_w) from the learned M₀: the selected items are written one by one in episode order
   * into the N active slots, so gradients flow through the write. The other batches hold the items in
   * slots directly (hard stores). Default 0.
   */
  softWriteFraction?: number;
  /** λ of the soft write (default 1). */
  softWriteDecay?: number;
}

/** A batch and, per example, what the held-out evaluation splits by. */
export interface LabelledBatch {
  batch: AnswerTrainingBatch;
  /** Where each example's support is visible (see {@link SUPPORT_PLACES}). */
  place: SupportPlace[];
  /** 1 when memory holds a stale predecessor of the support. */
  stale: Uint8Array;
  /** 1 on an `absent` example when some of its support items are visible (multi-fact questions). */
  partial: Uint8Array;
  /** Occupied memory rows per example (hard stores), or N for soft-written memories. */
  occupied: Int32Array;
  /** Whether the memory was soft-written. */
  softWrite: boolean;
  /** The preset each example's episode was drawn from. */
  preset: PresetName[];
}

/** The MAT sizes a family needs (vocabulary, item and answer length) on top of a model config. */
export function familyMatConfig(generator: EpisodeGenerator<unknown>, model: Partial<MatConfig>): Partial<MatConfig> {
  return { ...model, vocabSize: generator.vocabSize, itemLen: generator.itemLen, answerLen: generator.answerLen };
}

/** The largest `maxSlots` over a family's presets: how many slots its MAT must read. */
export function familyMaxSlots<P, O>(def: FamilyDefinition<P, O>): number {
  return Math.max(...PRESET_NAMES.map((p) => def.presets[p].maxSlots));
}

/**
 * Draws one labelled batch: episodes from the family's presets (uniformly), their queries turned into
 * examples (see `pretrainingExamples`), `batchSize` of them packed. Deterministic given the rng.
 */
export function labelledBatchSource<P, O>(def: FamilyDefinition<P, O>, opts: PretrainDataOptions): (rng: Rng) => LabelledBatch {
  const generators = PRESET_NAMES.map((p) => ({ name: p, preset: def.presets[p], generator: def.makeGenerator(def.presets[p].generator) }));
  const first = generators[0]!.generator;
  const L = first.itemLen;
  const A = first.answerLen;
  const W = opts.contextLen;
  const M = opts.slots ?? familyMaxSlots(def);
  const softWriteFraction = opts.softWriteFraction ?? 0;
  return (rng) => {
    const B = opts.batchSize;
    const softWrite = softWriteFraction > 0 && rng.bernoulli(softWriteFraction);
    const queryTokens = new Int32Array(B * L);
    const answers = new Int32Array(B * A);
    const contextTokens = new Int32Array(B * W * L);
    const contextMask = new Uint8Array(B * W);
    const memoryTokens = new Int32Array(B * M * L);
    const memoryMask = new Uint8Array(B * M);
    const slotMask = new Uint8Array(B * M);
    const target = new Uint8Array(B * M);
    const place: SupportPlace[] = [];
    const preset: PresetName[] = [];
    const stale = new Uint8Array(B);
    const partial = new Uint8Array(B);
    const occupied = new Int32Array(B);
    let filled = 0;
    while (filled < B) {
      const g = generators[rng.int(generators.length)]!;
      const ep = g.generator.generate(g.preset.params, rng);
      const ex = pretrainingExamples(ep, {
        contextLen: W,
        slots: M,
        rng,
        staleFraction: opts.staleFraction,
        missingFraction: opts.missingFraction,
        storedContextFraction: opts.storedContextFraction ?? 0.5,
        contextFraction: opts.contextFraction ?? 0,
      });
      const take = Math.min(ex.count, B - filled);
      queryTokens.set(ex.queryTokens.subarray(0, take * L), filled * L);
      answers.set(ex.answers.subarray(0, take * A), filled * A);
      contextTokens.set(ex.contextTokens.subarray(0, take * W * L), filled * W * L);
      contextMask.set(ex.contextMask.subarray(0, take * W), filled * W);
      for (let e = 0; e < take; e++) {
        const b = filled + e;
        place.push(SUPPORT_PLACES[ex.place[e] as number] as SupportPlace);
        preset.push(g.name);
        stale[b] = ex.stale[e] as number;
        partial[b] = ex.partial[e] as number;
        const n = ex.activeSlots[e] as number;
        if (softWrite) {
          // Episode order: the bank soft-writes items as they stream past.
          const rows: number[] = [];
          for (let r = 0; r < M; r++) if (ex.memoryMask[e * M + r] === 1) rows.push(r);
          rows.sort((x, y) => (ex.memoryItems[e * M + x] as number) - (ex.memoryItems[e * M + y] as number));
          rows.forEach((r, k) => {
            memoryTokens.set(ex.memoryTokens.subarray((e * M + r) * L, (e * M + r + 1) * L), (b * M + k) * L);
            memoryMask[b * M + k] = 1;
          });
          for (let i = 0; i < n; i++) slotMask[b * M + i] = 1;
          occupied[b] = n;
        } else {
          memoryTokens.set(ex.memoryTokens.subarray(e * M * L, (e + 1) * M * L), b * M * L);
          memoryMask.set(ex.memoryMask.subarray(e * M, (e + 1) * M), b * M);
          target.set(ex.memorySupport.subarray(e * M, (e + 1) * M), b * M);
          let k = 0;
          for (let r = 0; r < M; r++) k += ex.memoryMask[e * M + r] as number;
          occupied[b] = k;
        }
      }
      filled += take;
    }
    const batch: AnswerTrainingBatch = {
      batch: B,
      queryTokens,
      answers,
      context: { count: W, tokens: contextTokens, mask: contextMask },
      memory: softWrite
        ? { kind: 'softWrite', writes: M, tokens: memoryTokens, writeMask: memoryMask, slots: M, slotMask, decay: opts.softWriteDecay ?? 1 }
        : { kind: 'slots', slots: M, tokens: memoryTokens, mask: memoryMask, target },
    };
    return { batch, place, stale, partial, occupied, softWrite, preset };
  };
}

/** A pre-training batch source for `pretrain()` (see {@link labelledBatchSource}). */
export function pretrainBatchSource<P, O>(
  def: FamilyDefinition<P, O>,
  opts: PretrainDataOptions,
): (step: number, rng: Rng) => AnswerTrainingBatch {
  const source = labelledBatchSource(def, opts);
  return (_step, rng) => source(rng).batch;
}
