/**
 * Story-QA presets: easy = bAbI task 1 (one supporting fact), medium = task 2 (two), hard = task 3
 * (three). Memory is scarce: the default slot count `floor(numKeys / 2) + task − 1` (numKeys = people +
 * objects) is below the number of live facts (everyone's current whereabouts) and below the peak number
 * of facts an oracle must hold, so a manager must guess whose moves and which pickups will be asked about.
 *
 * Design notes (exact, model-free reader simulation over 20 seeds, storing every sentence): recency rules
 * barely beat never-storing, because a question's facts are ≥ 5 sentences old and other people's moves
 * flush a small FIFO/LRU memory; keeping one slot per person/object (overwrite the stale move) helps,
 * and an oracle reaches ≈ .90 / .78 / .57 on easy / medium / hard. Questions are answered from the
 * working context alone about 10% of the time (near questions), so never-store ≈ 0.1 + 0.9/numPlaces.
 */
import { lookupPreset, type FamilyPreset, type PresetName } from '../common/episode.js';
import type { StoryParams } from './generator.js';

/** A story-QA preset (the generator has no construction options: the vocabulary is fixed). */
export type StoryPreset = FamilyPreset<StoryParams, Record<string, never>>;

const SLOT_COUNT = 'floor(numKeys / 2) + task - 1';

/** The story-QA presets. */
export const STORY_PRESETS: Readonly<Record<PresetName, StoryPreset>> = {
  easy: {
    name: 'easy',
    description: 'story QA, bAbI task 1 (single supporting fact): 6 people, 6 places, 120 sentences, 3 slots',
    generator: {},
    params: {
      task: 1,
      numPeople: 6,
      numPlaces: 6,
      numObjects: 0,
      length: 120,
      queryRate: 0.3,
      pickupRate: 0,
      dropRate: 0,
      zipf: 0.5,
      minQueryDelay: 5,
      nearQueryRate: 0.1,
    },
    slots: 3,
    minSlots: 1,
    maxSlots: 6,
    slotCount: SLOT_COUNT,
  },
  medium: {
    name: 'medium',
    description: 'story QA, bAbI task 2 (two supporting facts): 5 people, 4 objects, 6 places, 150 sentences, 5 slots',
    generator: {},
    params: {
      task: 2,
      numPeople: 5,
      numPlaces: 6,
      numObjects: 4,
      length: 150,
      queryRate: 0.3,
      pickupRate: 0.25,
      dropRate: 0.1,
      zipf: 0.5,
      minQueryDelay: 5,
      nearQueryRate: 0.1,
    },
    slots: 5,
    minSlots: 2,
    maxSlots: 10,
    slotCount: SLOT_COUNT,
  },
  hard: {
    name: 'hard',
    description: 'story QA, bAbI task 3 (three supporting facts): 4 people, 4 objects, 6 places, 180 sentences, 6 slots',
    generator: {},
    params: {
      task: 3,
      numPeople: 4,
      numPlaces: 6,
      numObjects: 4,
      length: 180,
      queryRate: 0.3,
      pickupRate: 0.2,
      dropRate: 0.08,
      zipf: 0.5,
      minQueryDelay: 5,
      nearQueryRate: 0.1,
    },
    slots: 6,
    minSlots: 3,
    maxSlots: 12,
    slotCount: SLOT_COUNT,
  },
};

/** The story-QA preset `name`; throws `ConfigError` for an unknown name. */
export function storyPreset(name: string): StoryPreset {
  return lookupPreset('story-qa', STORY_PRESETS, name);
}
