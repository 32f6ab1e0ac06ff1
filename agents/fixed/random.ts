/** random: a uniformly random valid action (the lower anchor of the normalised score). */
import type { MemoryObservation } from '../../envs/common/observation.js';
import { z } from 'zod';
import { number } from '../../src/util/schemas.js';
import type { Rng } from '../../src/util/rng.js';
import type { FixedPolicy } from './policy.js';

/** Params of {@link randomPolicy}. */
export interface RandomParams {
  /** Seed of the agent's generator (default 0); the same seed gives the same action sequence. */
  seed: number;
}

/** A uniform draw over the actions `observation.actionMask` allows (NOOP is always among them). */
export function decideRandom(observation: MemoryObservation, rng: Rng): number {
  const valid: number[] = [];
  const mask = observation.actionMask;
  for (let a = 0; a < mask.length; a++) if (mask[a] === 1) valid.push(a);
  return valid.length > 0 ? rng.choice(valid) : 0;
}

export const randomPolicy: FixedPolicy<RandomParams> = {
  name: 'random',
  description: 'a uniformly random valid action each step (seeded)',
  params: z.strictObject({ seed: number({ integer: true }).default(0) }),
  unlabelledParams: ['seed'],
  decide: (observation, _info, _params, context) => decideRandom(observation, context.rng),
};
