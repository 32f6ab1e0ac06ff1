import { EnvCheckError, describeValue } from '../util/errors.js';
import { findDifference } from '../util/deep-equal.js';
import { Rng } from '../util/rng.js';
import type { Env } from './env.js';
import { hasActionMasks } from './env.js';
import type { Space } from './space.js';
import { Box } from './spaces/box.js';
import { Dict } from './spaces/dict.js';
import { Discrete } from './spaces/discrete.js';
import { MultiBinary } from './spaces/multi-binary.js';
import { MultiDiscrete } from './spaces/multi-discrete.js';
import { unwrap } from './wrappers/wrapper.js';

/** Options for {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Seed for resets and for the random actions (default 0). */
  seed?: number;
  /** Steps per random rollout (default 200). */
  maxSteps?: number;
  /** Skip the "reset() without a seed does not reseed" check (for envs whose episodes ignore the seed). */
  skipNoReseedCheck?: boolean;
}

/** The outcome of one check. */
export interface EnvCheck {
  name: string;
  passed: boolean;
  /** Why it failed, or why it was skipped. */
  message?: string;
  /** True when the check did not apply (it then counts as passed). */
  skipped?: boolean;
}

/** The outcome of {@link checkEnv}. */
export interface CheckEnvResult {
  passed: boolean;
  checks: EnvCheck[];
}

type Event =
  | { kind: 'reset'; observation: unknown }
  | { kind: 'step'; action: unknown; observation: unknown; reward: number; terminated: boolean; truncated: boolean };

const INVALID_ACTION = 'INVALID_ACTION';
const RESET_NEEDED = 'RESET_NEEDED';

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? ((err as { code?: unknown }).code as string | undefined) : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : `non-error ${describeValue(err)}`;
}

function isInfo(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** A snapshot of `v`, so that envs that reuse buffers do not rewrite recorded history. */
function snapshot(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}

function sampleAction(env: Env, rng: Rng): unknown {
  return hasActionMasks(env) ? env.actionSpace.sample(rng, env.actionMasks()) : env.actionSpace.sample(rng);
}

/**
 * Random-action rollout of at most `maxSteps` steps starting with `reset({ seed })` (`reset()` when
 * `seed` is undefined). After an episode ends it resets without a seed and continues when
 * `continueAfterEnd`, else it stops.
 */
function record(env: Env, seed: number | undefined, actionSeed: number, maxSteps: number, continueAfterEnd: boolean): Event[] {
  const rng = new Rng(actionSeed);
  const events: Event[] = [];
  const first = seed === undefined ? env.reset() : env.reset({ seed });
  events.push({ kind: 'reset', observation: snapshot(first.observation) });
  for (let t = 0; t < maxSteps; t++) {
    const action = sampleAction(env, rng);
    const r = env.step(action);
    events.push({
      kind: 'step',
      action: snapshot(action),
      observation: snapshot(r.observation),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
    });
    if (r.terminated || r.truncated) {
      if (!continueAfterEnd) break;
      events.push({ kind: 'reset', observation: snapshot(env.reset().observation) });
    }
  }
  return events;
}

/** Where two recorded trajectories first differ, or undefined. */
function compare(a: Event[], b: Event[]): string | undefined {
  let step = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const ea = a[i] as Event;
    const label = ea.kind === 'reset' ? `reset before step ${step}` : `step ${step}`;
    const d = findDifference(ea, b[i]);
    if (d !== undefined) return `${label}: ${d}`;
    if (ea.kind === 'step') step++;
  }
  return a.length === b.length ? undefined : `lengths differ: ${a.length} vs ${b.length} events`;
}

/** Values that are not in `space` and should be rejected as actions. */
function invalidActionsFor(space: Space<unknown>): unknown[] {
  const c: unknown[] = [];
  if (space instanceof Discrete) {
    c.push(space.start + space.n, space.start - 1, space.start + 0.5, String(space.start), NaN);
  } else if (space instanceof MultiDiscrete) {
    const v = Int32Array.from(space.start);
    v[0] = (space.start[0] as number) + (space.nvec[0] as number);
    c.push(v, new Int32Array(space.nvec.length + 1), Array.from(space.start));
  } else if (space instanceof MultiBinary) {
    const v = new Uint8Array(space.n);
    v[0] = 2;
    c.push(v, new Uint8Array(space.n + 1), Array.from(new Uint8Array(space.n)));
  } else if (space instanceof Box) {
    const inside = new Float32Array(space.size).map((_, i) => Math.min(Math.max(0, space.low[i] as number), space.high[i] as number));
    const out = inside.slice();
    const hi = space.high[0] as number;
    const lo = space.low[0] as number;
    out[0] = Number.isFinite(hi) ? hi + Math.max(1, Math.abs(hi)) : Number.isFinite(lo) ? lo - Math.max(1, Math.abs(lo)) : NaN;
    c.push(out, new Float32Array(space.size + 1), Float64Array.from(inside));
  } else if (space instanceof Dict) {
    c.push({}, [], new Float32Array(1));
  }
  c.push('invalid', null, undefined);
  return c.filter((x) => !space.contains(x));
}

function showAction(a: unknown): string {
  return typeof a === 'object' && a !== null && !ArrayBuffer.isView(a) && !Array.isArray(a) ? JSON.stringify(a) : describeValue(a);
}

/**
 * Verifies that the envs built by `envFactory` follow the env contract (Gymnasium semantics):
 * reset/step result shapes and types, observations inside `observationSpace` over a random rollout
 * (respecting action masks), finite rewards, determinism under a seed (fresh envs and the same env
 * reset twice), `reset()` without a seed not reseeding, `step` before `reset` throwing
 * ResetNeededError on the unwrapped env, invalid and masked-out actions throwing InvalidActionError,
 * and `close()` twice. Never throws for a broken env: failures are in the result.
 */
export function checkEnv(envFactory: () => Env, opts: CheckEnvOptions = {}): CheckEnvResult {
  const seed = opts.seed ?? 0;
  const maxSteps = opts.maxSteps ?? 200;
  const actionSeed = seed + 7919;
  const opened: Env[] = [];
  const fresh = (): Env => {
    const env = envFactory();
    opened.push(env);
    return env;
  };
  const checks: EnvCheck[] = [];
  const run = (name: string, body: () => string | { skipped: string } | undefined): void => {
    try {
      const out = body();
      if (out === undefined) checks.push({ name, passed: true });
      else if (typeof out === 'string') checks.push({ name, passed: false, message: out });
      else checks.push({ name, passed: true, skipped: true, message: out.skipped });
    } catch (err) {
      checks.push({ name, passed: false, message: `threw ${errorText(err)}` });
    }
  };

  run('reset', () => {
    const env = fresh();
    const r = env.reset({ seed });
    if (!isInfo(r)) return `reset() returned ${describeValue(r)}, expected { observation, info }`;
    const why = env.observationSpace.explain(r.observation);
    if (why !== undefined) return `reset observation is not in observationSpace ${String(env.observationSpace)}: ${why}`;
    if (!isInfo(r.info)) return `reset info: expected an object, got ${describeValue(r.info)}`;
    return undefined;
  });

  // One rollout feeds three checks: result types, observations in space, finite rewards.
  const rollout = {
    api: undefined as string | undefined,
    space: undefined as string | undefined,
    reward: undefined as string | undefined,
    threw: undefined as string | undefined,
  };
  try {
    const env = fresh();
    const rng = new Rng(actionSeed);
    env.reset({ seed });
    for (let t = 0; t < maxSteps; t++) {
      const r = env.step(sampleAction(env, rng));
      const bad: string[] = [];
      if (!isInfo(r)) bad.push(`result ${describeValue(r)}`);
      else {
        for (const key of ['observation', 'reward', 'terminated', 'truncated', 'info'] as const) {
          if (!(key in r)) bad.push(`missing field "${key}"`);
        }
        if (typeof r.reward !== 'number') bad.push(`reward: expected a number, got ${describeValue(r.reward)}`);
        if (typeof r.terminated !== 'boolean') bad.push(`terminated: expected a boolean, got ${describeValue(r.terminated)}`);
        if (typeof r.truncated !== 'boolean') bad.push(`truncated: expected a boolean, got ${describeValue(r.truncated)}`);
        if (!isInfo(r.info)) bad.push(`info: expected an object, got ${describeValue(r.info)}`);
      }
      if (bad.length > 0 && rollout.api === undefined) rollout.api = `step ${t}: ${bad.join('; ')}`;
      const why = env.observationSpace.explain(r?.observation);
      if (why !== undefined && rollout.space === undefined)
        rollout.space = `step ${t}: observation not in ${String(env.observationSpace)}: ${why}`;
      if (!(typeof r?.reward === 'number' && Number.isFinite(r.reward)) && rollout.reward === undefined) {
        rollout.reward = `step ${t}: expected a finite reward, got ${describeValue(r?.reward)}`;
      }
      if (r?.terminated || r?.truncated) {
        const again = env.reset();
        const whyReset = env.observationSpace.explain(again.observation);
        if (whyReset !== undefined && rollout.space === undefined) rollout.space = `reset after step ${t}: ${whyReset}`;
      }
    }
  } catch (err) {
    rollout.threw = `random rollout threw ${errorText(err)}`;
  }
  run('step-api', () => rollout.threw ?? rollout.api);
  run('observation-in-space', () => rollout.threw ?? rollout.space);
  run('reward-finite', () => rollout.threw ?? rollout.reward);

  run('determinism-fresh-envs', () => {
    const d = compare(record(fresh(), seed, actionSeed, maxSteps, true), record(fresh(), seed, actionSeed, maxSteps, true));
    return d === undefined ? undefined : `two fresh envs reset with seed ${seed} diverge at ${d}`;
  });

  run('determinism-same-env', () => {
    const env = fresh();
    const d = compare(record(env, seed, actionSeed, maxSteps, true), record(env, seed, actionSeed, maxSteps, true));
    return d === undefined ? undefined : `the same env reset twice with seed ${seed} diverges at ${d}`;
  });

  run('no-reseed-on-reset', () => {
    if (opts.skipNoReseedCheck) return { skipped: 'skipped by option skipNoReseedCheck' };
    const t0 = record(fresh(), seed, actionSeed, maxSteps, false);
    const probe = fresh();
    const dependsOnSeed = [1, 2, 3].some((k) => compare(record(probe, seed + k, actionSeed, maxSteps, false), t0) !== undefined);
    if (!dependsOnSeed) return { skipped: 'skipped: episodes do not depend on the seed' };
    const env = fresh();
    record(env, seed, actionSeed + 1, maxSteps, false); // first episode
    const t1 = record(env, undefined, actionSeed, maxSteps, false); // reset() without a seed
    return compare(t1, t0) === undefined
      ? `reset() without a seed replayed the episode of reset({ seed: ${seed} }): the env must not reseed when no seed is given`
      : undefined;
  });

  run('step-before-reset', () => {
    const raw = unwrap(fresh());
    const action = raw.actionSpace.sample(new Rng(actionSeed));
    try {
      raw.step(action);
    } catch (err) {
      if (errorCode(err) === RESET_NEEDED) return undefined;
      return `step() before reset() on the unwrapped env threw ${errorText(err)}, expected ResetNeededError`;
    }
    return 'step() before reset() on the unwrapped env did not throw, expected ResetNeededError (the env itself must enforce it)';
  });

  run('invalid-action', () => {
    const env = fresh();
    const problems: string[] = [];
    for (const action of invalidActionsFor(env.actionSpace)) {
      env.reset({ seed });
      try {
        env.step(action);
        problems.push(`step(${showAction(action)}) did not throw`);
      } catch (err) {
        if (errorCode(err) !== INVALID_ACTION) problems.push(`step(${showAction(action)}) threw ${errorText(err)}`);
      }
    }
    return problems.length === 0
      ? undefined
      : `expected InvalidActionError for actions outside ${String(env.actionSpace)}: ${problems.join('; ')}`;
  });

  run('masked-action', () => {
    const env = fresh();
    if (!hasActionMasks(env)) return { skipped: 'skipped: the env has no actionMasks()' };
    env.reset({ seed });
    const mask = env.actionMasks();
    const masked = mask.indexOf(0);
    if (masked < 0) return { skipped: 'skipped: no action is masked out after reset' };
    const start = env.actionSpace instanceof Discrete ? env.actionSpace.start : 0;
    try {
      env.step(start + masked);
    } catch (err) {
      return errorCode(err) === INVALID_ACTION
        ? undefined
        : `step(${start + masked}) (masked out) threw ${errorText(err)}, expected InvalidActionError`;
    }
    return `step(${start + masked}) (masked out after reset) did not throw, expected InvalidActionError`;
  });

  run('close-twice', () => {
    const env = fresh();
    env.reset({ seed });
    env.close();
    env.close();
    return undefined;
  });

  for (const env of opened) {
    try {
      env.close();
    } catch {
      // Reported by close-twice when it matters.
    }
  }
  return { passed: checks.every((c) => c.passed), checks };
}

/** Runs {@link checkEnv} and throws EnvCheckError listing every failed check. */
export function assertEnv(envFactory: () => Env, opts?: CheckEnvOptions): CheckEnvResult {
  const result = checkEnv(envFactory, opts);
  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    throw new EnvCheckError(
      `env check failed (${failed.length} of ${result.checks.length}):\n${failed.map((c) => `- ${c.name}: ${c.message ?? 'failed'}`).join('\n')}`,
    );
  }
  return result;
}
