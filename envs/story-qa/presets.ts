/**
 * Story-QA presets: easy = bAbI task 1 (one supporting fact), medium = task 2 (two), hard = task 3
 * (three). Memory is scarce on all three: the default slot count `floor(numKeys / 2) + task − 1`
 * (numKeys = people + objects) is below the mean number of live facts (everyone's current whereabouts,
 * every object's current holder or resting place) and, on medium and hard, at or below the peak number
 * of facts an oracle must hold; and each preset's question process favours a different fixed policy, so
 * that no fixed policy is best everywhere.
 *
 * Numbers: mean accuracy over 20 seeds with the exact, model-free IdealReader (correct iff every
 * supporting sentence is in the working context of 4 items or in retrieved memory), fixed policies from
 * `agents/fixed` (every policy but never-store stores every sentence and retrieves at every question;
 * measured by `scratch/` scripts, seeds 1000–1019). `live` is the mean number of live facts, `peak` the
 * mean peak number of facts the oracle must hold.
 *
 * - **easy — recency (FIFO wins).** Task 1 with 8 people: questions come soon after the move they ask
 *   about (`delayScale` 2), so the newest sentences are the ones to keep. LRU is a little worse (it keeps
 *   the move of someone just asked about, who is rarely asked again before moving); LFU is worst (every
 *   new sentence has one access and is evicted first).
 *   (never .10, FIFO .49, LRU .42, LFU .18, relevance .23, oracle 1.00; 4 slots, live 7.4, peak 3.7)
 * - **medium — popularity (LFU wins).** Task 2: objects are picked up often and almost never dropped,
 *   and questions come at any delay (near questions are rare: both facts are seldom in context). A held
 *   object's pickup is asked about again and again (each retrieval counts as an access), so LFU keeps
 *   the pickups while recency rules let the stream of moves flush them. The second hop (the holder's
 *   last move) shares no word with the question, which caps every similarity-blind rule far below the
 *   oracle: knowing which moves bridge to a held object is what a learned manager can add.
 *   (never .02, FIFO .07, LRU .08, LFU .29, relevance .14, oracle .96; 5 slots, live 7.3, peak 5.1)
 * - **hard — re-asked objects among recent moves (LRU edges).** Task 3: "where was the apple before the
 *   kitchen?" needs the pickup and the holder's last two moves. Questions favour recent changes of place
 *   (`delayScale` 4); LRU keeps the pickups of objects asked about again while recent moves enter, FIFO
 *   loses the pickup, LFU and relevance hold on to stale moves. Every rule stays far below the oracle.
 *   (never .00, FIFO .13, LRU .21, LFU .11, relevance .11, oracle .92; 6 slots, live 7.6, peak 7.2)
 *
 * The vocabulary is fixed (vocab.ts), so one MAT serves every preset.
 */
import { lookupPreset, type FamilyPreset, type PresetName } from '../common/preset.js';
import type { StoryParams } from './params.js';

/** A story-QA preset (the generator has no construction options: the vocabulary is fixed). */
export type StoryPreset = FamilyPreset<StoryParams, Record<string, never>> & {
  /** The fixed policy the preset is designed to favour (see the module doc). */
  favours: 'fifo' | 'lfu' | 'lru';
};

const SLOT_COUNT = 'floor(numKeys / 2) + task - 1';

/** The story-QA presets (see the module doc for the reasoning and the measured accuracies). */
export const STORY_PRESETS: Readonly<Record<PresetName, StoryPreset>> = {
  easy: {
    name: 'easy',
    description:
      'story QA, bAbI task 1 (single supporting fact), questions soon after the move (FIFO-friendly): 8 people, 120 sentences, 4 slots',
    favours: 'fifo',
    generator: {},
    params: {
      task: 1,
      numPeople: 8,
      numPlaces: 8,
      numObjects: 0,
      length: 120,
      queryRate: 0.3,
      pickupRate: 0,
      dropRate: 0,
      zipf: 0.5,
      minQueryDelay: 5,
      nearQueryRate: 0.1,
      delayScale: 2,
    },
    slots: 4,
    minSlots: 1,
    maxSlots: 8,
    slotCount: SLOT_COUNT,
  },
  medium: {
    name: 'medium',
    description:
      'story QA, bAbI task 2 (two supporting facts), held objects asked again and again (LFU-friendly): 5 people, 3 objects, 150 sentences, 5 slots',
    favours: 'lfu',
    generator: {},
    params: {
      task: 2,
      numPeople: 5,
      numPlaces: 6,
      numObjects: 3,
      length: 150,
      queryRate: 0.3,
      pickupRate: 0.2,
      dropRate: 0.02,
      zipf: 1.5,
      minQueryDelay: 5,
      nearQueryRate: 0.3,
      delayScale: 0,
    },
    slots: 5,
    minSlots: 1,
    maxSlots: 10,
    slotCount: SLOT_COUNT,
  },
  hard: {
    name: 'hard',
    description:
      'story QA, bAbI task 3 (three supporting facts), re-asked objects among recent moves (LRU edges): 4 people, 4 objects, 180 sentences, 6 slots',
    favours: 'lru',
    generator: {},
    params: {
      task: 3,
      numPeople: 4,
      numPlaces: 5,
      numObjects: 4,
      length: 180,
      queryRate: 0.3,
      pickupRate: 0.3,
      dropRate: 0.05,
      zipf: 1.5,
      minQueryDelay: 5,
      nearQueryRate: 0,
      delayScale: 4,
    },
    slots: 6,
    minSlots: 1,
    maxSlots: 12,
    slotCount: SLOT_COUNT,
  },
};

/** The story-QA preset `name`; throws `ConfigError` for an unknown name. */
export function storyPreset(name: string): StoryPreset {
  return lookupPreset('story-qa', STORY_PRESETS, name);
}
