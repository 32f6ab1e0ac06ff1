/**
 * The object form of an agent entry as a zod discriminated union on `type`: one strict object per type
 * (a learner, a configured fixed policy, a user's module, a saved agent), so that a key another type
 * takes is an error and an unknown type gets a "did you mean". `init` rules are refinements of the
 * policy-gradient learners. String shorthands (`"ppo"`, `"lru"`, a path) are resolved by
 * `parseAgentSpec` (src/experiment/agents.ts), which validates the object form with this schema.
 */
import { z } from 'zod';
import { looseRecord, number } from '../util/schemas.js';

/** The learners, by type name: policy-gradient (ppo, a2c, reinforce) and imitation of the oracle (bc, dagger). */
export const LEARNER_TYPES = ['ppo', 'a2c', 'reinforce', 'bc', 'dagger'] as const;
export type LearnerType = (typeof LEARNER_TYPES)[number];

/** The policy-gradient learners (the ones that take an `init`). */
export const POLICY_GRADIENT_TYPES = ['ppo', 'a2c', 'reinforce'] as const;

/** The imitation learners (they train on a privileged env: the oracle's labels). */
export const IMITATION_TYPES = ['bc', 'dagger'] as const;
export type ImitationType = (typeof IMITATION_TYPES)[number];

/** Whether `s` names an imitation learner (`bc`, `dagger`). */
export function isImitationType(s: string): s is ImitationType {
  return (IMITATION_TYPES as readonly string[]).includes(s);
}

const name = z.string().min(1).optional();
const nonEmpty = z.string().min(1);

/** A key the entry of `type` must name (the message the entries have always had). */
function required(type: string, minLength = 0): z.ZodString {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `expected a value for type "${type}", got none` : undefined) })
    .min(minLength);
}

/**
 * `init`, `initTimesteps`, `initHyperparameters` and `rolloutWorkers` refused on every type but the
 * policy-gradient learners, `rolloutOverlap` but ppo.
 */
function noInit(type: string) {
  const refusal = (key: string, types: readonly string[] = POLICY_GRADIENT_TYPES) =>
    z
      .never({
        error: () =>
          `expected ${key} only on ${types.length > 1 ? `a policy-gradient learner (${types.join(', ')})` : types[0]}, got type "${type}"`,
      })
      .optional();
  const refused = refusal('init');
  return {
    init: refused,
    initTimesteps: refused,
    initHyperparameters: refusal('initHyperparameters'),
    rolloutWorkers: refusal('rolloutWorkers'),
    rolloutOverlap: refusal('rolloutOverlap', ['ppo']),
  };
}

/**
 * `rolloutOverlap` (rollouts one update behind the policy, overlapping the update; see
 * PolicyGradientAgentOptions): PPO only, whose clipped ratio corrects for the lag; refused on a2c and
 * reinforce, which have no importance ratio.
 */
function rolloutOverlap(type: (typeof POLICY_GRADIENT_TYPES)[number]) {
  if (type === 'ppo') return z.boolean().optional();
  return z
    .never({
      error: () =>
        'expected rolloutOverlap only on ppo (its clipped ratio corrects for one update of policy lag), ' +
        `got type "${type}" (no importance ratio: lagged rollouts would bias its gradient)`,
    })
    .optional();
}

/** A policy-gradient learner, optionally started from an imitation learner or a saved agent (`init`). */
function policyGradient<T extends (typeof POLICY_GRADIENT_TYPES)[number]>(type: T) {
  return z
    .strictObject({
      type: z.literal(type),
      name,
      hyperparameters: looseRecord().optional(),
      network: looseRecord().optional(),
      /**
       * Start from `"bc"` or `"dagger"` (trained first, `initTimesteps` steps on the same env) or from a
       * saved agent directory of any learner type.
       */
      init: nonEmpty.optional(),
      /** Env steps of an imitation `init` learner (default DEFAULT_INIT_TIMESTEPS). */
      initTimesteps: number({ integer: true, min: 1 }).optional(),
      /** Hyperparameters of an imitation `init` learner, e.g. `{ "expert": "parrot" }` (its seed is the cell's). */
      initHyperparameters: looseRecord().optional(),
      /** Rollout worker processes (default 1, in-process; see PolicyGradientAgentOptions). */
      rolloutWorkers: number({ integer: true, min: 1 }).optional(),
      /** Overlap the next rollout (in worker processes) with the update, one update of policy lag; ppo only. */
      rolloutOverlap: rolloutOverlap(type),
    })
    .superRefine((spec, ctx) => {
      const imitationOnly = ['initTimesteps', 'initHyperparameters'] as const;
      if (spec.init === undefined) {
        for (const key of imitationOnly) {
          if (spec[key] !== undefined)
            ctx.addIssue({ code: 'custom', path: [key], message: 'expected it with init: "bc" or "dagger", got no init' });
        }
        return;
      }
      if (spec.network?.recurrent === true) {
        // `init` replaces the network by the one started from, which is feed-forward (bc/dagger train no other).
        ctx.addIssue({
          code: 'custom',
          path: ['init'],
          message: 'expected no init with a recurrent network (network.recurrent: true), got one',
        });
      } else if (!isImitationType(spec.init)) {
        for (const key of imitationOnly) {
          if (spec[key] === undefined) continue;
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `expected it only with init "bc" or "dagger", got init ${JSON.stringify(spec.init)}`,
          });
        }
      }
    });
}

/** An imitation learner (behaviour cloning or DAgger of the oracle). */
function imitation<T extends ImitationType>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    name,
    hyperparameters: looseRecord().optional(),
    network: looseRecord().optional(),
    ...noInit(type),
  });
}

/** The object form of an agent entry. */
export const agentSpecSchema = z.discriminatedUnion('type', [
  policyGradient('ppo'),
  policyGradient('a2c'),
  policyGradient('reinforce'),
  imitation('bc'),
  imitation('dagger'),
  z.strictObject({ type: z.literal('fixed'), name, policy: required('fixed'), params: looseRecord().optional(), ...noInit('fixed') }),
  z.strictObject({
    type: z.literal('module'),
    name,
    module: required('module', 1),
    exportName: nonEmpty.optional(),
    options: looseRecord().optional(),
    ...noInit('module'),
  }),
  z.strictObject({ type: z.literal('checkpoint'), name, checkpoint: required('checkpoint', 1), ...noInit('checkpoint') }),
]);

/** A validated agent entry (object form). */
export type AgentSpec = z.output<typeof agentSpecSchema>;

/**
 * The schema of an agent entry inside a config: any value here, resolved and validated by `parseAgentSpec`
 * (a shorthand needs the config's directory); the JSON Schema files describe it as {@link agentEntryJsonSchema}.
 */
export const agentEntry = z.unknown();

/** An agent entry as a config file writes it (for the JSON Schema files): a shorthand string or the object form. */
export const agentEntryJsonSchema = z.union([z.string(), agentSpecSchema]);

/** The path or name an entry gives under `key` when its type takes that key, else undefined. */
export function specField(spec: AgentSpec, key: 'module' | 'policy' | 'checkpoint' | 'init'): string | undefined {
  return (spec as Partial<Record<typeof key, string>>)[key];
}

/** What an entry is called in messages: its `name`, else its module, policy or checkpoint, else its type. */
export function specLabel(spec: AgentSpec): string {
  return spec.name ?? specField(spec, 'module') ?? specField(spec, 'policy') ?? specField(spec, 'checkpoint') ?? spec.type;
}
