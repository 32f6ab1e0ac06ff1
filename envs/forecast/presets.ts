/**
 * Forecast presets. All share one vocabulary (windows of 8 points, 16 bins over [−2, 2], 16 phase
 * tokens) and a tolerance of 1 bin of mean absolute error, so one MAT serves them. Queries come on a
 * fixed schedule (every `queryEvery`-th window), so only the windows at a few phases are ever needed:
 * an oracle keeps those, while every fixed policy is phase-blind and must keep a whole period of windows.
 *
 * Memory is scarce: the default `ceil(periodWindows / 2) + 1` slots (4 / 5 / 6) are far below the live
 * windows (`liveFacts` = periodWindows × maxLags: the windows that may still be a support) and, on
 * hard, below the oracle's peak demand.
 *
 * Numbers: mean accuracy over 20 seeds (1000–1019) with the exact, model-free IdealReader (correct iff
 * the support windows are in the working context of 4 windows or in retrieved memory), fixed policies
 * from `agents/fixed` (every policy but never-store stores every non-query window and retrieves at every
 * query). "copy" = how often copying the window one period back is within tolerance, "support" = how
 * often copying (averaging) the support windows is — the ceiling of a real MAT reading perfectly.
 *
 * - **easy — recency (FIFO wins).** One 6-window season plus a harmonic, little noise, a query every
 *   3rd window, one support among the last 2 periods (the last one 82% of the time). The four slots
 *   just hold the last period's non-query windows, so FIFO finds the window one period back; LRU lets
 *   the windows it retrieved crowd it out; LFU keeps old windows. (copy 1.00, support 1.00)
 *   (never .00, FIFO .79, LRU .27, LFU .03, relevance .09, oracle 1.00; peak demand 2.5)
 * - **medium — phase selectivity (no fixed policy).** An 8-window season + a 4-window one, a query every
 *   4th window, two supports among the last 3 periods: up to 24 windows back. A phase-blind policy
 *   would need ~18 slots; the oracle needs ~4 (the two queried phases × two periods). Every fixed policy
 *   scores 0: this preset rewards learning which phases to keep. (copy 1.00, support 1.00)
 *   (never .00, FIFO .00, LRU .00, LFU .00, relevance .00, oracle 1.00; peak demand 4.4)
 * - **hard — the right period (FIFO edges).** A 10-window season + 5- and 3-window ones (the 24-point
 *   one does not divide the 80-point season), a query every 2nd window, one support: the best of the
 *   last 3 periods, spread evenly over the three lags. FIFO's six slots hold the last period, which is
 *   the best match only a third of the time; the oracle must choose among 5 phases × 3 periods and
 *   runs short of slots itself. (copy .46, support .85)
 *   (never .00, FIFO .27, LRU .17, LFU .09, relevance .11, oracle .79; peak demand 10.8)
 */
import { lookupPreset, type FamilyPreset, type PresetName } from '../common/preset.js';
import type { ForecastGeneratorOptions, ForecastParams } from './params.js';

/** A forecast preset. */
export type ForecastPreset = FamilyPreset<ForecastParams, ForecastGeneratorOptions> & {
  /** The fixed policy the preset favours (see the module doc). */
  favours: 'fifo' | 'none';
};

const GENERATOR: ForecastGeneratorOptions = { windowLen: 8, numBins: 16, maxPhases: 16, tolerance: 1 };
const SLOT_COUNT = 'ceil(periodWindows / 2) + 1';

/** The forecast presets (see the module doc for the reasoning and the measured accuracies). */
export const FORECAST_PRESETS: Readonly<Record<PresetName, ForecastPreset>> = {
  easy: {
    name: 'easy',
    favours: 'fifo',
    description: 'forecast, one 6-window season + harmonic, low noise (FIFO-friendly): 96 windows, every 3rd a query, 4 slots',
    generator: GENERATOR,
    params: {
      length: 96,
      seasonalities: [
        { period: 48, amplitude: 1.2 },
        { period: 16, amplitude: 0.3 },
      ],
      trend: 0.0008,
      noiseStd: 0.05,
      amplitudeJitter: 0.2,
      queryEvery: 3,
      supportCount: 1,
      maxLags: 2,
      valueRange: 2,
    },
    slots: 4,
    minSlots: 1,
    maxSlots: 6,
    slotCount: SLOT_COUNT,
  },
  medium: {
    name: 'medium',
    favours: 'none',
    description:
      'forecast, 8-window season + 4-window season, two supports from 3 periods (phase-selective): 128 windows, every 4th a query, 5 slots',
    generator: GENERATOR,
    params: {
      length: 128,
      seasonalities: [
        { period: 64, amplitude: 1.2 },
        { period: 32, amplitude: 0.4 },
      ],
      trend: 0.001,
      noiseStd: 0.08,
      amplitudeJitter: 0.2,
      queryEvery: 4,
      supportCount: 2,
      maxLags: 3,
      valueRange: 2,
    },
    slots: 5,
    minSlots: 2,
    maxSlots: 8,
    slotCount: SLOT_COUNT,
  },
  hard: {
    name: 'hard',
    favours: 'fifo',
    description: 'forecast, 10-window season + two more (one not dividing it), best of 3 periods: 160 windows, every 2nd a query, 6 slots',
    generator: GENERATOR,
    params: {
      length: 160,
      seasonalities: [
        { period: 80, amplitude: 1.1 },
        { period: 40, amplitude: 0.4 },
        { period: 24, amplitude: 0.25 },
      ],
      trend: 0.001,
      noiseStd: 0.08,
      amplitudeJitter: 0.25,
      queryEvery: 2,
      supportCount: 1,
      maxLags: 3,
      valueRange: 2,
    },
    slots: 6,
    minSlots: 1,
    maxSlots: 10,
    slotCount: SLOT_COUNT,
  },
};

/** The forecast preset `name`; throws `ConfigError` for an unknown name. */
export function forecastPreset(name: string): ForecastPreset {
  return lookupPreset('forecast', FORECAST_PRESETS, name);
}
