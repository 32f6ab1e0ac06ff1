import type { AnswerTrainingBatch } from '../../src/model/training-batch.js';
import type { MatConfig } from '../../src/model/config.js';
import type { Rng } from '../../src/util/rng.js';
import { PRESET_NAMES, supportOf, type EpisodeGenerator } from './episode.js';
import { pretrainingExamples, type PretrainingExamples } from './episode-pretraining.js';
import type { FamilyDefinition } from './family.js';

/** How MAT pre-training examples are drawn from a family's episodes. */
export interface PretrainDataOptions {
  /** Examples per step. */
  batchSize: number;
  /** Memory rows per example (≥ the presets' maxSlots so the MAT sees full memories). */
  slots: number;
  /** Working context W (must equal the MAT's contextLen). */
  contextLen: number;
  /** Per example, probability of adding the stale predecessor of a support item (see pretrainingExamples). */
  staleFraction: number;
  /** Per example, probability of leaving the out-of-context support out (the MAT must guess). */
  missingFraction: number;
  /** Per example, the fraction of distractor rows dropped is uniform in [0, maxDropFraction]: memories of every fill level. */
  maxDropFraction: number;
  /**
   * How memory is filled: `slots` (default) puts the kept items in memory rows directly (the ideal
   * manager's hard stores); `softWrite` writes them one by one (in the rows' shuffled order) with the seed's differentiable soft
   * write (w = softmax(k_w·M), M_i ← λM_i + w_i v_w) into `slots` rows starting from the learned M₀, so
   * gradients flow through the write.
   */
  memory?: 'slots' | 'softWrite';
  /** λ of the soft write (default 1). */
  softWriteDecay?: number;
}

/** The MAT sizes a family needs (vocabulary, item and answer length) on top of a model config. */
export function familyMatConfig(generator: EpisodeGenerator<unknown>, model: Partial<MatConfig>): Partial<MatConfig> {
  return { ...model, vocabSize: generator.vocabSize, itemLen: generator.itemLen, answerLen: generator.answerLen };
}

/**
 * A pre-training batch source for `pretrain()`: each step draws episodes from the family's presets
 * (uniformly), turns their queries into examples where an ideal manager stored the support among
 * distractors, and packs `batchSize` of them. Deterministic given the rng.
 */
export function pretrainBatchSource<P, O>(
  def: FamilyDefinition<P, O>,
  opts: PretrainDataOptions,
): (step: number, rng: Rng) => AnswerTrainingBatch {
  const generators = PRESET_NAMES.map((p) => ({ preset: def.presets[p], generator: def.makeGenerator(def.presets[p].generator) }));
  const first = generators[0]!.generator;
  const L = first.itemLen;
  const A = first.answerLen;
  const W = opts.contextLen;
  const M = opts.slots;
  return (_step, rng) => {
    const B = opts.batchSize;
    const batch = {
      queryTokens: new Int32Array(B * L),
      answers: new Int32Array(B * A),
      contextTokens: new Int32Array(B * W * L),
      contextMask: new Uint8Array(B * W),
      memoryTokens: new Int32Array(B * M * L),
      memoryMask: new Uint8Array(B * M),
    };
    let filled = 0;
    while (filled < B) {
      const g = generators[rng.int(generators.length)]!;
      const ep = g.generator.generate(g.preset.params, rng);
      const ex: PretrainingExamples = pretrainingExamples(ep, {
        contextLen: W,
        slots: M,
        rng,
        staleFraction: opts.staleFraction,
        missingFraction: opts.missingFraction,
      });
      for (let e = 0; e < ex.count && filled < B; e++) {
        const b = filled++;
        batch.queryTokens.set(ex.queryTokens.subarray(e * L, (e + 1) * L), b * L);
        batch.answers.set(ex.answers.subarray(e * A, (e + 1) * A), b * A);
        batch.contextTokens.set(ex.contextTokens.subarray(e * W * L, (e + 1) * W * L), b * W * L);
        batch.contextMask.set(ex.contextMask.subarray(e * W, (e + 1) * W), b * W);
        batch.memoryTokens.set(ex.memoryTokens.subarray(e * M * L, (e + 1) * M * L), b * M * L);
        const support = new Set(supportOf(ep, ex.queryIndex[e] as number));
        const drop = rng.uniform(0, opts.maxDropFraction);
        for (let r = 0; r < M; r++) {
          const item = ex.memoryItems[e * M + r] as number;
          const keep = ex.memoryMask[e * M + r] === 1 && (support.has(item) || !rng.bernoulli(drop));
          batch.memoryMask[b * M + r] = keep ? 1 : 0;
        }
      }
    }
    return {
      batch: B,
      queryTokens: batch.queryTokens,
      answers: batch.answers,
      context: { count: W, tokens: batch.contextTokens, mask: batch.contextMask },
      memory:
        opts.memory === 'softWrite'
          ? { kind: 'softWrite', writes: M, tokens: batch.memoryTokens, writeMask: batch.memoryMask, slots: M, decay: opts.softWriteDecay ?? 1 }
          : { kind: 'slots', slots: M, tokens: batch.memoryTokens, mask: batch.memoryMask },
    };
  };
}
