/**
 * Forecast presets. All share one vocabulary (windows of 8 points, 16 bins over [−2, 2], 16 phase
 * tokens) and tolerance 1 bin of mean absolute error, so one MAT serves them.
 *
 * - **easy:** a 48-point (6-window) season with a harmonic that divides it; copying the window one
 *   period back is always within tolerance, copying the current window (no memory) ≈ 6%. One support.
 * - **medium:** a 64-point (8-window) season + a 32-point one, more noise; support = the two best of
 *   the last three periods (averaging them is within tolerance ≈ 94%).
 * - **hard:** an 80-point (10-window) season + 40- and 24-point ones; the 24-point season does not
 *   divide 80, so the best match is often two or three periods back (copying one period back is within
 *   tolerance ≈ 46%, the best of three ≈ 84%). One support, chosen among three periods, so the windows
 *   to keep depend on the phases.
 *
 * Memory is scarce: the default `ceil(periodWindows / queryEvery) + supportCount − 1` slots is below a
 * period of windows (what a phase-blind FIFO needs: with fewer slots FIFO/LRU/LFU never hold the window
 * one period back) and at or below the oracle's peak demand (`peakNeededFacts`).
 */
import { lookupPreset, type FamilyPreset, type PresetName } from '../common/episode.js';
import type { ForecastGeneratorOptions, ForecastParams } from './generator.js';

/** A forecast preset. */
export type ForecastPreset = FamilyPreset<ForecastParams, ForecastGeneratorOptions>;

const GENERATOR: ForecastGeneratorOptions = { windowLen: 8, numBins: 16, maxPhases: 16, tolerance: 1 };
const SLOT_COUNT = 'ceil(periodWindows / queryEvery) + supportCount - 1';

/** The forecast presets. */
export const FORECAST_PRESETS: Readonly<Record<PresetName, ForecastPreset>> = {
  easy: {
    name: 'easy',
    description: 'forecast, one 6-window season + harmonic, low noise: 96 windows, every 3rd a query, 2 slots',
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
    slots: 2,
    minSlots: 1,
    maxSlots: 6,
    slotCount: SLOT_COUNT,
  },
  medium: {
    name: 'medium',
    description: 'forecast, 8-window season + 4-window season, two supports: 128 windows, every 4th a query, 3 slots',
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
    slots: 3,
    minSlots: 2,
    maxSlots: 8,
    slotCount: SLOT_COUNT,
  },
  hard: {
    name: 'hard',
    description: 'forecast, 10-window season + two more (one not dividing it): 160 windows, every 3rd a query, 4 slots',
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
      queryEvery: 3,
      supportCount: 1,
      maxLags: 3,
      valueRange: 2,
    },
    slots: 4,
    minSlots: 1,
    maxSlots: 10,
    slotCount: SLOT_COUNT,
  },
};

/** The forecast preset `name`; throws `ConfigError` for an unknown name. */
export function forecastPreset(name: string): ForecastPreset {
  return lookupPreset('forecast', FORECAST_PRESETS, name);
}
