/**
 * How the points of a sweep map onto one comparison. Without swept env kwargs: the base env and one agent
 * entry per point, plus `random` and `oracle` (the normalised score's ends), every agent on the env.
 * With `env.` names: one env entry per distinct set of env values (the base env's kwargs with the point's
 * on top, labelled `<base name> slotCost=0.01`), one agent entry per distinct set of agent values, and per
 * env only the agents of its points, plus its own `random` and `oracle`: env kwargs change the task, so a
 * trial is normalised by the random and oracle accuracies on the same env. Each cell's key then covers
 * its env's kwargs, so resume and stored cells stay right.
 */
import type { CompareEnv } from './compare.js';
import type { SweepPoint } from './sweep.js';

/** The agents every env of a sweep also runs, for the normalised score (random 0, oracle 1). */
export const SWEEP_REFERENCE_AGENTS = ['random', 'oracle'] as const;

/** A sweep as one comparison (see the module comment). */
export interface SweepComparison {
  envs: CompareEnv[];
  /** Agent entries: the points' distinct ones, then {@link SWEEP_REFERENCE_AGENTS}. */
  agents: (Record<string, unknown> | string)[];
  /** Per env: the indices into `agents` that run on it; undefined when every agent runs on every env. */
  envAgents: number[][] | undefined;
  /** Per point: the label of its env (its row is this env's row of its agent). */
  pointEnvs: string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `base` with `over` on top, objects merged key by key (so `env.relevance.alpha` keeps the other weights). */
export function mergeKwargs(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeKwargs(b, v) : v;
  }
  return out;
}

/** The comparison of a sweep's points on the base env. */
export function sweepComparison(points: readonly SweepPoint[], base: CompareEnv): SweepComparison {
  const agentNames: string[] = [];
  const agents: (Record<string, unknown> | string)[] = [];
  const envs: CompareEnv[] = [];
  const envAgents: number[][] = [];
  const pointEnvs: string[] = [];
  for (const point of points) {
    const agentName = String(point.agent.name);
    let a = agentNames.indexOf(agentName);
    if (a < 0) {
      a = agentNames.push(agentName) - 1;
      agents.push(point.agent);
    }
    const envName = point.envLabel === '' ? base.name : `${base.name} ${point.envLabel}`;
    let e = envs.findIndex((env) => env.name === envName);
    if (e < 0) {
      e = envs.push({ name: envName, id: base.id, kwargs: mergeKwargs(base.kwargs, point.envKwargs) }) - 1;
      envAgents.push([]);
    }
    const onEnv = envAgents[e] as number[];
    if (!onEnv.includes(a)) onEnv.push(a);
    pointEnvs.push(envName);
  }
  const references = SWEEP_REFERENCE_AGENTS.map((_, i) => agents.length + i);
  agents.push(...SWEEP_REFERENCE_AGENTS);
  for (const onEnv of envAgents) onEnv.push(...references);
  const swept = points.some((p) => p.envLabel !== '');
  return { envs, agents, envAgents: swept ? envAgents : undefined, pointEnvs };
}
