/**
 * Held-out evaluation of a family's MAT in the envs' distribution: accuracy by where the support is
 * (`context`, `memory`, `absent`; memories that also hold a stale predecessor of the support and
 * soft-written memories apart), by the number of occupied slots and by preset, and how much of the soft
 * read's weight lands on the support (a reader that picks an occupied slot at random puts ≈ 1/k on it). "Correct" is the family's own
 * `isCorrect` (exact answer for recall and story-qa, within the bin tolerance for forecast), as in the env.
 */
import type { Mat } from '../../src/model/mat.js';
import { Rng } from '../../src/util/rng.js';
import { PRESET_NAMES, type PresetName } from './preset.js';
import { SUPPORT_PLACES } from './episode-pretraining.js';
import type { FamilyDefinition } from './family.js';
import { familyMaxSlots, type LabelledBatch, labelledBatchSource, type PretrainDataOptions } from './pretraining.js';

/** Accuracy over a group of examples. */
export interface GroupAccuracy {
  accuracy: number;
  /** Examples in the group. */
  count: number;
}

/** What {@link evaluateReaderSplit} returns. */
export interface ReaderSplit {
  family: string;
  /** Held-out examples evaluated (hard-store memories). */
  examples: number;
  /** Hard-store memories without a stale predecessor of the support, by where the support is. */
  byPlace: Record<(typeof SUPPORT_PLACES)[number], GroupAccuracy>;
  /**
   * The `absent` examples none of whose support items is visible. An `absent` multi-fact question may
   * still show one of its facts in the context (who holds the apple, but not where they went).
   */
  absentUnseen: GroupAccuracy;
  /** Support in memory together with a stale predecessor (the reader cannot tell which is newer). */
  memoryWithStale: GroupAccuracy;
  /** Support-in-memory examples by occupied slots: index k − 1 holds k occupied slots (1 … maxSlots). */
  memoryByOccupied: GroupAccuracy[];
  /** Soft-written memories (the `soft-write` policy's regime), all places together. */
  softWrite: GroupAccuracy;
  /**
   * Mean soft-read weight softmax_i(k_r·M_i/√D) summed over the supporting slots, on support-in-memory
   * examples without a stale predecessor (1 = the read finds the support; ≈ 1/k = a random occupied slot).
   */
  supportReadWeight: number;
  /** The same split per preset of the family (hard-store memories). */
  byPreset: Record<PresetName, PresetSplit>;
  /**
   * The chance level: the expected accuracy of guessing, on an `absent` example, the answer of another
   * `absent` example (a guess drawn from the answers' own distribution; 1/values for uniform values).
   */
  chance: number;
  maxSlots: number;
}

/** Whether a predicted answer counts as correct for a target answer (the family's rule). */
type AnswerCheck = (prediction: Int32Array, answer: Int32Array) => boolean;

/** A preset's share of a {@link ReaderSplit}. */
export interface PresetSplit {
  byPlace: Record<(typeof SUPPORT_PLACES)[number], GroupAccuracy>;
  /** The `absent` examples none of whose support items is visible (no partial clue in the context). */
  absentUnseen: GroupAccuracy;
  memoryWithStale: GroupAccuracy;
  supportReadWeight: number;
  /** The chance level among this preset's `absent` examples (see {@link ReaderSplit.chance}). */
  chance: number;
}

/** Options of {@link evaluateReaderSplit}. */
export interface ReaderSplitOptions {
  /** Hard-store examples to evaluate (rounded up to whole batches). */
  examples: number;
  /** Seed of the held-out stream (use one the training run never draws). */
  seed: number;
  /** Examples per forward (default 64). */
  batchSize?: number;
  /** The data knobs (stale and missing shares); the context length is the model's. */
  data: Omit<PretrainDataOptions, 'batchSize' | 'contextLen' | 'softWriteFraction'>;
}

function group(): { correct: number; count: number } {
  return { correct: 0, count: 0 };
}

function finish(g: { correct: number; count: number }): GroupAccuracy {
  return { accuracy: g.count > 0 ? g.correct / g.count : 0, count: g.count };
}

/** Accumulators of one split (the whole family or one preset). */
function splitGroups() {
  return {
    places: { context: group(), memory: group(), absent: group() },
    unseen: group(),
    withStale: group(),
    weight: { sum: 0, count: 0 },
    absentAnswers: [] as Int32Array[],
  };
}

function finishSplit(s: ReturnType<typeof splitGroups>, isCorrect: AnswerCheck): PresetSplit {
  const { context, memory, absent } = s.places;
  return {
    byPlace: { context: finish(context), memory: finish(memory), absent: finish(absent) },
    absentUnseen: finish(s.unseen),
    memoryWithStale: finish(s.withStale),
    supportReadWeight: s.weight.count > 0 ? s.weight.sum / s.weight.count : 0,
    chance: guessingChance(s.absentAnswers, isCorrect),
  };
}

/** Per example of a hard-store batch, the soft read's weight summed over its supporting slots. */
function supportWeights(model: Mat, batch: LabelledBatch['batch']): Float64Array {
  const out = new Float64Array(batch.batch);
  const mem = batch.memory;
  if (mem?.kind !== 'slots' || mem.target === undefined) return out;
  const n = mem.slots;
  const { writeValues } = model.encodeItems(Int32Array.from(mem.tokens), batch.batch * n);
  const w = model.readWeights({ batch: batch.batch, queryTokens: batch.queryTokens, memory: writeValues, memoryMask: mem.mask });
  for (let b = 0; b < batch.batch; b++) {
    for (let i = 0; i < n; i++) if (Number(mem.target[b * n + i]) === 1) out[b] = (out[b] as number) + (w[b * n + i] as number);
  }
  return out;
}

/** Evaluates `model` on held-out examples of `def`'s presets (see the module doc). */
export function evaluateReaderSplit<P, O>(model: Mat, def: FamilyDefinition<P, O>, opts: ReaderSplitOptions): ReaderSplit {
  const B = opts.batchSize ?? 64;
  const A = model.config.answerLen;
  const isCorrect = def.makeGenerator(def.presets[PRESET_NAMES[0]].generator).isCorrect;
  const base = { ...opts.data, batchSize: B, contextLen: model.config.contextLen };
  const hard = labelledBatchSource(def, { ...base, softWriteFraction: 0 });
  const soft = labelledBatchSource(def, { ...base, softWriteFraction: 1 });
  const rng = new Rng(opts.seed);
  const maxSlots = opts.data.slots ?? familyMaxSlots(def);
  const all = splitGroups();
  const perPreset = Object.fromEntries(PRESET_NAMES.map((p) => [p, splitGroups()])) as Record<PresetName, ReturnType<typeof splitGroups>>;
  const byOccupied = Array.from({ length: maxSlots }, group);
  const softGroup = group();
  const batches = Math.ceil(opts.examples / B);
  for (let i = 0; i < batches; i++) {
    const lb = hard(rng);
    const { predictions } = model.evaluate(lb.batch);
    const onSupport = supportWeights(model, lb.batch);
    for (let b = 0; b < B; b++) {
      const answer = lb.batch.answers.subarray(b * A, (b + 1) * A);
      const ok = isCorrect(predictions.subarray(b * A, (b + 1) * A), answer) ? 1 : 0;
      const place = lb.place[b] as (typeof SUPPORT_PLACES)[number];
      for (const split of [all, perPreset[lb.preset[b] as PresetName]]) {
        const g = place === 'memory' && lb.stale[b] === 1 ? split.withStale : split.places[place];
        g.correct += ok;
        g.count += 1;
        if (place === 'absent') {
          split.absentAnswers.push(answer.slice());
          if (lb.partial[b] === 0) {
            split.unseen.correct += ok;
            split.unseen.count += 1;
          }
        }
        if (place === 'memory' && lb.stale[b] === 0) {
          split.weight.sum += onSupport[b] as number;
          split.weight.count += 1;
        }
      }
      if (place === 'memory' && lb.stale[b] === 0) {
        const k = lb.occupied[b] as number;
        const slot = byOccupied[k - 1];
        if (slot) {
          slot.correct += ok;
          slot.count += 1;
        }
      }
    }
  }
  const softBatches = Math.max(1, Math.ceil(batches / 4));
  for (let i = 0; i < softBatches; i++) {
    const lb = soft(rng);
    const { predictions } = model.evaluate(lb.batch);
    for (let b = 0; b < B; b++) {
      softGroup.correct += isCorrect(predictions.subarray(b * A, (b + 1) * A), lb.batch.answers.subarray(b * A, (b + 1) * A)) ? 1 : 0;
      softGroup.count += 1;
    }
  }
  const whole = finishSplit(all, isCorrect);
  return {
    family: def.family,
    examples: batches * B,
    byPlace: whole.byPlace,
    absentUnseen: whole.absentUnseen,
    memoryWithStale: whole.memoryWithStale,
    memoryByOccupied: byOccupied.map(finish),
    softWrite: finish(softGroup),
    supportReadWeight: whole.supportReadWeight,
    byPreset: Object.fromEntries(PRESET_NAMES.map((p) => [p, finishSplit(perPreset[p], isCorrect)])) as Record<PresetName, PresetSplit>,
    chance: whole.chance,
    maxSlots,
  };
}

/** Mean over ordered pairs i ≠ j of isCorrect(answer_j, answer_i): guessing from the answers' distribution. */
function guessingChance(answers: Int32Array[], isCorrect: AnswerCheck): number {
  const n = answers.length;
  if (n < 2) return 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j && isCorrect(answers[j] as Int32Array, answers[i] as Int32Array)) hits += 1;
  }
  return hits / (n * (n - 1));
}
