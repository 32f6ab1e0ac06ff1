/**
 * The Agent interface, and loading a user's agent from a module path.
 *
 * An agent maps an observation (and the step's info) to a discrete action. Learned agents also `learn`
 * from a VectorEnv and `save`/`load` themselves to a directory. A user's agent is a module whose default
 * export (or a named export) is a class, a factory (sync or async), or a ready agent object:
 *
 * ```ts
 * // my-agent.ts
 * export default class StoreEverything {
 *   readonly name = 'store-everything';
 *   act(observation: { actionMask: Uint8Array }): number {
 *     return observation.actionMask[2] ? 2 : 0; // STORE_AUTO when valid, else NOOP
 *   }
 * }
 * ```
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Info } from '../core/env.js';
import type { VectorEnv } from '../core/vector.js';
import { AgentActionError, AgentError, describeValue } from '../util/errors.js';
import { checkAction, type ActionConstraints } from './action-check.js';
import type { Logger } from '../util/logger.js';
import type { RolloutEnvRecipe } from './rollout-messages.js';
import type { OnUpdate, TrainingResult } from './training-types.js';

/** Options of {@link Agent.learn}. */
export interface LearnOptions {
  /** Env steps to train for (over all sub-envs). */
  totalTimesteps: number;
  /** The run's seed (`compare`'s cell seed, `train`'s seed), for an agent that draws random numbers in `learn`. */
  seed?: number;
  logger?: Logger;
  /** Called after every update with its diagnostics; return `false` to stop. */
  onUpdate?: OnUpdate;
  /**
   * How rollout worker processes rebuild `env` (a policy-gradient learner with `rolloutWorkers` > 1 or
   * `rolloutOverlap` needs it; ignored otherwise).
   */
  rolloutEnv?: RolloutEnvRecipe;
}

/** A policy over a discrete action space. Only `name` and `act` are required. */
export interface Agent<Obs = unknown> {
  /** A short name for logs and reports, e.g. `ppo` or `lru`. */
  readonly name: string;
  /**
   * The action for one observation of one env: an integer in [0, n) that the action mask allows,
   * returned synchronously (not a Promise). Anything else is an `AgentActionError` naming the agent.
   */
  act(observation: Obs, info: Info): number;
  /** Actions for a batch (one per sub-env of a VectorEnv); `masks[i]` overrides the observation's mask. */
  actBatch?(observations: readonly Obs[], infos: readonly Info[], masks?: readonly (Uint8Array | undefined)[]): Int32Array;
  /** Called at the start of each episode (stateful agents clear their state here). */
  reset?(): void;
  /**
   * Env kwargs the training env must have, e.g. `{ privileged: true }` for an expert that reads the
   * oracle's look-ahead (as `bc` and `dagger` do); `compare` and `train` merge them over the env's kwargs
   * for training only — evaluation envs never get them.
   */
  readonly trainingEnvOptions?: Readonly<Record<string, unknown>>;
  /** Trains on a vector env. */
  learn?(env: VectorEnv<Obs, number>, options: LearnOptions): Promise<TrainingResult>;
  /** Writes the agent's state into `dir`. */
  save?(dir: string): Promise<void>;
  /** Restores a state written by `save`. */
  load?(dir: string): Promise<void>;
  /** Frees resources (tensors). */
  dispose?(): void;
}

/** Options of {@link actBatch}. */
export interface ActBatchOptions {
  /** The action count of the (single) Discrete action space; else each sub-env's mask length bounds it. */
  numActions?: number | undefined;
  /** The agent's name in errors (default `agent.name`). */
  name?: string | undefined;
  /**
   * 1 for sub-envs whose action the env ignores (next-step autoreset after the episode ended): their
   * action is checked for type and range only, not against the terminal observation's mask.
   */
  ignored?: Uint8Array | undefined;
}

function maskOf(observation: unknown, info: Info | undefined, mask: Uint8Array | undefined): Uint8Array | undefined {
  if (mask !== undefined) return mask;
  const fromObs =
    observation !== null && typeof observation === 'object' ? (observation as { actionMask?: unknown }).actionMask : undefined;
  if (fromObs instanceof Uint8Array) return fromObs;
  return info?.actionMask instanceof Uint8Array ? info.actionMask : undefined;
}

/**
 * Acts on a batch: `actBatch` when the agent has it, else `act` per observation. Every action is checked
 * (an integer in range, allowed by the mask, not a Promise): `AgentActionError` names the agent, the
 * sub-env and the value.
 */
export function actBatch<Obs>(
  agent: Agent<Obs>,
  observations: readonly Obs[],
  infos: readonly Info[],
  masks?: readonly (Uint8Array | undefined)[],
  opts: ActBatchOptions = {},
): Int32Array {
  const name = opts.name ?? (typeof agent.name === 'string' ? agent.name : 'agent');
  const B = observations.length;
  const constraints = (i: number): ActionConstraints => {
    const mask = maskOf(observations[i], infos[i], masks?.[i]);
    if (opts.ignored?.[i] !== 1) return { agent: name, subEnv: i, numActions: opts.numActions, mask };
    return { agent: name, subEnv: i, numActions: opts.numActions ?? mask?.length };
  };
  const out = new Int32Array(B);
  if (agent.actBatch) {
    const actions: unknown = calling(name, 0, 'actBatch', () => agent.actBatch?.(observations, infos, masks));
    const list = actions as ArrayLike<unknown> | null;
    if (list === null || typeof list !== 'object' || typeof list.length !== 'number' || list.length !== B) {
      throw new AgentActionError(
        name,
        0,
        actions,
        `expected actBatch() to return ${B} actions (an Int32Array or array), got ${describeValue(actions)}`,
      );
    }
    for (let i = 0; i < B; i++) out[i] = checkAction(list[i], constraints(i));
    return out;
  }
  for (let i = 0; i < B; i++) {
    const action: unknown = calling(name, i, 'act', () => agent.act(observations[i] as Obs, infos[i] ?? {}));
    out[i] = checkAction(action, constraints(i));
  }
  return out;
}

/** Runs an agent's method; what it throws becomes an `AgentError` naming the agent and the sub-env. */
function calling<T>(name: string, subEnv: number, method: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AgentActionError) throw err;
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new AgentError(`agent '${name}' (sub-env ${subEnv}): ${method}() threw ${what}`, { cause: err });
  }
}

const OPTIONAL_METHODS = ['actBatch', 'reset', 'learn', 'save', 'load', 'dispose'] as const;

/**
 * Throws `AgentError` unless `value` implements {@link Agent}: `act` must be a function, optional
 * methods must be functions when present, `name` a non-empty string. `source` names it in the message.
 */
export function assertAgent(value: unknown, source = 'agent'): asserts value is Agent {
  if (value === null || typeof value !== 'object') {
    throw new AgentError(`${source}: expected an object implementing Agent, got ${describeValue(value)}`);
  }
  const v = value as Record<string, unknown>;
  if (typeof v.act !== 'function') {
    throw new AgentError(
      `${source} does not implement the Agent interface: missing method act(observation, info) (got ${describeValue(v.act)})`,
    );
  }
  for (const m of OPTIONAL_METHODS) {
    if (v[m] !== undefined && typeof v[m] !== 'function') {
      throw new AgentError(`${source} does not implement the Agent interface: ${m} must be a method, got ${describeValue(v[m])}`);
    }
  }
  if (typeof v.name !== 'string' || v.name.length === 0) {
    throw new AgentError(
      `${source} does not implement the Agent interface: missing property name (a non-empty string), got ${describeValue(v.name)}`,
    );
  }
}

/** Options of {@link loadAgentModule}. */
export interface LoadAgentOptions {
  /** Passed to the class constructor or the factory. */
  options?: Record<string, unknown>;
  /** Resolve relative paths against this directory (default `process.cwd()`). */
  cwd?: string;
  /** Use this named export instead of the default export. */
  exportName?: string;
}

function isClass(fn: (...args: unknown[]) => unknown): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/**
 * Imports a user's agent module and returns the agent it exports. The export may be a class
 * (`new Export(options)`), a factory (`Export(options)`, may return a Promise) or an agent object.
 * Throws `AgentError` when the module cannot be imported, has no such export, or what it yields does not
 * implement {@link Agent} (the message names the missing method). A class instance without a `name`
 * gets its class name.
 */
export async function loadAgentModule(path: string, opts: LoadAgentOptions = {}): Promise<Agent> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new AgentError(`expected an agent module path, got ${describeValue(path)}`);
  }
  const isUrl = /^(file|data|node):/.test(path);
  const abs = isUrl ? path : isAbsolute(path) ? path : resolve(opts.cwd ?? process.cwd(), path);
  const specifier = isUrl ? path : pathToFileURL(abs).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    throw new AgentError(`cannot import agent module "${path}" (${abs}): ${(err as Error).message}`);
  }
  const exportName = opts.exportName ?? 'default';
  const exported = mod[exportName];
  const source = `agent module "${path}"`;
  if (exported === undefined) {
    const names = Object.keys(mod).join(', ') || '(none)';
    throw new AgentError(`${source}: expected an export "${exportName}" (a class, factory or agent object), got exports: ${names}`);
  }
  let agent: unknown;
  if (typeof exported === 'function') {
    const fn = exported as (...args: unknown[]) => unknown;
    try {
      agent = isClass(fn) ? new (fn as unknown as new (o: unknown) => unknown)(opts.options ?? {}) : await fn(opts.options ?? {});
    } catch (err) {
      if (err instanceof AgentError) throw err;
      throw new AgentError(`${source}: constructing the agent failed: ${(err as Error).message}`);
    }
    const obj = agent as Record<string, unknown> | null;
    if (obj !== null && typeof obj === 'object' && obj.name === undefined && isClass(fn) && fn.name) {
      Object.defineProperty(obj, 'name', { value: fn.name, enumerable: true });
    }
  } else {
    agent = exported;
  }
  assertAgent(agent, source);
  return agent;
}
