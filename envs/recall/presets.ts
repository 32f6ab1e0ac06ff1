/**
 * Recall presets. Memory is scarce on all three: the default slot count is a fraction of the live
 * (current, non-stale) facts and below the peak number of facts an oracle must hold; and each preset's
 * key-type mix favours a different fixed policy, so that no fixed policy is best everywhere.
 *
 * Reasoning (checked with an exact, model-free reader simulation during design: store every fact,
 * RETRIEVE at every query, a stale fact next to the current one costs half the chance; numbers are mean
 * accuracy over 20 seeds with policies storing facts only — storing noise too lowers all but the oracle):
 *
 * - **easy — recency (FIFO wins).** Only `hot` keys, each fact queried once, 6–~20 steps after it was
 *   written. The facts needed next are the newest ones, so FIFO (evict the oldest write) is right. LRU is
 *   worse: it keeps a fact that was just queried — and will never be queried again — over a fresher one.
 *   LFU is worst: every new fact has count 0 and is evicted first.
 *   (never ≈ .17, LFU ≈ .22, LRU ≈ .47, FIFO ≈ .55, oracle ≈ .85)
 * - **medium — popularity (LFU wins).** Half `steady` keys with strong Zipf popularity (exponent 1.3),
 *   almost never rewritten and queried again and again; half `cold` keys, each fact queried once long
 *   after. The one-shot writes flush FIFO and LRU; LFU keeps the popular facts, which collect the hits.
 *   (never ≈ .15, FIFO ≈ .22, LRU ≈ .25, LFU ≈ .43, oracle ≈ .86)
 * - **hard — staleness (no simple rule; relevance / learned).** All four types: `volatile` keys rewritten
 *   often (stale facts pile up in memory and mislead the MAT), `cold` facts that must survive ~40+ steps
 *   without a hit, `hot` bursts and `steady` popular keys. LRU edges FIFO and LFU, but the gains are in
 *   forgetting or overwriting the stale fact of a rewritten key (what the relevance rule's contextual
 *   similarity, or a learned manager, can do: "LRU + overwrite same key" ≈ .48 vs LRU ≈ .39, FIFO ≈ .37,
 *   LFU ≈ .29) and in knowing which cold facts to keep (oracle ≈ .84).
 *
 * Measured with the real fixed policies of `agents/fixed` and the env's IdealReader (20 seeds,
 * 1000–1019; those policies store noise too, and a retrieval counts as an access of every slot it
 * attends to at least uniformly — stale versions of a popular key included):
 * easy never .11, FIFO .33, LRU .26, LFU .12, relevance .18, oracle .85;
 * medium never .11, FIFO .13, LRU .13, LFU .13, relevance .17, oracle .86;
 * hard never .11, FIFO .27, LRU .25, LFU .16, relevance .21, oracle .85.
 * FIFO still wins easy, but medium's LFU advantage does not survive: stale versions of the most popular
 * keys collect the accesses and pin LFU's slots (the design simulation above counted one access per
 * query, on the current fact).
 *
 * All presets share one vocabulary (maxKeys 64, maxValues 32, 16 noise tokens), so one MAT serves them;
 * `slotCount` is `ceil(0.7 * sqrt(numKeys))`, which gives each preset's `slots`.
 */
import { lookupPreset, type FamilyPreset, type PresetName } from '../common/preset.js';
import type { RecallGeneratorOptions, RecallParams } from './params.js';

/** A recall preset. */
export type RecallPreset = FamilyPreset<RecallParams, RecallGeneratorOptions> & {
  /** The fixed policy the preset is designed to favour (see the module doc). */
  favours: 'fifo' | 'lfu' | 'none';
};

const GENERATOR: RecallGeneratorOptions = { maxKeys: 64, maxValues: 32, noiseTokens: 16 };
const SLOT_COUNT = 'ceil(0.7 * sqrt(numKeys))';

/** The recall presets (see the module doc for the reasoning). */
export const RECALL_PRESETS: Readonly<Record<PresetName, RecallPreset>> = {
  easy: {
    name: 'easy',
    description: 'recall, recency-queried keys (FIFO-friendly): 32 keys, 200 items, 4 slots',
    favours: 'fifo',
    generator: GENERATOR,
    params: {
      numKeys: 32,
      numValues: 16,
      length: 200,
      queryRate: 0.4,
      noiseRate: 0.15,
      updateRate: 0.75,
      zipf: 0.5,
      minQueryDelay: 6,
      nearQueryRate: 0.1,
      typeMix: { hot: 1 },
      typeSpecs: { hot: { queriesPerFact: 1, delayScale: 12 } },
    },
    slots: 4,
    minSlots: 1,
    maxSlots: 8,
    slotCount: SLOT_COUNT,
  },
  medium: {
    name: 'medium',
    description: 'recall, Zipf-popular steady keys among one-shot cold keys (LFU-friendly): 40 keys, 200 items, 5 slots',
    favours: 'lfu',
    generator: GENERATOR,
    params: {
      numKeys: 40,
      numValues: 16,
      length: 200,
      queryRate: 0.3,
      noiseRate: 0.15,
      updateRate: 0.7,
      zipf: 1.3,
      minQueryDelay: 5,
      nearQueryRate: 0.1,
      typeMix: { steady: 0.5, cold: 0.5 },
      typeSpecs: { steady: { writeWeight: 0.02 } },
    },
    slots: 5,
    minSlots: 1,
    maxSlots: 10,
    slotCount: SLOT_COUNT,
  },
  hard: {
    name: 'hard',
    description: 'recall, hot/steady/cold/volatile keys with frequent stale updates: 64 keys, 256 items, 6 slots',
    favours: 'none',
    generator: GENERATOR,
    params: {
      numKeys: 64,
      numValues: 16,
      length: 256,
      queryRate: 0.3,
      noiseRate: 0.15,
      updateRate: 0.7,
      zipf: 0.6,
      minQueryDelay: 6,
      nearQueryRate: 0.1,
      typeMix: { hot: 0.25, steady: 0.25, cold: 0.2, volatile: 0.3 },
    },
    slots: 6,
    minSlots: 1,
    maxSlots: 12,
    slotCount: SLOT_COUNT,
  },
};

/** The recall preset `name`; throws `ConfigError` for an unknown name. */
export function recallPreset(name: string): RecallPreset {
  return lookupPreset('recall', RECALL_PRESETS, name);
}
