/**
 * The shape of a fixed policy and the Agent that wraps one.
 *
 * A fixed policy is a pure decision function `(observation, info, params, context) → action index` over
 * the memory env's Dict observation. The wrapper ({@link FixedPolicyAgent}) adds what is not a function
 * of one observation: the seeded generator of `random` and, per env stream, an {@link EpisodeClock} that
 * recovers the episode length T for the policies that reason in steps (decay, relevance).
 */
import type { Info } from '../../src/core/env.js';
import type { Agent } from '../../src/rl/agent.js';
import { z } from 'zod';
import { parseConfig } from '../../src/util/zod-config.js';
import { AgentError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import { asMemoryObservation, EpisodeClock, progressOf } from './slots.js';

/**
 * Env options a policy needs; the harness builds the agent's env with them.
 * - `writeMode: 'soft'`: STORE_AUTO is the seed's soft write (soft-write policy).
 * - `privileged: true`: the env puts the look-ahead `info.oracle` in every info (oracle policy).
 */
export interface FixedEnvRequirements {
  writeMode?: 'hard' | 'soft';
  privileged?: boolean;
}

/** The params of a policy without params. */
export type NoParams = Record<string, never>;

/** The schema of a policy without params: only `{}` (or nothing) is accepted. */
export const NO_PARAMS: z.ZodType<NoParams, unknown> = z.strictObject({}) as unknown as z.ZodType<NoParams, unknown>;

/** What a decision may use besides the observation, info and params. */
export interface PolicyContext {
  /** The policy's name, for error messages. */
  readonly policy: string;
  /** The agent's seeded generator (advances with every draw). */
  readonly rng: Rng;
  /**
   * The episode length T in steps, to turn `age` and `sinceAccess` (divided by T in the observation)
   * back into steps: `params.episodeLength`, else a numeric `info.episodeLength`, else what the
   * agent's clock inferred from `progress`; undefined when none is known.
   */
  readonly episodeLength: number | undefined;
}

/** A fixed policy: a name, a params schema (with defaults) and a pure decision function. */
export interface FixedPolicy<P> {
  readonly name: string;
  /** One-line description for `memgym list` and reports. */
  readonly description: string;
  /** Validates params and fills defaults (`ConfigError` on an unknown key or bad value). */
  readonly params: z.ZodType<P, unknown>;
  /** Params that do not change the policy's behaviour class; left out of the agent's display name. */
  readonly unlabelledParams?: readonly string[];
  /** Env options the policy needs (see {@link FixedEnvRequirements}). */
  readonly requirements?: Readonly<FixedEnvRequirements>;
  /** Whether the decision needs the episode length (then the agent runs an episode clock per stream). */
  readonly usesEpisodeLength?: boolean;
  /** The action for one observation; must be valid under `observation.actionMask`. */
  decide(observation: MemoryObservation, info: Info, params: Readonly<P>, context: PolicyContext): number;
}

/** Throws `AgentError` when a policy that needs T cannot know it. */
export function requireEpisodeLength(context: PolicyContext): number {
  if (context.episodeLength !== undefined) return context.episodeLength;
  throw new AgentError(
    `${context.policy}: cannot convert the normalised slot times (age/T, sinceAccess/T) to steps: expected params.episodeLength, ` +
      'a numeric info.episodeLength, or an agent that saw this episode from its first observation (progress 0), got none of them',
  );
}

function label(policy: FixedPolicy<unknown>, params: unknown, defaults: unknown): string {
  const skip = new Set(policy.unlabelledParams ?? []);
  const p = params as Record<string, unknown>;
  const d = defaults as Record<string, unknown>;
  const parts = Object.keys(p)
    .filter((k) => !skip.has(k) && p[k] !== d[k])
    .map((k) => `${k}=${String(p[k])}`);
  return parts.length > 0 ? `${policy.name}(${parts.join(',')})` : policy.name;
}

/**
 * An Agent running a fixed policy. `act` serves one env (stream 0); `actBatch` serves a VectorEnv,
 * sub-env i being stream i (each with its own episode clock). Nothing to learn, save or load.
 */
export class FixedPolicyAgent<P> implements Agent<MemoryObservation> {
  /** Display name: the policy name plus its non-default params, e.g. `decay(lambda=0.9)`. */
  readonly name: string;
  readonly policy: FixedPolicy<P>;
  readonly params: Readonly<P>;
  /** Env options the harness must build this agent's env with. */
  readonly requiredEnvOptions: Readonly<FixedEnvRequirements>;
  private readonly rng: Rng;
  private readonly clocks: EpisodeClock[] = [];

  constructor(policy: FixedPolicy<P>, params: unknown = {}) {
    this.policy = policy;
    this.params = parseConfig(policy.params, params ?? {}, policy.name);
    const defaults = parseConfig(policy.params, {}, policy.name);
    this.name = label(policy as FixedPolicy<unknown>, this.params, defaults);
    this.requiredEnvOptions = policy.requirements ?? {};
    const seed = (this.params as { seed?: unknown }).seed;
    this.rng = new Rng(typeof seed === 'number' ? seed : 0);
  }

  act(observation: MemoryObservation, info: Info = {}): number {
    return this.decideFor(0, observation, info);
  }

  actBatch(observations: readonly MemoryObservation[], infos: readonly Info[], masks?: readonly (Uint8Array | undefined)[]): Int32Array {
    const out = new Int32Array(observations.length);
    for (let i = 0; i < observations.length; i++) {
      let obs = observations[i] as MemoryObservation;
      const mask = masks?.[i];
      if (mask !== undefined) obs = { ...obs, actionMask: mask };
      out[i] = this.decideFor(i, obs, infos[i] ?? {});
    }
    return out;
  }

  private decideFor(stream: number, raw: MemoryObservation, info: Info): number {
    const obs = asMemoryObservation(raw, this.policy.name);
    let episodeLength: number | undefined;
    if (this.policy.usesEpisodeLength) {
      let clock = this.clocks[stream];
      if (clock === undefined) {
        clock = new EpisodeClock();
        this.clocks[stream] = clock;
      }
      clock.observe(progressOf(obs));
      const fromParams = (this.params as { episodeLength?: unknown }).episodeLength;
      const fromInfo = info.episodeLength;
      episodeLength =
        typeof fromParams === 'number' ? fromParams : typeof fromInfo === 'number' && fromInfo > 0 ? fromInfo : clock.episodeLength;
    }
    const action = this.policy.decide(obs, info, this.params, { policy: this.policy.name, rng: this.rng, episodeLength });
    if (obs.actionMask[action] !== 1) {
      throw new AgentError(`${this.name}: chose action ${action}, which the action mask forbids (a bug in the policy)`);
    }
    return action;
  }
}
