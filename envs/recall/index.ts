/**
 * # Recall (`memgym/Recall-v0`, `memgym/Recall-Easy-v0`, `-Medium-v0`, `-Hard-v0`)
 *
 * ## Description
 * A stream of items passes by, one per step: facts `key → value`, later facts that rewrite a key
 * (making the older fact stale), noise distractors, and queries asking for a key's current value.
 * The memory-augmented transformer (MAT) answers a query from its short working context (the last 4
 * items) and — only when the agent chooses RETRIEVE — from the external memory the agent manages.
 * Memory is scarce: the slot count is well below the number of facts still needed, so the agent must
 * choose what to store, what to overwrite and what to forget. A stale fact left in memory misleads the
 * MAT. Keys differ in type (hot: queried soon; steady: popular, queried again and again; cold: queried
 * once, long after; volatile: rewritten often) and popularity (Zipf). See `presets.ts` for why each
 * preset favours a different fixed policy.
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
 * | `item`       | D + 9        | the MAT's features of the current item, one-hot kind (fact/noise/query), isQuery |
 * | `slots`      | S·7          | per slot: active, occupied, age, sinceAccess, log access count, relevance, similarity |
 * | `global`     | 4            | progress t/T, slots used / S, N / S, isQuery                            |
 * | `actionMask` | 3 + 2S + 2   | valid actions                                                           |
 * | `memory`     | S·D          | raw memory, only with `observeMemory: true`                             |
 *
 * ## Reward
 * +1 for each query the MAT answers correctly (downstream accuracy), − `retrieveCost` per RETRIEVE,
 * − `slotCost`·N per step (both 0 by default). `info.correct`, `info.isQuery`, `info.slotsUsed`,
 * `info.evicted` (the item index that left memory, −1 if none) every step; `info.accuracy`,
 * `info.queries`, `info.retrievals` at episode end.
 *
 * ## Starting state
 * Empty memory with N = `ceil(0.7·sqrt(numKeys))` slots (clamped to [minSlots, maxSlots]); the first item.
 *
 * ## Episode end
 * Terminates after the last item (200–256 items by preset). No truncation unless wrapped in TimeLimit.
 *
 * ## Arguments
 * `make('memgym/Recall-v0', { preset, reader, checkpoint, params, minSlots, maxSlots, slotCount,
 * retrieveCost, slotCost, decay, epsilon, relevance: { alpha, beta, gamma, expression, recency, tau },
 * writeMode: 'hard' | 'soft', softWriteDecay, observeMemory, privileged })` — see
 * `memoryEnvKwargsSchema` in `envs/common/family.ts`; unknown keys are errors.
 *
 * ## Version history
 * - v0: initial release.
 */
import { RecallGenerator } from './generator.js';
import type { RecallGeneratorOptions, RecallParams } from './params.js';
import { RECALL_PRESETS } from './presets.js';
import type { FamilyDefinition } from '../common/family.js';

/** The Recall family definition (registered by `envs/index.ts`). */
export const RECALL_FAMILY: FamilyDefinition<RecallParams, RecallGeneratorOptions> = {
  name: 'Recall',
  family: 'recall',
  makeGenerator: (options) => new RecallGenerator(options),
  presets: RECALL_PRESETS,
  complexityVariables: [
    'numKeys',
    'numValues',
    'length',
    'queries',
    'facts',
    'updates',
    'keysWritten',
    'liveFacts',
    'neededFacts',
    'peakNeededFacts',
  ],
  version: 0,
};
