/**
 * The bench config (`configs/bench.json`, `configs/bench-tiny.json`): which benches run, their sizes and
 * wall-clock budgets, which backends, and per-backend overrides (the cpu backend is ~40× slower than
 * wasm, so it gets shorter budgets and fewer sizes). Validated on load; unknown keys are errors.
 */
import { PRESET_NAMES } from '../../envs/common/preset.js';
import { familyOf } from '../../envs/index.js';
import { BACKEND_ORDER, type BackendName } from '../model/backend.js';
import { resolveMatConfig, type MatConfig } from '../model/config.js';
import { z } from 'zod';
import { array, looseRecord, number } from '../util/schemas.js';
import { configSchema, loadConfigFile, parseConfig } from '../util/zod-config.js';
import { ConfigError } from '../util/errors.js';

const positiveInt = (): z.ZodNumber => number({ integer: true, min: 1 });
const seconds = (): z.ZodNumber => number({ min: 0 });

/** Env-stepping benches (random policy, reader in the loop). */
export const envBenchSchema = z.strictObject({
  enabled: z.boolean().default(true),
  family: z.string().default('recall'),
  preset: z.enum(PRESET_NAMES).default('medium'),
  /** Bench a single MemoryEnv too (the reference of the VectorEnv ratios). */
  single: z.boolean().default(true),
  /** Sub-env counts B of the MemoryVectorEnv benches. */
  batchSizes: array(positiveInt()).prefault([1, 8, 32]),
  /** `mat`: a random-init MAT of the family's vocabulary in the loop; `ideal`: the model-free reader. */
  readers: array(z.enum(['mat', 'ideal'] as const), { minLength: 1 }).prefault(['mat']),
  /** Timed budget of each bench. */
  seconds: seconds().default(4),
  /** Untimed env steps at the start of each bench. */
  warmupSteps: number({ integer: true, min: 0 }).default(16),
  /** Untimed single-env stepping per reader before its first bench (JIT, caches, kernels), in seconds. */
  warmupSeconds: seconds().default(1),
});

/** End-to-end PPO training benches. */
export const ppoBenchSchema = z.strictObject({
  enabled: z.boolean().default(true),
  family: z.string().default('recall'),
  preset: z.enum(PRESET_NAMES).default('medium'),
  /** Sub-env counts B (one bench each). */
  batchSizes: array(positiveInt()).prefault([8]),
  numSteps: positiveInt().default(32),
  numMinibatches: positiveInt().default(4),
  updateEpochs: positiveInt().default(4),
  /** Timed budget of each bench, after one warm-up update. */
  seconds: seconds().default(12),
  minUpdates: positiveInt().default(1),
  /** Observations per call of the policy forward bench run with the trained network (0: skip it). */
  policyBatch: number({ integer: true, min: 0 }).default(32),
  /** Timed budget of the policy forward bench. */
  policySeconds: seconds().default(1.5),
  /** Sub-envs of the PPO bench with rollouts in `rolloutWorkers` worker processes; 0: skip it. */
  parallelBatch: number({ integer: true, min: 0 }).default(0),
  /** Rollout worker processes of that bench. */
  rolloutWorkers: number({ integer: true, min: 2 }).default(2),
  /**
   * Sub-envs of the PPO bench with `rolloutOverlap` (the next rollout in `overlapWorkers` worker
   * processes during the update, one update of policy lag); 0: skip it.
   */
  overlapBatch: number({ integer: true, min: 0 }).default(0),
  /** Rollout worker processes of that bench (1: one worker and the learner). */
  overlapWorkers: number({ integer: true, min: 1 }).default(1),
  /** Sub-envs of the recurrent PPO bench (the GRU slot policy, `network.recurrent`); 0: skip it. */
  recurrentBatch: number({ integer: true, min: 0 }).default(0),
  /** Sub-envs of the DAgger bench (privileged env, oracle labels); 0: skip it. */
  daggerBatch: number({ integer: true, min: 0 }).default(0),
  /** Env steps the DAgger bench trains (it cannot stop on a clock: its budget is split over rounds). */
  daggerTimesteps: positiveInt().default(8192),
});

/** MAT forward benches (default size unless `mat` overrides it). */
export const modelBenchSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Items encoded / queries answered per call. */
  batchSizes: array(positiveInt()).prefault([1, 8, 32]),
  /** Timed budget of each entry point per batch size. */
  seconds: seconds().default(1.5),
  minIterations: positiveInt().default(3),
});

const sectionOverride = looseRecord().optional();

/** The bench config. */
export const benchConfigSchema = configSchema({
  /** Backends to run, or `["available"]`: wasm, cpu, and tensorflow / tensorflow-gpu when installed. */
  backends: array(z.enum(['available', ...BACKEND_ORDER] as const), { minLength: 1 }).prefault(['available']),
  /** The backend the others are compared with in the ratio columns (reference / other). */
  reference: z.enum(BACKEND_ORDER as unknown as readonly [BackendName, ...BackendName[]]).default('wasm'),
  /** Run each backend in its own child process (clean tfjs state per backend). */
  isolate: z.boolean().default(true),
  seed: number({ integer: true, min: 0 }).default(0),
  /** Overrides of the MAT sizes (default: DEFAULT_MAT_CONFIG; env benches take the family's vocabulary). */
  mat: looseRecord().prefault({}),
  env: envBenchSchema.prefault({}),
  ppo: ppoBenchSchema.prefault({}),
  model: modelBenchSchema.prefault({}),
  /** Per backend, partial overrides of `env`, `ppo`, `model` (e.g. shorter budgets for cpu). */
  overrides: z.record(z.string(), z.strictObject({ env: sectionOverride, ppo: sectionOverride, model: sectionOverride })).prefault({}),
});

export type BenchConfig = z.output<typeof benchConfigSchema>;
export type EnvBenchConfig = z.output<typeof envBenchSchema>;
export type PpoBenchConfig = z.output<typeof ppoBenchSchema>;
export type ModelBenchConfig = z.output<typeof modelBenchSchema>;

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
