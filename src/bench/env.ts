/**
 * Env-stepping benchmark: steps/s of a single {@link MemoryEnv} and of a {@link MemoryVectorEnv} with B
 * sub-envs, driven by the random policy (a uniform valid action), the reader (a MAT, or the model-free
 * ideal reader for comparison) in the loop. A vector step of B sub-envs counts as B env steps (autoreset
 * steps included). The MAT's weights are random: they do not change the speed.
 */
import type { FamilyDefinition } from '../../envs/common/family.js';
import { buildTask } from '../../envs/common/family.js';
import { MatReader } from '../../envs/common/mat-reader.js';
import { MemoryEnv } from '../../envs/common/memory-env.js';
import type { MemoryTask } from '../../envs/common/memory-task.js';
import { MemoryVectorEnv } from '../../envs/common/memory-vector-env.js';
import type { MemoryObservation } from '../../envs/common/observation.js';
import type { PresetName } from '../../envs/common/preset.js';
import { familyMatConfig } from '../../envs/common/pretraining.js';
import { decideRandom } from '../../agents/fixed/random.js';
import { Mat } from '../model/mat.js';
import type { MatConfig } from '../model/config.js';
import { Rng } from '../util/rng.js';
import { perSecond, timeLoop } from './timing.js';

/** The reader of a benchmarked env: a (random-init) MAT, or the exact model-free reader. */
export type BenchReader = 'mat' | 'ideal';

/** A family's MAT config (its vocabulary, item and answer length) with `overrides` of the sizes. */
export function benchMatConfig<P, O>(
  def: FamilyDefinition<P, O>,
  preset: PresetName,
  overrides: Partial<MatConfig> = {},
): Partial<MatConfig> {
  const generator = def.makeGenerator(def.presets[preset].generator);
  return familyMatConfig(generator, overrides);
}

/** A random-init MAT for a family (created on the active backend; the caller disposes it). */
export function createBenchMat<P, O>(def: FamilyDefinition<P, O>, preset: PresetName, overrides: Partial<MatConfig> = {}): Mat {
  return Mat.create(benchMatConfig(def, preset, overrides));
}

/**
 * The task of a family preset as `buildTask` makes it, with the given MAT as reader (no checkpoint
 * needed), or the ideal reader when `model` is null.
 */
export function benchTask<P, O>(
  def: FamilyDefinition<P, O>,
  preset: PresetName,
  model: Mat | null,
  kwargs: Record<string, unknown> = {},
): MemoryTask<P> {
  const base = buildTask(def, { ...kwargs, preset, reader: 'ideal' });
  if (model === null) return base;
  const reader = new MatReader(model, `mat(${def.family}, random init)`);
  return { ...base, reader, mechanics: { ...base.mechanics, contextLen: reader.contextLen } };
}

/** Options of {@link benchEnv}. */
export interface EnvBenchOptions<P = unknown> {
  task: MemoryTask<P>;
  /** null: a single MemoryEnv; B ≥ 1: a MemoryVectorEnv with B sub-envs. */
  numEnvs: number | null;
  /** Timed wall-clock budget in seconds. */
  seconds: number;
  /** Untimed env steps first (default 16; vector steps for a vector env). */
  warmupSteps?: number;
  /** Seed of the episodes and of the random policy (default 0). */
  seed?: number;
}

/** What {@link benchEnv} measured. */
export interface EnvBenchResult {
  kind: 'single' | 'vector';
  /** 1 for a single env. */
  numEnvs: number;
  reader: string;
  /** Env steps timed (B per vector step). */
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  /** Episodes finished in the timed part. */
  episodes: number;
}

/** Times env steps with the random policy; see the module doc. */
export function benchEnv<P>(opts: EnvBenchOptions<P>): EnvBenchResult {
  const seed = opts.seed ?? 0;
  const rng = new Rng(`${seed}/bench-policy`);
  const warmupIterations = opts.warmupSteps ?? 16;
  const reader = opts.task.reader.name;
  // Episodes are counted in the timed calls only (the first `warmupIterations` calls are untimed).
  let calls = 0;
  let episodes = 0;
  if (opts.numEnvs === null) {
    const env = new MemoryEnv(opts.task);
    let obs: MemoryObservation = env.reset({ seed }).observation;
    const run = timeLoop({ seconds: opts.seconds, warmupIterations }, () => {
      calls++;
      const r = env.step(decideRandom(obs, rng));
      obs = r.observation;
      if (r.terminated || r.truncated) {
        if (calls > warmupIterations) episodes++;
        obs = env.reset().observation;
      }
      return 1;
    });
    env.close();
    return { kind: 'single', numEnvs: 1, reader, steps: run.units, seconds: run.seconds, stepsPerSecond: perSecond(run), episodes };
  }
  const B = opts.numEnvs;
  const env = new MemoryVectorEnv(opts.task, B, 'next-step');
  let observations = env.reset({ seed }).observations;
  const actions = new Int32Array(B);
  const run = timeLoop({ seconds: opts.seconds, warmupIterations }, () => {
    calls++;
    for (let b = 0; b < B; b++) actions[b] = decideRandom(observations[b] as MemoryObservation, rng);
    const r = env.step(actions);
    observations = r.observations;
    if (calls > warmupIterations) for (let b = 0; b < B; b++) if (r.terminated[b] === 1 || r.truncated[b] === 1) episodes++;
    return B;
  });
  env.close();
  return { kind: 'vector', numEnvs: B, reader, steps: run.units, seconds: run.seconds, stepsPerSecond: perSecond(run), episodes };
}
