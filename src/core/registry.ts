import { ConfigError, UnknownEnvError, describeValue } from '../util/errors.js';
import { closestMatch } from '../util/strings.js';
import type { Env, EnvSpec } from './env.js';
import type { AutoresetMode, VectorEnv } from './vector.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { RecordEpisodeStatistics } from './wrappers/record-episode-statistics.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Valid ids: optional `namespace/`, a name, and `-vN`, e.g. `memgym/Recall-v0`. */
export const ENV_ID_PATTERN = /^(?:[\w.-]+\/)?[\w.:-]+-v\d+$/;

/** Options for {@link Registry.register}. */
export interface RegisterOptions {
  /** Replace an existing registration with the same id instead of throwing. */
  override?: boolean;
}

/** Options for {@link Registry.make}. */
export interface MakeOptions {
  /** Wrap in RecordEpisodeStatistics (default true). */
  recordEpisodeStatistics?: boolean;
}

/** Options for {@link Registry.makeVec}. */
export interface MakeVecOptions {
  numEnvs: number;
  /** Passed to every `make` call. */
  kwargs?: Record<string, unknown>;
  autoresetMode?: AutoresetMode;
  /**
   * `auto` (default): the spec's `vectorEntryPoint` when it has one (one env batching across its
   * sub-envs, e.g. the memory envs' MAT), else a SyncVectorEnv; `sync`: always a SyncVectorEnv of `make`.
   */
  mode?: 'auto' | 'sync';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `override` merged over `base`: plain objects merge recursively, everything else is replaced. */
export function mergeKwargs(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeKwargs(b, v) : v;
  }
  return out;
}

interface ParsedId {
  namespace: string | undefined;
  name: string;
  version: number | undefined;
}

function parseId(id: string): ParsedId {
  const slash = id.indexOf('/');
  const namespace = slash >= 0 ? id.slice(0, slash) : undefined;
  const rest = slash >= 0 ? id.slice(slash + 1) : id;
  const m = /^(.*)-v(\d+)$/.exec(rest);
  return m ? { namespace, name: m[1] as string, version: Number(m[2]) } : { namespace, name: rest, version: undefined };
}

/**
 * Env registrations as data (id → {@link EnvSpec}). The module-level functions (`register`, `make`,
 * `list`, `spec`, `makeVec`) use {@link defaultRegistry}; tests may build their own.
 */
export class Registry {
  private readonly specs = new Map<string, EnvSpec>();

  /** Adds `spec`. Throws ConfigError on a malformed spec, or a taken id unless `override`. */
  register(spec: EnvSpec, opts: RegisterOptions = {}): void {
    if (typeof spec !== 'object' || spec === null) throw new ConfigError('spec', `expected an EnvSpec object, got ${describeValue(spec)}`);
    if (typeof spec.id !== 'string' || !ENV_ID_PATTERN.test(spec.id)) {
      throw new ConfigError(
        'spec.id',
        `expected an id like "namespace/Name-v0" matching ${String(ENV_ID_PATTERN)}, got ${describeValue(spec.id)}`,
      );
    }
    if (typeof spec.entryPoint !== 'function') {
      throw new ConfigError('spec.entryPoint', `expected a function (kwargs) => Env, got ${describeValue(spec.entryPoint)}`);
    }
    if (spec.kwargs !== undefined && !isPlainObject(spec.kwargs)) {
      throw new ConfigError('spec.kwargs', `expected a plain object, got ${describeValue(spec.kwargs)}`);
    }
    checkMaxSteps('spec.maxEpisodeSteps', spec.maxEpisodeSteps);
    if (this.specs.has(spec.id) && !opts.override) {
      throw new ConfigError(
        'spec.id',
        `expected a new id, got "${spec.id}" which is already registered; pass { override: true } to replace it`,
      );
    }
    this.specs.set(spec.id, { ...spec, kwargs: { ...(spec.kwargs ?? {}) } });
  }

  /** Removes a registration; returns whether it existed. */
  unregister(id: string): boolean {
    return this.specs.delete(id);
  }

  /** True when `id` is registered. */
  has(id: string): boolean {
    return this.specs.has(id);
  }

  /** The spec of `id`; throws UnknownEnvError (with a suggestion) when it is not registered. */
  spec(id: string): EnvSpec {
    const s = this.specs.get(id);
    if (!s) throw new UnknownEnvError(id, this.suggest(id), this.ids());
    return s;
  }

  /** All specs, sorted by id. */
  list(): EnvSpec[] {
    return [...this.specs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Registered ids, sorted. */
  ids(): string[] {
    return this.list().map((s) => s.id);
  }

  /**
   * The registered id the user most likely meant: same name with another version (the closest
   * version, preferring the highest), the same id in another namespace or case, else the closest
   * id by Levenshtein distance; `undefined` when nothing is close.
   */
  suggest(id: string): string | undefined {
    const ids = this.ids();
    if (ids.length === 0 || typeof id !== 'string') return undefined;
    const want = parseId(id);
    const sameName = ids.map((k) => ({ id: k, p: parseId(k) })).filter(({ p }) => p.name.toLowerCase() === want.name.toLowerCase());
    if (sameName.length > 0) {
      const score = ({ p }: { p: ParsedId }): number[] => [
        (p.namespace ?? '').toLowerCase() === (want.namespace ?? '').toLowerCase() ? 0 : 1,
        want.version === undefined || p.version === undefined ? 0 : Math.abs(p.version - want.version),
        -(p.version ?? 0),
      ];
      sameName.sort((a, b) => {
        const sa = score(a);
        const sb = score(b);
        for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sa[i] as number) - (sb[i] as number);
        return 0;
      });
      return (sameName[0] as { id: string }).id;
    }
    const full = closestMatch(id, ids);
    if (full !== undefined) return full;
    // A missing or wrong namespace: compare the part after the slash.
    const bare = id.slice(id.indexOf('/') + 1);
    const bareIds = ids.map((k) => k.slice(k.indexOf('/') + 1));
    const hit = closestMatch(bare, bareIds);
    return hit === undefined ? undefined : ids[bareIds.indexOf(hit)];
  }

  /**
   * Builds the env of `id`: `entryPoint(spec.kwargs merged with kwargs)`, then TimeLimit (when
   * maxEpisodeSteps is set; `kwargs.maxEpisodeSteps` overrides it, `null` disables it and the key is
   * not passed to the entry point), OrderEnforcing (unless `spec.orderEnforce === false`; outside
   * TimeLimit so that stepping after a time-limit truncation is caught too) and
   * RecordEpisodeStatistics. The base env's `spec` is set to the effective spec.
   */
  make<Obs = unknown, Act = unknown>(id: string, kwargs: Record<string, unknown> = {}, opts: MakeOptions = {}): Env<Obs, Act> {
    const spec = this.spec(id);
    if (!isPlainObject(kwargs)) throw new ConfigError('kwargs', `expected a plain object, got ${describeValue(kwargs)}`);
    const { maxEpisodeSteps: maxOverride, ...rest } = kwargs;
    let maxEpisodeSteps = spec.maxEpisodeSteps;
    if (maxOverride === null) maxEpisodeSteps = undefined;
    else if (maxOverride !== undefined) {
      checkMaxSteps('kwargs.maxEpisodeSteps', maxOverride);
      maxEpisodeSteps = maxOverride as number;
    }
    const merged = mergeKwargs(spec.kwargs, rest);
    const base = spec.entryPoint(merged);
    if (typeof base !== 'object' || base === null || typeof base.step !== 'function' || typeof base.reset !== 'function') {
      throw new ConfigError('spec.entryPoint', `expected the entry point of "${id}" to return an Env, got ${describeValue(base)}`);
    }
    base.spec = { ...spec, kwargs: merged, maxEpisodeSteps };
    let env: Env = base;
    if (maxEpisodeSteps !== undefined) env = new TimeLimit(env, maxEpisodeSteps);
    if (spec.orderEnforce !== false) env = new OrderEnforcing(env);
    if (opts.recordEpisodeStatistics !== false) env = new RecordEpisodeStatistics(env);
    return env as Env<Obs, Act>;
  }

  /**
   * A vector env of `numEnvs` copies of `id`: the spec's `vectorEntryPoint` (with the spec's kwargs
   * merged with `kwargs`) when it has one and `mode` is not `sync`, else a SyncVectorEnv of
   * `make(id, kwargs)`.
   */
  makeVec<Obs = unknown, Act = unknown>(id: string, opts: MakeVecOptions): VectorEnv<Obs, Act> {
    const numEnvs = opts?.numEnvs;
    if (typeof numEnvs !== 'number' || !Number.isSafeInteger(numEnvs) || numEnvs <= 0) {
      throw new ConfigError('numEnvs', `expected a positive integer, got ${describeValue(numEnvs)}`);
    }
    const spec = this.spec(id); // fail fast on an unknown id
    if (spec.vectorEntryPoint && opts.mode !== 'sync') {
      const kwargs = opts.kwargs ?? {};
      if (!isPlainObject(kwargs)) throw new ConfigError('kwargs', `expected a plain object, got ${describeValue(kwargs)}`);
      return spec.vectorEntryPoint(mergeKwargs(spec.kwargs, kwargs), numEnvs, opts.autoresetMode ?? 'next-step') as VectorEnv<Obs, Act>;
    }
    const factories = Array.from({ length: numEnvs }, () => () => this.make<Obs, Act>(id, opts.kwargs ?? {}));
    return new SyncVectorEnv<Obs, Act>(factories, opts.autoresetMode ? { autoresetMode: opts.autoresetMode } : {});
  }
}

function checkMaxSteps(path: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new ConfigError(path, `expected a positive integer, got ${describeValue(v)}`);
  }
}

/** The registry behind the module-level functions; envs/ register their ids here. */
export const defaultRegistry = new Registry();

/** Registers `spec` in the default registry (see {@link Registry.register}). */
export function register(spec: EnvSpec, opts?: RegisterOptions): void {
  defaultRegistry.register(spec, opts);
}

/** Builds a registered env with the standard wrappers (see {@link Registry.make}). */
export function make<Obs = unknown, Act = unknown>(id: string, kwargs?: Record<string, unknown>, opts?: MakeOptions): Env<Obs, Act> {
  return defaultRegistry.make<Obs, Act>(id, kwargs, opts);
}

/** A SyncVectorEnv of made envs (see {@link Registry.makeVec}). */
export function makeVec<Obs = unknown, Act = unknown>(id: string, opts: MakeVecOptions): VectorEnv<Obs, Act> {
  return defaultRegistry.makeVec<Obs, Act>(id, opts);
}

/** Registered specs, sorted by id. */
export function list(): EnvSpec[] {
  return defaultRegistry.list();
}

/** The spec of a registered id; throws UnknownEnvError with a suggestion otherwise. */
export function spec(id: string): EnvSpec {
  return defaultRegistry.spec(id);
}
