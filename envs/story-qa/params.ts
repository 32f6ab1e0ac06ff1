/**
 * The story generator's parameters as a zod schema (the type is inferred from it); `StoryGenerator`
 * validates every episode's parameters with {@link storyParamsSchema}.
 */
import { z } from 'zod';
import { int, number, numberExpected } from '../../src/util/schemas.js';
import { OBJECTS, PEOPLE, PLACES } from './vocab.js';

const probability = (): z.ZodNumber => number({ min: 0, max: 1 });

/** The parameters of one story episode. */
export const storyParamsSchema = z
  .strictObject({
    /** bAbI task: 1 single, 2 two, 3 three supporting facts. */
    task: int(1, 3).transform((t) => t as 1 | 2 | 3),
    numPeople: int(1, PEOPLE.length),
    numPlaces: int(2, PLACES.length),
    /** Objects in play (tasks 2–3, 1 … the object vocabulary; ignored by task 1). */
    numObjects: z.number(),
    /** T: sentences per episode. */
    length: int(1),
    queryRate: probability(),
    /** Probability that an event is a pickup (tasks 2–3). */
    pickupRate: probability(),
    /** Probability that an event is a drop (tasks 2–3); at most 1 − pickupRate. */
    dropRate: probability(),
    /** Zipf exponent of how often each person acts (0 = uniform). */
    zipf: number({ min: 0 }),
    /** A question's oldest supporting fact is at least this old (contextLen + 1 ⇒ outside the context). */
    minQueryDelay: int(1),
    /** Probability that a question's whole support is still inside the working context (answerable without memory). */
    nearQueryRate: probability(),
    /**
     * Recency of questions: a candidate whose OLDEST supporting fact is `age` steps old (how long all of
     * its support must have been remembered) is drawn with weight `exp(−(age − minQueryDelay)/delayScale)`;
     * 0 = uniform over the candidates (default 0).
     */
    delayScale: number({ min: 0 }).optional(),
    /** Working context W for near questions and the statistics (default 4). */
    contextLen: int(0).optional(),
  })
  .superRefine((p, ctx) => {
    const n = p.numObjects;
    if (p.task !== 1 && !(Number.isInteger(n) && n >= 1 && n <= OBJECTS.length)) {
      const expected = numberExpected({ integer: true, min: 1, max: OBJECTS.length });
      ctx.addIssue({ code: 'custom', path: ['numObjects'], message: `expected ${expected}, got ${n}` });
    }
    if (p.dropRate > 1 - p.pickupRate) {
      const expected = numberExpected({ min: 0, max: 1 - p.pickupRate });
      ctx.addIssue({ code: 'custom', path: ['dropRate'], message: `expected ${expected} (pickupRate + dropRate <= 1), got ${p.dropRate}` });
    }
  });

/** Parameters of one story episode. */
export type StoryParams = z.output<typeof storyParamsSchema>;
