import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env, EnvSpec } from '../../src/core/env.js';
import type { Registry } from '../../src/core/registry.js';
import type { AutoresetMode, VectorEnv } from '../../src/core/vector.js';
import { DEFAULT_RELEVANCE_EXPRESSION, RELEVANCE_VARIABLES } from '../../src/memory/relevance.js';
import { compileSlotCount } from '../../src/memory/slot-count.js';
import { loadModelSync } from '../../src/model/checkpoint.js';
import type { Mat } from '../../src/model/mat.js';
import { z } from 'zod';
import { expression, looseRecord, number } from '../../src/util/schemas.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { CheckpointError } from '../../src/util/errors.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import type { EpisodeGenerator } from './episode.js';
import { IdealReader } from './ideal-reader.js';
import { MatReader } from './mat-reader.js';
import { MemoryEnv } from './memory-env.js';
import { MemoryVectorEnv } from './memory-vector-env.js';
import type { MemoryTask } from './memory-task.js';
import { PRESET_NAMES, type FamilyPreset, type PresetName } from './preset.js';
import type { MemoryReader } from './reader.js';

/** A task family: its generator, presets and the complexity variables its slot-count formula may use. */
export interface FamilyDefinition<P, O = unknown> {
  /** Registered name, e.g. `Recall` → `memgym/Recall-v0`, `memgym/Recall-Easy-v0`. */
  name: string;
  /** The family id used for checkpoints and episodes, e.g. `recall`. */
  family: string;
  /** Builds the generator from a preset's generator options (all presets share one vocabulary). */
  makeGenerator: (options: O) => EpisodeGenerator<P>;
  presets: Readonly<Record<PresetName, FamilyPreset<P, O>>>;
  complexityVariables: readonly string[];
  /** Env version (the `-vN` suffix). */
  version: number;
}

/** The kwargs every memory env accepts (validated; unknown keys are errors). */
export const memoryEnvKwargsSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).default('medium'),
  /** `mat`: the pretrained MAT (default); `ideal`: the exact model-free reader (ablation, tests). */
  reader: z.enum(['mat', 'ideal'] as const).default('mat'),
  /** MAT checkpoint directory; default `checkpoints/<family>` in the package (one MAT serves every preset). */
  checkpoint: z.string().optional(),
  /** Overrides of the generator's parameters (validated by the generator). */
  params: looseRecord().prefault({}),
  minSlots: number({ integer: true, min: 1 }).optional(),
  maxSlots: number({ integer: true, min: 1, max: 256 }).optional(),
  /** mathjs formula N = f(complexity); default: the preset's. */
  slotCount: z.string().optional(),
  retrieveCost: number({ min: 0 }).default(0),
  slotCost: number({ min: 0 }).default(0),
  /** false masks GROW and SHRINK: N stays the formula's value (a comparison's fair, fixed budget). */
  resizable: z.boolean().default(true),
  decay: number({ min: 0, max: 1 }).default(1),
  epsilon: number({ min: 0 }).default(1e-6),
  relevance: z
    .strictObject({
      alpha: number().default(1),
      beta: number().default(1),
      gamma: number().default(1),
      expression: expression(RELEVANCE_VARIABLES).prefault(DEFAULT_RELEVANCE_EXPRESSION),
      recency: z.enum(['inverse', 'exponential'] as const).default('inverse'),
      tau: number({ min: 0, minExclusive: true }).default(10),
    })
    .prefault({}),
  writeMode: z.enum(['hard', 'soft'] as const).default('hard'),
  softWriteDecay: number({ min: 0, max: 1 }).default(1),
  observeMemory: z.boolean().default(false),
  /** Adds `info.oracle` (look-ahead for the oracle policy). */
  privileged: z.boolean().default(false),
});
export type MemoryEnvKwargs = z.output<typeof memoryEnvKwargsSchema>;

/**
 * The schema of env kwargs inside a config: an object here, validated by the env it is applied to (with
 * the preset's defaults); the JSON Schema files describe it as {@link memoryEnvKwargsSchema}.
 */
export const envKwargsField = looseRecord();

/** The default MAT checkpoint directory of a family (its generator fixes the vocabulary for all presets). */
export function defaultCheckpointDir(family: string): string {
  return join(PACKAGE_ROOT, 'checkpoints', family);
}

const modelCache = new Map<string, Mat>();

/** Loads a MAT checkpoint once per process (envs share it). The tfjs backend must be selected first. */
function cachedModel(dir: string): Mat {
  const key = resolve(dir);
  let model = modelCache.get(key);
  if (model === undefined || model.isDisposed) {
    if (!existsSync(join(key, 'model.json'))) {
      throw new CheckpointError(
        `no MAT checkpoint at ${key} (expected model.json); run \`memgym pretrain\` for it, or pass reader: "ideal"`,
      );
    }
    model = loadModelSync(key);
    modelCache.set(key, model);
  }
  return model;
}

/** Disposes every cached MAT (end of a program or test file). */
export function clearModelCache(): void {
  for (const m of modelCache.values()) m.dispose();
  modelCache.clear();
}

/** Builds the task (generator, mechanics, slot count, reader) for validated kwargs. */
export function buildTask<P, O>(def: FamilyDefinition<P, O>, rawKwargs: unknown, path = 'kwargs'): MemoryTask<P> {
  const kw = parseConfig(memoryEnvKwargsSchema, rawKwargs ?? {}, path);
  const preset = def.presets[kw.preset];
  const params = { ...preset.params, ...kw.params } as P;
  const generator = def.makeGenerator(preset.generator);
  const minSlots = kw.minSlots ?? preset.minSlots;
  const maxSlots = kw.maxSlots ?? preset.maxSlots;
  const slotCount = compileSlotCount({
    expression: kw.slotCount ?? preset.slotCount,
    minSlots,
    maxSlots,
    variables: def.complexityVariables,
    name: `${path}.slotCount`,
  });
  const family = def.family;
  let reader: MemoryReader;
  if (kw.reader === 'ideal') {
    reader = new IdealReader({ answerLen: generator.answerLen });
  } else {
    const dir = kw.checkpoint ?? defaultCheckpointDir(family);
    reader = new MatReader(cachedModel(dir), `mat(${family})`);
  }
  const { expression, ...rel } = kw.relevance;
  return {
    generator,
    params,
    slotCount,
    reader,
    privileged: kw.privileged,
    mechanics: {
      minSlots,
      maxSlots,
      retrieveCost: kw.retrieveCost,
      slotCost: kw.slotCost,
      resizable: kw.resizable,
      decay: kw.decay,
      epsilon: kw.epsilon,
      relevance: expression.source === DEFAULT_RELEVANCE_EXPRESSION ? rel : { ...rel, expression },
      writeMode: kw.writeMode,
      softWriteDecay: kw.softWriteDecay,
      observeMemory: kw.observeMemory,
      contextLen: reader.contextLen,
    },
  };
}

/** The registered id of a family preset, e.g. `memgym/Recall-Easy-v0`. */
export function presetId(def: { name: string; version: number }, preset?: PresetName): string {
  const suffix = preset ? `-${preset[0]?.toUpperCase()}${preset.slice(1)}` : '';
  return `memgym/${def.name}${suffix}-v${def.version}`;
}

/**
 * Registers `memgym/<Name>-v<N>` (kwarg `preset`, default medium) and one id per preset
 * (`memgym/<Name>-Easy-v<N>` …): registration as data.
 */
export function registerFamily<P, O>(def: FamilyDefinition<P, O>, registry: Registry): void {
  const make = (kwargs: Record<string, unknown>): Env => new MemoryEnv(buildTask(def, kwargs)) as unknown as Env;
  // One MemoryVectorEnv batches the MAT across its sub-envs (Gymnasium's vector_entry_point).
  const makeVec = (kwargs: Record<string, unknown>, numEnvs: number, mode: AutoresetMode): VectorEnv =>
    new MemoryVectorEnv(buildTask(def, kwargs), numEnvs, mode) as unknown as VectorEnv;
  const specs: EnvSpec[] = [
    {
      id: presetId(def),
      entryPoint: make,
      vectorEntryPoint: makeVec,
      kwargs: { preset: 'medium' },
      description: `${def.name} (preset via kwargs.preset; default medium)`,
    },
    ...PRESET_NAMES.map((p) => ({
      id: presetId(def, p),
      entryPoint: make,
      vectorEntryPoint: makeVec,
      kwargs: { preset: p },
      description: `${def.name} ${p}: ${def.presets[p].description}`,
    })),
  ];
  for (const spec of specs) if (!registry.has(spec.id)) registry.register(spec);
}
