/**
 * The config of `memgym capacity` (configs/capacity*.json), validated with the util/config schemas.
 */
import { ConfigError } from '../util/errors.js';
import { loadConfigFile, parseConfig, t, type Infer } from '../util/config.js';

const posInt = (min = 1): ReturnType<typeof t.number> => t.number({ integer: true, min });

const settingSchema = t.object({
  /** Run this setting (default true). */
  enabled: t.optional(t.boolean(), true),
  /** Sequence lengths n; one search per length. */
  lengths: t.array(posInt(1), { minLength: 1 }),
  /** The N grid (strictly increasing; geometric by convention). */
  counts: t.array(posInt(1), { minLength: 1 }),
});

const memorySchema = t.object({
  enabled: t.optional(t.boolean(), true),
  length: posInt(1),
  counts: t.array(posInt(1), { minLength: 1 }),
  /** Encoder widths tried in order (the "fixed small MAT" is the first that memorizes). */
  widths: t.optional(t.array(posInt(1), { minLength: 1 }), [8]),
  depth: t.optional(posInt(0), 1),
  /** Floats per memory key; default = the width. */
  keyDim: t.optional(posInt(1)),
});

/** The schema of a capacity config. */
export const capacityConfigSchema = t.object({
  seed: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** tfjs backend (default wasm, deterministic and always available). */
  backend: t.optional(t.string({ oneOf: ['auto', 'wasm', 'cpu', 'tensorflow', 'tensorflow-gpu'] }), 'wasm'),
  /** Output directory; default runs/capacity-<timestamp>. */
  out: t.optional(t.string({ minLength: 1 })),
  vocabSize: t.optional(posInt(2), 16),
  numLabels: t.optional(posInt(2), 16),
  /** The transformer size grid: every width × depth, walked in order of parameter count. */
  model: t.object({
    widths: t.array(posInt(1), { minLength: 1 }),
    depths: t.optional(t.array(posInt(0), { minLength: 1 }), [1]),
    heads: t.optional(posInt(1), 1),
    ffMult: t.optional(posInt(1), 2),
    /** Next-token read-out: the last token's row (default) or the mean over rows. */
    pool: t.optional(t.string({ oneOf: ['last', 'mean'] }), 'last'),
  }),
  /** The training recipe, identical for every model. */
  train: t.optional(
    t.object({
      learningRate: t.optional(t.number({ min: 0, minExclusive: true }), 0.01),
      maxSteps: t.optional(posInt(1), 600),
      clipNorm: t.optional(t.number({ min: 0 }), 1),
      /** Fractions of maxSteps at which the learning rate is multiplied by lrDropFactor (default none). */
      lrDrops: t.optional(t.array(t.number({ min: 0, max: 1, minExclusive: true, maxExclusive: true })), []),
      lrDropFactor: t.optional(t.number({ min: 0, max: 1, minExclusive: true }), 0.3),
    }),
    {},
  ),
  search: t.optional(
    t.object({
      /** `ascend`: first success walking up; `bisect`: binary search assuming monotone success in size. */
      strategy: t.optional(t.string({ oneOf: ['ascend', 'bisect'] }), 'ascend'),
      /** Start the next N's search at the previous N's minimum (assumes the minimum grows with N). */
      warmStart: t.optional(t.boolean(), true),
    }),
    {},
  ),
  nextToken: t.optional(settingSchema),
  seq2seq: t.optional(settingSchema),
  memory: t.optional(memorySchema),
  /** The exponent the theory predicts (Kajitsuka & Sato 2024: Õ(√N) and Õ(√(nN))). */
  theoryExponent: t.optional(t.number(), 0.5),
  /** Confidence level of the slope intervals. */
  level: t.optional(t.number({ min: 0.5, max: 0.999 }), 0.95),
});

/** A validated capacity config. */
export type CapacityConfig = Infer<typeof capacityConfigSchema>;

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
