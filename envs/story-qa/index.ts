/**
 * # Story QA (`memgym/StoryQA-v0`, `memgym/StoryQA-Easy-v0`, `-Medium-v0`, `-Hard-v0`)
 *
 * ## Description
 * A bAbI-style story (tasks 1–3 of Weston et al. 2015) passes by, one tokenised sentence per step:
 * people move between places ("mary went to the kitchen"), pick up and drop objects ("john picked up
 * the apple"), and questions ask where things are: "where is mary ?" (task 1, one supporting fact),
 * "where is the apple ?" (task 2, two: the pickup and the holder's last move) and "where was the apple
 * before the kitchen ?" (task 3, three). The memory-augmented transformer (MAT) answers a question from
 * its working context (the last 4 sentences) and — only when the agent chooses RETRIEVE — from the
 * external memory the agent manages. Memory is scarce: fewer slots than live facts (everyone's current
 * whereabouts, every object's holder or resting place), so the agent must choose which sentences to
 * keep; a person's older moves are stale and, left in memory, mislead the MAT. The second and third
 * supporting facts share no word with the question, which is what makes tasks 2–3 hard for
 * similarity-based rules. See `presets.ts` for why each preset favours a different fixed policy.
 *
 * Items are 9 tokens: a kind marker (`<move>`, `<pickup>`, `<drop>`, `<question>`), then the sentence,
 * PAD-filled (vocabulary in `vocab.ts`: 4 markers, 20 function words, 10 people, 8 places, 6 objects).
 * The answer is one place token.
 *
 * ## Action space
 * `Discrete(3 + 2·S + 2)`, S = maxSlots: NOOP, RETRIEVE, STORE_AUTO, STORE_i, FORGET_i, GROW, SHRINK
 * (see `envs/common/actions.ts`). Masked actions (inactive slots, FORGET of a free slot, GROW at
 * maxSlots, SHRINK at minSlots) raise `InvalidActionError`; the mask is `observation.actionMask`,
 * `info.actionMask` and `env.actionMasks()`.
 *
 * ## Observation space
 * | key          | shape        | content                                                                 |
 * |--------------|--------------|-------------------------------------------------------------------------|
 * | `item`       | D + 9        | the MAT's features of the current sentence, one-hot kind (move/pickup/drop/question), isQuery |
 * | `slots`      | S·7          | per slot: active, occupied, age, sinceAccess, log access count, relevance, similarity |
 * | `global`     | 4            | progress t/T, slots used / S, N / S, isQuery                            |
 * | `actionMask` | 3 + 2S + 2   | valid actions                                                           |
 * | `memory`     | S·D          | raw memory, only with `observeMemory: true`                             |
 *
 * ## Reward
 * +1 for each question the MAT answers with the right place (downstream accuracy), − `retrieveCost` per
 * RETRIEVE, − `slotCost`·N per step (both 0 by default). `info.correct`, `info.isQuery`,
 * `info.slotsUsed`, `info.evicted` (the item index that left memory, −1 if none) every step;
 * `info.accuracy`, `info.queries`, `info.retrievals` at episode end.
 *
 * ## Starting state
 * Empty memory with N = `floor(numKeys / 2) + task − 1` slots (numKeys = people + objects; 4 / 5 / 6 on
 * easy / medium / hard), clamped to [minSlots, maxSlots]; the first sentence of a fresh story (nobody
 * has a known place yet).
 *
 * ## Episode end
 * Terminates after the last sentence (120 / 150 / 180 by preset). No truncation unless wrapped in
 * TimeLimit.
 *
 * ## Arguments
 * `make('memgym/StoryQA-v0', { preset, reader, checkpoint, params, minSlots, maxSlots, slotCount,
 * retrieveCost, slotCost, decay, epsilon, relevance: { alpha, beta, gamma, expression, recency, tau },
 * writeMode: 'hard' | 'soft', softWriteDecay, observeMemory, privileged })` — see
 * `memoryEnvKwargsSchema` in `envs/common/family.ts`; unknown keys are errors. `params` overrides the
 * generator's {@link StoryParams} (task, numPeople, numPlaces, numObjects, length, queryRate, pickupRate,
 * dropRate, zipf, minQueryDelay, nearQueryRate, delayScale); the slot-count formula may use the
 * complexity variables listed in {@link STORY_QA_FAMILY}.
 *
 * ## Version history
 * - v0: initial release.
 */
import { StoryGenerator } from './generator.js';
import type { StoryParams } from './params.js';
import { STORY_PRESETS } from './presets.js';
import type { FamilyDefinition } from '../common/family.js';

/** The Story-QA family definition (registered by `envs/index.ts`). */
export const STORY_QA_FAMILY: FamilyDefinition<StoryParams, Record<string, never>> = {
  name: 'StoryQA',
  family: 'story-qa',
  makeGenerator: () => new StoryGenerator(),
  presets: STORY_PRESETS,
  complexityVariables: [
    'task',
    'numPeople',
    'numPlaces',
    'numObjects',
    'numKeys',
    'length',
    'queries',
    'liveFacts',
    'neededFacts',
    'peakNeededFacts',
  ],
  version: 0,
};
