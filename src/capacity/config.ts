/**
 * The config of `memgym capacity` (configs/capacity*.json), validated with zod (src/util/zod-config.ts).
 */
import { ConfigError } from '../util/errors.js';
import { z } from 'zod';
import { array, number } from '../util/schemas.js';
import { configSchema, loadConfigFile, parseConfig } from '../util/zod-config.js';

const posInt = (min = 1): z.ZodNumber => number({ integer: true, min });

const settingSchema = z.strictObject({
  /** Run this setting (default true). */
  enabled: z.boolean().default(true),
  /** Sequence lengths n; one search per length. */
  lengths: array(posInt(1), { minLength: 1 }),
  /** The N grid (strictly increasing; geometric by convention). */
  counts: array(posInt(1), { minLength: 1 }),
});

const memorySchema = z.strictObject({
  enabled: z.boolean().default(true),
  length: posInt(1),
  counts: array(posInt(1), { minLength: 1 }),
  /** Encoder widths tried in order (the "fixed small MAT" is the first that memorizes). */
  widths: array(posInt(1), { minLength: 1 }).prefault([8]),
  depth: posInt(0).default(1),
  /** Floats per memory key; default = the width. */
  keyDim: posInt(1).optional(),
});

/** The schema of a capacity config. */
export const capacityConfigSchema = configSchema({
  seed: number({ integer: true, min: 0 }).default(0),
  /** tfjs backend (default wasm, deterministic and always available). */
  backend: z.enum(['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).default('wasm'),
  /** Output directory; default runs/capacity-<timestamp>. */
  out: z.string().min(1).optional(),
  vocabSize: posInt(2).default(16),
  numLabels: posInt(2).default(16),
  /** The transformer size grid: every width × depth, walked in order of parameter count. */
  model: z.strictObject({
    widths: array(posInt(1), { minLength: 1 }),
    depths: array(posInt(0), { minLength: 1 }).prefault([1]),
    heads: posInt(1).default(1),
    ffMult: posInt(1).default(2),
    /** Next-token read-out: the last token's row (default) or the mean over rows. */
    pool: z.enum(['last', 'mean']).default('last'),
  }),
  /** The training recipe, identical for every model. */
  train: z
    .strictObject({
      learningRate: number({ min: 0, minExclusive: true }).default(0.01),
      maxSteps: posInt(1).default(600),
      clipNorm: number({ min: 0 }).default(1),
      /** Fractions of maxSteps at which the learning rate is multiplied by lrDropFactor (default none). */
      lrDrops: array(number({ min: 0, max: 1, minExclusive: true, maxExclusive: true })).prefault([]),
      lrDropFactor: number({ min: 0, max: 1, minExclusive: true }).default(0.3),
    })
    .prefault({}),
  search: z
    .strictObject({
      /** `ascend`: first success walking up; `bisect`: binary search assuming monotone success in size. */
      strategy: z.enum(['ascend', 'bisect']).default('ascend'),
      /** Start the next N's search at the previous N's minimum (assumes the minimum grows with N). */
      warmStart: z.boolean().default(true),
    })
    .prefault({}),
  nextToken: settingSchema.optional(),
  seq2seq: settingSchema.optional(),
  memory: memorySchema.optional(),
  /** The exponent the theory predicts (Kajitsuka & Sato 2024: Õ(√N) and Õ(√(nN))). */
  theoryExponent: number().default(0.5),
  /** Confidence level of the slope intervals. */
  level: number({ min: 0.5, max: 0.999 }).default(0.95),
});

/** A validated capacity config. */
export type CapacityConfig = z.output<typeof capacityConfigSchema>;

function checkIncreasing(path: string, xs: readonly number[]): void {
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] as number) <= (xs[i - 1] as number)) {
      throw new ConfigError(`${path}[${i}]`, `expected a strictly increasing list, got ${xs[i]} after ${xs[i - 1]}`);
    }
  }
}

function checkSemantics(c: CapacityConfig): CapacityConfig {
  for (const [i, w] of c.model.widths.entries()) {
    if (w % c.model.heads !== 0)
      throw new ConfigError(`model.widths[${i}]`, `expected a multiple of model.heads = ${c.model.heads}, got ${w}`);
  }
  for (const key of ['nextToken', 'seq2seq'] as const) {
    const s = c[key];
    if (s) checkIncreasing(`${key}.counts`, s.counts);
  }
  if (c.memory) {
    checkIncreasing('memory.counts', c.memory.counts);
    for (const [i, w] of c.memory.widths.entries()) {
      if (w % c.model.heads !== 0)
        throw new ConfigError(`memory.widths[${i}]`, `expected a multiple of model.heads = ${c.model.heads}, got ${w}`);
    }
  }
  const any = [c.nextToken, c.seq2seq, c.memory].some((s) => s?.enabled);
  if (!any) throw new ConfigError('', 'expected at least one of nextToken, seq2seq, memory to be present and enabled, got none');
  return c;
}

/** Validates a parsed JSON value as a capacity config. */
export function parseCapacityConfig(value: unknown): CapacityConfig {
  return checkSemantics(parseConfig(capacityConfigSchema, value));
}

/** Reads and validates a capacity config file. */
export function loadCapacityConfig(file: string): CapacityConfig {
  const c = loadConfigFile(file, capacityConfigSchema);
  try {
    return checkSemantics(c);
  } catch (err) {
    if (err instanceof ConfigError) err.message = `${err.message} (in ${file})`;
    throw err;
  }
}
