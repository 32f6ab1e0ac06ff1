/**
 * The bench config (`configs/bench.json`, `configs/bench-tiny.json`): which benches run, their sizes and
 * wall-clock budgets, which backends, and per-backend overrides (the cpu backend is ~40× slower than
 * wasm, so it gets shorter budgets and fewer sizes). Validated on load; unknown keys are errors.
 */
import { PRESET_NAMES } from '../../envs/common/episode.js';
import { familyOf } from '../../envs/index.js';
import { BACKEND_ORDER, type BackendName } from '../model/backend.js';
import { resolveMatConfig, type MatConfig } from '../model/config.js';
import { loadConfigFile, parseConfig, t, type Infer } from '../util/config.js';
import { ConfigError } from '../util/errors.js';

const positiveInt = (): ReturnType<typeof t.number> => t.number({ integer: true, min: 1 });
const seconds = (): ReturnType<typeof t.number> => t.number({ min: 0 });

/** Env-stepping benches (random policy, reader in the loop). */
export const envBenchSchema = t.object({
  enabled: t.optional(t.boolean(), true),
  family: t.optional(t.string(), 'recall'),
  preset: t.optional(t.string({ oneOf: PRESET_NAMES }), 'medium'),
  /** Bench a single MemoryEnv too (the reference of the VectorEnv ratios). */
  single: t.optional(t.boolean(), true),
  /** Sub-env counts B of the MemoryVectorEnv benches. */
  batchSizes: t.optional(t.array(positiveInt()), [1, 8, 32]),
  /** `mat`: a random-init MAT of the family's vocabulary in the loop; `ideal`: the model-free reader. */
  readers: t.optional(t.array(t.string({ oneOf: ['mat', 'ideal'] as const }), { minLength: 1 }), ['mat']),
  /** Timed budget of each bench. */
  seconds: t.optional(seconds(), 4),
  /** Untimed env steps at the start of each bench. */
  warmupSteps: t.optional(t.number({ integer: true, min: 0 }), 16),
  /** Untimed single-env stepping per reader before its first bench (JIT, caches, kernels), in seconds. */
  warmupSeconds: t.optional(seconds(), 1),
});

/** End-to-end PPO training benches. */
export const ppoBenchSchema = t.object({
  enabled: t.optional(t.boolean(), true),
  family: t.optional(t.string(), 'recall'),
  preset: t.optional(t.string({ oneOf: PRESET_NAMES }), 'medium'),
  /** Sub-env counts B (one bench each). */
  batchSizes: t.optional(t.array(positiveInt()), [8]),
  numSteps: t.optional(positiveInt(), 32),
  numMinibatches: t.optional(positiveInt(), 4),
  updateEpochs: t.optional(positiveInt(), 4),
  /** Timed budget of each bench, after one warm-up update. */
  seconds: t.optional(seconds(), 12),
  minUpdates: t.optional(positiveInt(), 1),
  /** Observations per call of the policy forward bench run with the trained network (0: skip it). */
  policyBatch: t.optional(t.number({ integer: true, min: 0 }), 32),
  /** Timed budget of the policy forward bench. */
  policySeconds: t.optional(seconds(), 1.5),
  /** Sub-envs of the PPO bench with rollouts in `rolloutWorkers` worker processes; 0: skip it. */
  parallelBatch: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** Rollout worker processes of that bench. */
  rolloutWorkers: t.optional(t.number({ integer: true, min: 2 }), 2),
  /** Sub-envs of the recurrent PPO bench (the GRU slot policy, `network.recurrent`); 0: skip it. */
  recurrentBatch: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** Sub-envs of the DAgger bench (privileged env, oracle labels); 0: skip it. */
  daggerBatch: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** Env steps the DAgger bench trains (it cannot stop on a clock: its budget is split over rounds). */
  daggerTimesteps: t.optional(positiveInt(), 8192),
});

/** MAT forward benches (default size unless `mat` overrides it). */
export const modelBenchSchema = t.object({
  enabled: t.optional(t.boolean(), true),
  /** Items encoded / queries answered per call. */
  batchSizes: t.optional(t.array(positiveInt()), [1, 8, 32]),
  /** Timed budget of each entry point per batch size. */
  seconds: t.optional(seconds(), 1.5),
  minIterations: t.optional(positiveInt(), 3),
});

const sectionOverride = t.optional(t.record(t.unknown()));

/** The bench config. */
export const benchConfigSchema = t.object({
  /** Backends to run, or `["available"]`: wasm, cpu, and tensorflow / tensorflow-gpu when installed. */
  backends: t.optional(t.array(t.string({ oneOf: ['available', ...BACKEND_ORDER] as const }), { minLength: 1 }), ['available']),
  /** The backend the others are compared with in the ratio columns (reference / other). */
  reference: t.optional(t.string({ oneOf: BACKEND_ORDER as unknown as readonly [BackendName, ...BackendName[]] }), 'wasm'),
  /** Run each backend in its own child process (clean tfjs state per backend). */
  isolate: t.optional(t.boolean(), true),
  seed: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** Overrides of the MAT sizes (default: DEFAULT_MAT_CONFIG; env benches take the family's vocabulary). */
  mat: t.optional(t.record(t.unknown()), {}),
  env: t.optional(envBenchSchema, {}),
  ppo: t.optional(ppoBenchSchema, {}),
  model: t.optional(modelBenchSchema, {}),
  /** Per backend, partial overrides of `env`, `ppo`, `model` (e.g. shorter budgets for cpu). */
  overrides: t.optional(t.record(t.object({ env: sectionOverride, ppo: sectionOverride, model: sectionOverride })), {}),
});

export type BenchConfig = Infer<typeof benchConfigSchema>;
export type EnvBenchConfig = Infer<typeof envBenchSchema>;
export type PpoBenchConfig = Infer<typeof ppoBenchSchema>;
export type ModelBenchConfig = Infer<typeof modelBenchSchema>;

/** The sections of the config one backend runs with (overrides applied). */
export interface BackendBenchSettings {
  mat: Partial<MatConfig>;
  env: EnvBenchConfig;
  ppo: PpoBenchConfig;
  model: ModelBenchConfig;
}

/** The settings of `backend`: each section with that backend's overrides merged in and validated. */
export function settingsFor(config: BenchConfig, backend: BackendName): BackendBenchSettings {
  const o = config.overrides[backend] ?? {};
  const path = `overrides.${backend}`;
  return {
    mat: config.mat as Partial<MatConfig>,
    env: o.env ? parseConfig(envBenchSchema, { ...config.env, ...o.env }, `${path}.env`) : config.env,
    ppo: o.ppo ? parseConfig(ppoBenchSchema, { ...config.ppo, ...o.ppo }, `${path}.ppo`) : config.ppo,
    model: o.model ? parseConfig(modelBenchSchema, { ...config.model, ...o.model }, `${path}.model`) : config.model,
  };
}

function checkFamily(path: string, family: string): void {
  try {
    familyOf(family);
  } catch (err) {
    throw new ConfigError(path, (err as Error).message.replace(/^config family: /, ''));
  }
}

/** The checks past the schema: families, MAT overrides, and every backend's overrides. */
function checkBenchConfig(config: BenchConfig): BenchConfig {
  resolveMatConfig(config.mat as Partial<MatConfig>, 'mat');
  checkFamily('env.family', config.env.family);
  checkFamily('ppo.family', config.ppo.family);
  for (const backend of Object.keys(config.overrides)) {
    if (!(BACKEND_ORDER as readonly string[]).includes(backend)) {
      throw new ConfigError(
        `overrides.${backend}`,
        `expected a backend name (${BACKEND_ORDER.join(', ')}), got ${JSON.stringify(backend)}`,
      );
    }
    const s = settingsFor(config, backend as BackendName);
    checkFamily(`overrides.${backend}.env.family`, s.env.family);
    checkFamily(`overrides.${backend}.ppo.family`, s.ppo.family);
  }
  return config;
}

/**
 * Validates a bench config (defaults filled in): the schema, the families, the MAT overrides, and every
 * backend's overrides.
 * @throws ConfigError naming the dotted path of the first problem.
 */
export function parseBenchConfig(value: unknown): BenchConfig {
  return checkBenchConfig(parseConfig(benchConfigSchema, value ?? {}));
}

/** Reads and validates a bench config file (see {@link parseBenchConfig}). */
export function loadBenchConfig(file: string): BenchConfig {
  return checkBenchConfig(loadConfigFile(file, benchConfigSchema));
}
