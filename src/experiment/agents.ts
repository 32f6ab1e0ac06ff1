/**
 * Agents as data: the agent entries of train/eval/compare configs and the CLI's `--agent`, turned into
 * {@link Agent}s. An entry is a string shorthand or an object:
 *
 * | form                                              | agent                                                 |
 * |---------------------------------------------------|-------------------------------------------------------|
 * | `"ppo"`, `"a2c"`, `"reinforce"`, `"bc"`, `"dagger"` | a fresh learner with default hyperparameters        |
 * | `"fifo"`, `"lru"`, … (any fixed policy name)      | that fixed policy with default params                 |
 * | `"runs/train-…/agent"` (a directory with agent.json) | a saved learned agent (greedy)                      |
 * | `"./my-agent.ts"` (contains `/` or ends in .js/.ts)| a user's agent module (see `loadAgentModule`)        |
 * | `{ "type": "ppo", "hyperparameters": {…}, "network": {…} }` | a learner with overrides                   |
 * | `{ "type": "ppo", "init": "dagger" }`             | a policy-gradient learner started from an imitation learner (trained first) or a saved agent |
 * | `{ "type": "ppo", "rolloutWorkers": 2 }`          | a policy-gradient learner whose rollouts run in 2 worker processes |
 * | `{ "type": "ppo", "rolloutOverlap": true }`       | PPO whose next rollout runs in a worker process during the update (one update of policy lag) |
 * | `{ "type": "fixed", "policy": "decay", "params": { "lambda": 0.9 } }` | a configured fixed policy        |
 * | `{ "type": "module", "module": "./my-agent.ts", "options": {…} }` | a user's agent with options          |
 * | `{ "type": "checkpoint", "checkpoint": "runs/train-…/agent" }` | a saved learned agent (greedy)           |
 *
 * `name` overrides the display name in reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { A2cAgent } from '../../agents/a2c.js';
import { BcAgent } from '../../agents/bc.js';
import { DaggerAgent } from '../../agents/dagger.js';
import { FIXED_POLICY_NAMES, isFixedPolicyName, makeFixedPolicy } from '../../agents/fixed/index.js';
import type { FixedEnvRequirements } from '../../agents/fixed/policy.js';
import { PpoAgent } from '../../agents/ppo.js';
import { ReinforceAgent } from '../../agents/reinforce.js';
import { loadAgentModule, type Agent } from '../rl/agent.js';
import { AGENT_MANIFEST, type NetworkAgent } from '../rl/network-agent.js';
import { parseConfig } from '../util/zod-config.js';
import { AgentError, CheckpointError, ConfigError } from '../util/errors.js';
import { closestMatch } from '../util/strings.js';
import { type AgentSpec, agentSpecSchema, isImitationType, LEARNER_TYPES, type LearnerType } from './agent-spec-schema.js';
import { DEFAULT_EVAL_POLICY, type EvalPolicy } from './evaluate.js';

export {
  IMITATION_TYPES,
  LEARNER_TYPES,
  isImitationType,
  type AgentSpec,
  type ImitationType,
  type LearnerType,
  specField,
  specLabel,
} from './agent-spec-schema.js';

/** Env steps an `init` imitation learner trains for before its policy-gradient learner starts. */
export const DEFAULT_INIT_TIMESTEPS = 16_384;

/** A learner of any type (its hyperparameters are the concrete agent's). */
export type Learner = NetworkAgent<never> & { readonly trainingEnvOptions?: Readonly<Record<string, unknown>> };

function isModulePath(s: string): boolean {
  return s.includes('/') || /\.(c|m)?(j|t)s$/.test(s);
}

/** `p` resolved against `baseDir` (absolute paths and URLs as they are; no `baseDir`: as written). */
function resolveFrom(baseDir: string | undefined, p: string): string {
  if (baseDir === undefined || isAbsolute(p) || /^(file|data|node):/.test(p)) return p;
  return resolve(baseDir, p);
}

/**
 * Parses an agent entry (string shorthand or object) into its object form; `ConfigError` on bad input.
 * With `baseDir` (the directory of the config file the entry comes from), relative module and checkpoint
 * paths are resolved against it; without, they stay relative to the working directory.
 */
export function parseAgentSpec(value: unknown, path = 'agent', baseDir?: string): AgentSpec {
  if (typeof value === 'string') {
    if ((LEARNER_TYPES as readonly string[]).includes(value)) return { type: value as LearnerType };
    if (isFixedPolicyName(value)) return { type: 'fixed', policy: value };
    const resolved = resolveFrom(baseDir, value);
    if (existsSync(join(resolved, AGENT_MANIFEST))) return { type: 'checkpoint', checkpoint: resolved };
    if (isModulePath(value)) return { type: 'module', module: resolved };
    const known = [...LEARNER_TYPES, ...FIXED_POLICY_NAMES];
    const hint = closestMatch(value, known);
    throw new ConfigError(
      path,
      `unknown agent ${JSON.stringify(value)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : ''} (expected one of ${known.join(', ')}, or a module path like ./my-agent.ts)`,
    );
  }
  const spec = parseConfig(agentSpecSchema, value, path);
  if (spec.type === 'module') spec.module = resolveFrom(baseDir, spec.module);
  if (spec.type === 'checkpoint') spec.checkpoint = resolveFrom(baseDir, spec.checkpoint);
  if ('init' in spec && spec.init !== undefined && !isImitationType(spec.init)) spec.init = resolveFrom(baseDir, spec.init);
  return spec;
}

/** An agent built from a spec, with what its env must provide. */
export interface BuiltAgent {
  agent: Agent;
  /** Display name for reports. */
  label: string;
  /** Env kwargs the agent needs (e.g. `privileged` for the oracle, `writeMode: 'soft'` for soft-write). */
  envKwargs: FixedEnvRequirements;
  /** True for PPO/A2C/REINFORCE (which can `learn`). */
  learner: boolean;
}

/** Creates a learner of the given type. */
export function makeLearner(
  type: LearnerType,
  spec: {
    hyperparameters?: Record<string, unknown> | undefined;
    network?: Record<string, unknown> | undefined;
    rolloutWorkers?: number | undefined;
    rolloutOverlap?: boolean | undefined;
  } = {},
  deterministic = false,
): Learner {
  const opts = { hyperparameters: spec.hyperparameters, network: spec.network, deterministic } as never;
  const pgOpts = { ...(opts as object), rolloutWorkers: spec.rolloutWorkers, rolloutOverlap: spec.rolloutOverlap } as never;
  const make: Record<LearnerType, () => unknown> = {
    ppo: () => new PpoAgent(pgOpts),
    a2c: () => new A2cAgent(pgOpts),
    reinforce: () => new ReinforceAgent(pgOpts),
    bc: () => new BcAgent(opts),
    dagger: () => new DaggerAgent(opts),
  };
  return make[type]() as Learner;
}

/** Reads the learner type recorded in a saved agent's manifest. */
export function savedAgentType(dir: string): LearnerType {
  const file = join(dir, AGENT_MANIFEST);
  if (!existsSync(file))
    throw new CheckpointError(`no saved agent at ${dir} (expected ${AGENT_MANIFEST}); train one with \`memgym train\``);
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch (err) {
    throw new CheckpointError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof name !== 'string' || !(LEARNER_TYPES as readonly string[]).includes(name)) {
    throw new CheckpointError(`${file}: expected name one of ${LEARNER_TYPES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  return name as LearnerType;
}

/** Options of {@link buildAgent}. */
export interface BuildAgentOptions {
  /** How a saved learned agent acts (default `sample`). */
  evalPolicy?: EvalPolicy;
}

/** Builds the agent of a spec. Saved agents act as `opts.evalPolicy` says. */
export async function buildAgent(spec: AgentSpec, path = 'agent', opts: BuildAgentOptions = {}): Promise<BuiltAgent> {
  switch (spec.type) {
    case 'ppo':
    case 'a2c':
    case 'reinforce':
    case 'bc':
    case 'dagger': {
      const agent = makeLearner(spec.type, spec);
      // A saved agent to start from must load (fail fast); an imitation init is trained with the learner.
      if (spec.init !== undefined && !isImitationType(spec.init)) {
        try {
          await agent.initFrom(spec.init);
        } catch (err) {
          agent.dispose();
          throw new ConfigError(`${path}.init`, (err as Error).message);
        }
      }
      // The imitation init's hyperparameters must be valid before any training starts.
      if (spec.init !== undefined && isImitationType(spec.init) && spec.initHyperparameters !== undefined) {
        try {
          makeLearner(spec.init, { hyperparameters: spec.initHyperparameters }).dispose();
        } catch (err) {
          agent.dispose();
          if (!(err instanceof ConfigError)) throw err;
          throw new ConfigError(
            `${path}.initHyperparameters`,
            err.message.replace(/^config [^:]*: /, `${err.path.replace(/^hyperparameters\./, '')}: `),
          );
        }
      }
      return { agent, label: spec.name ?? spec.type, envKwargs: {}, learner: true };
    }
    case 'fixed': {
      const agent = makeFixedPolicy(spec.policy, spec.params ?? {});
      return { agent, label: spec.name ?? agent.name, envKwargs: agent.requiredEnvOptions, learner: false };
    }
    case 'module': {
      const agent = await loadAgentModule(spec.module, { options: spec.options ?? {}, exportName: spec.exportName });
      return { agent, label: spec.name ?? agent.name, envKwargs: {}, learner: false };
    }
    case 'checkpoint': {
      const dir = spec.checkpoint;
      const type = savedAgentType(dir);
      const agent = makeLearner(type, {}, (opts.evalPolicy ?? DEFAULT_EVAL_POLICY) === 'greedy');
      await agent.load(dir);
      return { agent, label: spec.name ?? `${type}(${dir})`, envKwargs: {}, learner: true };
    }
    default:
      throw new AgentError(`${path}: unsupported agent type ${JSON.stringify((spec as { type: unknown }).type)}`);
  }
}

/**
 * Builds the agent of `spec` once and disposes it, so that a bad module path, a module that does not
 * implement the interface, a bad fixed-policy param, a missing saved agent or a bad learner
 * hyperparameter or network is found before any work starts. Errors are `ConfigError`s at `path`.
 * The tfjs backend must be selected first (saved agents load their weights).
 */
export async function checkAgentSpec(spec: AgentSpec, path = 'agent'): Promise<void> {
  try {
    const built = await buildAgent(spec, path);
    built.agent.dispose?.();
  } catch (err) {
    if (err instanceof ConfigError)
      throw new ConfigError(err.path.startsWith(path) ? err.path : `${path}.${err.path}`, err.message.replace(/^config [^:]*: /, ''));
    if (err instanceof AgentError || err instanceof CheckpointError) throw new ConfigError(path, err.message);
    throw err;
  }
}

/** {@link checkAgentSpec} for every entry of a config's `agents` (paths `agents[i]`). */
export async function checkAgentSpecs(specs: readonly AgentSpec[], path = 'agents'): Promise<void> {
  for (const [i, spec] of specs.entries()) await checkAgentSpec(spec, `${path}[${i}]`);
}
