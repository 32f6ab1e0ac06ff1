/**
 * The recall generator's parameters and construction options as zod schemas (the types are inferred
 * from them); `RecallGenerator` validates every episode's parameters with {@link recallParamsSchema}.
 */
import { z } from 'zod';
import { int, number } from '../../src/util/schemas.js';

/** Key types, by how often and how soon their facts are queried. */
export const RECALL_KEY_TYPES = ['hot', 'steady', 'cold', 'volatile'] as const;
export type RecallKeyType = (typeof RECALL_KEY_TYPES)[number];

/** How keys of one type are written and queried. */
export interface RecallKeyTypeSpec {
  /** Relative chance that an update picks a key of this type (× popularity). */
  writeWeight: number;
  /** Relative chance that a query picks a key of this type (× popularity × kernel). */
  queryWeight: number;
  /** A fact is queryable once its age ≥ max(minQueryDelay, delayMin). */
  delayMin: number;
  /** Kernel `exp(−(age − minAge)/delayScale)`: queries come soon after the write; 0 = flat (no preference). */
  delayScale: number;
  /** At most this many queries per fact (per write); 0 = unlimited. */
  queriesPerFact: number;
}

const share = number({ min: 0 });
const keyTypeSpecSchema = z.strictObject({
  writeWeight: share.optional(),
  queryWeight: share.optional(),
  delayMin: share.optional(),
  delayScale: share.optional(),
  queriesPerFact: share.optional(),
});

/** Vocabulary sizing of a recall generator (fixed per generator so one MAT serves all its presets). */
export const recallGeneratorOptionsSchema = z.strictObject({
  maxKeys: int(1).default(64),
  maxValues: int(2).default(32),
  noiseTokens: int(1).default(16),
});
export type RecallGeneratorOptions = z.input<typeof recallGeneratorOptionsSchema>;

/** The parameters of one recall episode, for a generator of `maxKeys` keys and `maxValues` values. */
export function recallParamsSchema(limits: { maxKeys: number; maxValues: number }) {
  return z
    .strictObject({
      /** Keys in play (≤ the generator's maxKeys). */
      numKeys: int(1, limits.maxKeys),
      /** Distinct values (≥ 2, ≤ the generator's maxValues); a guess is right with probability 1/numValues. */
      numValues: int(2, limits.maxValues),
      /** T: items per episode. */
      length: int(1),
      /** Probability that an item is a query (when some fact is eligible). */
      queryRate: number({ min: 0, max: 1 }),
      /** Probability that an item is a noise distractor. */
      noiseRate: number({ min: 0, max: 1 }),
      /** Probability that a fact rewrites an already written key (exact while unwritten keys remain). */
      updateRate: number({ min: 0, max: 1 }),
      /** Zipf exponent of key popularity (0 = uniform). */
      zipf: number({ min: 0 }),
      /** A query's fact is at least this many steps old (contextLen + 1 puts it outside the working context). */
      minQueryDelay: int(1),
      /** Probability that a query targets a fact still inside the working context (age ≤ contextLen). */
      nearQueryRate: number({ min: 0, max: 1 }),
      /** Share of keys per type (normalised; omitted types get none). */
      typeMix: z.partialRecord(z.enum(RECALL_KEY_TYPES), share),
      /** Overrides of DEFAULT_RECALL_KEY_TYPES. */
      typeSpecs: z.partialRecord(z.enum(RECALL_KEY_TYPES), keyTypeSpecSchema).optional(),
      /** Working context W for the `liveFacts` statistic and near queries (default 4). */
      contextLen: int(0).optional(),
    })
    .superRefine((p, ctx) => {
      if (p.queryRate + p.noiseRate > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['noiseRate'],
          message: `expected queryRate + noiseRate <= 1, got ${p.queryRate + p.noiseRate}`,
        });
      }
      const total = Object.values(p.typeMix).reduce<number>((a, b) => a + (b ?? 0), 0);
      if (total <= 0) ctx.addIssue({ code: 'custom', path: ['typeMix'], message: `expected a positive total share, got ${total}` });
    });
}

/** Parameters of one recall episode. */
export type RecallParams = z.output<ReturnType<typeof recallParamsSchema>>;
