/**
 * How the points of a sweep map onto one comparison. Without swept env kwargs: the base env and one agent
 * entry per point, plus `random` and `oracle` (the normalised score's ends), every agent on the env.
 * With `env.` names: one env entry per distinct set of env values (the base env's kwargs with the point's
 * on top, labelled `<base name> slotCost=0.01`), one agent entry per distinct set of agent values, and per
 * env only the agents of its points, plus its own `random` and `oracle`: env kwargs change the task, so a
 * trial is normalised by the random and oracle accuracies on the same env. Each cell's key then covers
 * its env's kwargs, so resume and stored cells stay right.
 *
 * Entries are told apart by their contents, not their labels: two random draws whose values print alike
 * (labels round to 4 digits) are two entries, the second labelled `… #2`.
 */
import { canonicalJson } from './cell-key.js';
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
  /** Per point: the labels of its env and its agent (its row in the comparison). */
  pointRows: { env: string; agent: string }[];
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

/** `name`, or `name #2`, `name #3`, … when it is taken. */
function unique(name: string, taken: readonly string[]): string {
  let out = name;
  for (let k = 2; taken.includes(out); k++) out = `${name} #${k}`;
  return out;
}

/** The comparison of a sweep's points on the base env. */
export function sweepComparison(points: readonly SweepPoint[], base: CompareEnv): SweepComparison {
  const agentKeys: string[] = [];
  const agentNames: string[] = [];
  const agents: (Record<string, unknown> | string)[] = [];
  const envKeys: string[] = [];
  const envs: CompareEnv[] = [];
  const envAgents: number[][] = [];
  const pointRows: { env: string; agent: string }[] = [];
  for (const point of points) {
    const agentKey = canonicalJson({ ...point.agent, name: undefined });
    let a = agentKeys.indexOf(agentKey);
    if (a < 0) {
      const name = unique(String(point.agent.name), agentNames);
      a = agentKeys.push(agentKey) - 1;
      agentNames.push(name);
      agents.push({ ...point.agent, name });
    }
    const envKey = canonicalJson(point.envKwargs);
    let e = envKeys.indexOf(envKey);
    if (e < 0) {
      const name = unique(
        point.envLabel === '' ? base.name : `${base.name} ${point.envLabel}`,
        envs.map((env) => env.name),
      );
      e = envKeys.push(envKey) - 1;
      envs.push({ name, id: base.id, kwargs: mergeKwargs(base.kwargs, point.envKwargs) });
      envAgents.push([]);
    }
    const onEnv = envAgents[e] as number[];
    if (!onEnv.includes(a)) onEnv.push(a);
    pointRows.push({ env: (envs[e] as CompareEnv).name, agent: agentNames[a] as string });
  }
  const references = SWEEP_REFERENCE_AGENTS.map((_, i) => agents.length + i);
  agents.push(...SWEEP_REFERENCE_AGENTS);
  for (const onEnv of envAgents) onEnv.push(...references);
  const swept = points.some((p) => p.envLabel !== '');
  return { envs, agents, envAgents: swept ? envAgents : undefined, pointRows };
}
