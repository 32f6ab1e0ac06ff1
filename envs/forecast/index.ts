/**
 * # Seasonal forecast (`memgym/Forecast-v0`, `memgym/Forecast-Easy-v0`, `-Medium-v0`, `-Hard-v0`)
 *
 * ## Description
 * A time series with a linear trend, several seasonalities and Gaussian noise passes by as windows of 8
 * points, one window per step. Every few windows (on a fixed schedule) the window is a query: the
 * memory-augmented transformer (MAT) must forecast the NEXT window, from the query window, its working
 * context (the last 4 windows) and — only when the agent chooses RETRIEVE — the past windows the agent
 * kept in memory. A good forecast copies the windows at the same phase one or more seasons back (the
 * query's support: the best-matching of the last `maxLags` periods), which lie beyond the working
 * context. Memory is scarce: fewer slots than a season of windows, so the agent must learn which
 * windows (which phases, which periods) to keep. See `presets.ts` for what each preset rewards.
 *
 * **Tokens.** Values are quantised into 16 bins over [−2, 2] (values beyond saturate). An item is
 * `[kind, phase, bin_1 … bin_8]` (10 tokens): kind WINDOW or QUERY, the phase token (window index mod
 * the season length in windows; for a query, the phase of the window to forecast), then the bin
 * tokens. The answer is the next window's 8 bin tokens.
 *
 * **Correctness.** A forecast is correct when its mean absolute bin error over the window is ≤ 1 bin
 * (`ForecastGenerator.isCorrect`, the tolerance; a non-bin token counts as 16 bins off) — the same rule
 * for every reader. With the model-free IdealReader (`reader: 'ideal'`) the prediction is exact when the
 * support windows are visible and absent otherwise, so accuracy then measures whether the manager kept
 * the support; with the MAT it also depends on how well the MAT forecasts from them.
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
 * | `item`       | D + 9        | the MAT's features of the current window, one-hot kind (window/query), isQuery |
 * | `slots`      | S·7          | per slot: active, occupied, age, sinceAccess, log access count, relevance, similarity |
 * | `global`     | 4            | progress t/T, slots used / S, N / S, isQuery                            |
 * | `actionMask` | 3 + 2S + 2   | valid actions                                                           |
 * | `memory`     | S·D          | raw memory, only with `observeMemory: true`                             |
 *
 * ## Reward
 * +1 for each query whose forecast is within tolerance (downstream accuracy), − `retrieveCost` per
 * RETRIEVE, − `slotCost`·N per step (both 0 by default). `info.correct`, `info.isQuery`,
 * `info.slotsUsed`, `info.evicted` (the item index that left memory, −1 if none) every step;
 * `info.accuracy`, `info.queries`, `info.retrievals` at episode end.
 *
 * ## Starting state
 * Empty memory with N = `ceil(periodWindows / 2) + 1` slots (4 / 5 / 6 on easy / medium / hard), clamped
 * to [minSlots, maxSlots]; the first window of a fresh series (random trend sign, seasonal phases and
 * amplitudes, noise).
 *
 * ## Episode end
 * Terminates after the last window (96 / 128 / 160 by preset). No truncation unless wrapped in TimeLimit.
 *
 * ## Arguments
 * `make('memgym/Forecast-v0', { preset, reader, checkpoint, params, minSlots, maxSlots, slotCount,
 * retrieveCost, slotCost, decay, epsilon, relevance: { alpha, beta, gamma, expression, recency, tau },
 * writeMode: 'hard' | 'soft', softWriteDecay, observeMemory, privileged })` — see
 * `memoryEnvKwargsSchema` in `envs/common/family.ts`; unknown keys are errors. `params` overrides the
 * generator's {@link ForecastParams} (length, seasonalities, trend, noiseStd, amplitudeJitter,
 * queryEvery, supportCount, maxLags, valueRange); the window length, bins, phases and tolerance are
 * fixed per family (one MAT serves every preset); the slot-count formula may use the complexity
 * variables listed in {@link FORECAST_FAMILY}.
 *
 * ## Version history
 * - v0: initial release.
 */
import { ForecastGenerator } from './generator.js';
import type { ForecastGeneratorOptions, ForecastParams } from './params.js';
import { FORECAST_PRESETS } from './presets.js';
import type { FamilyDefinition } from '../common/family.js';

/** The Forecast family definition (registered by `envs/index.ts`). */
export const FORECAST_FAMILY: FamilyDefinition<ForecastParams, ForecastGeneratorOptions> = {
  name: 'Forecast',
  family: 'forecast',
  makeGenerator: (options) => new ForecastGenerator(options),
  presets: FORECAST_PRESETS,
  complexityVariables: [
    'length',
    'periodWindows',
    'numKeys',
    'queryEvery',
    'supportCount',
    'seasonalities',
    'queries',
    'liveFacts',
    'neededFacts',
    'peakNeededFacts',
  ],
  version: 0,
};
