/**
 * The forecast generator's parameters and construction options as zod schemas (the types are inferred
 * from them); `ForecastGenerator` validates every episode's parameters with {@link forecastParamsSchema}.
 */
import { z } from 'zod';
import { array, int, number, numberExpected } from '../../src/util/schemas.js';

/** Construction options (they fix the vocabulary, answer length and tolerance). */
export const forecastGeneratorOptionsSchema = z.strictObject({
  windowLen: int(1).default(8),
  numBins: int(2).default(16),
  /** Phase tokens available (≥ every preset's period in windows). */
  maxPhases: int(2).default(16),
  /** Mean absolute bin error at or under which a forecast is correct. */
  tolerance: number({ min: 0 }).default(1),
});
export type ForecastGeneratorOptions = z.input<typeof forecastGeneratorOptionsSchema>;

/** One seasonal component. */
const seasonalitySchema = z.strictObject({
  /** Period in points (the first one: a multiple of windowLen, ≥ 2 windows). */
  period: number({ min: 2 }),
  amplitude: number({ min: 0 }),
});
export type Seasonality = z.output<typeof seasonalitySchema>;

/** The parameters of one forecast episode, for a generator of `windowLen` points a window and `maxPhases` phases. */
export function forecastParamsSchema(limits: { windowLen: number; maxPhases: number }) {
  return z
    .strictObject({
      /** T: windows streamed. */
      length: int(1),
      /** The first is the dominant one that defines the phase. */
      seasonalities: array(seasonalitySchema, { minLength: 1 }),
      /** |slope| of the linear trend, value units per point. */
      trend: number({ min: 0 }),
      noiseStd: number({ min: 0 }),
      /** Relative amplitude jitter per episode, in [0, 1). */
      amplitudeJitter: number({ min: 0, max: 0.999 }),
      /** Every k-th window is a query. */
      queryEvery: int(1),
      /** Support windows per query (1 or 2). */
      supportCount: int(1, 2).transform((n) => n as 1 | 2),
      /** Candidate supports lie 1 … maxLags periods before the answer window (maxLags ≥ supportCount). */
      maxLags: int(1),
      /** Quantisation range [−valueRange, valueRange]. */
      valueRange: number({ min: 0, minExclusive: true }),
      /** Working context W for the statistics (default 4). */
      contextLen: int(0).optional(),
    })
    .superRefine((p, ctx) => {
      const first = p.seasonalities[0]?.period ?? 0;
      const P = first / limits.windowLen;
      if (!Number.isInteger(P) || P < 2 || P > limits.maxPhases) {
        ctx.addIssue({
          code: 'custom',
          path: ['seasonalities', 0, 'period'],
          message: `expected a multiple of windowLen (${limits.windowLen}) between 2 and maxPhases (${limits.maxPhases}) windows, got ${first} (${P} windows)`,
        });
      }
      if (p.maxLags < p.supportCount) {
        const expected = numberExpected({ integer: true, min: p.supportCount });
        ctx.addIssue({ code: 'custom', path: ['maxLags'], message: `expected ${expected} (at least supportCount), got ${p.maxLags}` });
      }
    });
}

/** Parameters of one forecast episode. */
export type ForecastParams = z.output<ReturnType<typeof forecastParamsSchema>>;
