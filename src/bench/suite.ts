/**
 * One backend's bench suite, in the current process: env stepping (single env and VectorEnv, random
 * policy, reader in the loop), PPO training end to end (also with rollouts in worker processes), and
 * MAT forwards, as the config's settings for that backend say.
 */
import * as tf from '@tensorflow/tfjs';
import { familyOf } from '../../envs/index.js';
import type { PresetName } from '../../envs/common/preset.js';
import { selectBackend, type BackendName } from '../model/backend.js';
import { DEFAULT_MAT_CONFIG } from '../model/config.js';
import { Mat } from '../model/mat.js';
import { settingsFor, type BackendBenchSettings, type BenchConfig } from './config.js';
import { benchEnv, benchTask, createBenchMat, type BenchReader, type EnvBenchResult } from './env.js';
import { benchModelForward, type BenchModelResult } from './model.js';
import { benchDagger, type DaggerBenchResult } from './learners.js';
import { benchPpo, type PpoBenchResult } from './ppo.js';
import { benchRolloutEnv } from './rollout-env.js';

/** An env bench result with the reader kind it ran with. */
export interface EnvBenchEntry extends EnvBenchResult {
  readerKind: BenchReader;
}

/** Everything one backend measured (or why it could not). */
export interface BackendBenchResult {
  backend: BackendName;
  ok: boolean;
  /** Why the backend failed (it did not load, or a bench threw). */
  error?: string;
  /** Ran in its own child process. */
  isolated: boolean;
  /** tfjs's own name of the active backend. */
  tfBackend?: string;
  /** Wall time of the whole suite, in seconds. */
  seconds: number;
  settings?: BackendBenchSettings;
  env: EnvBenchEntry[];
  ppo: PpoBenchResult[];
  /** DAgger training (absent in reports of older benches). */
  dagger?: DaggerBenchResult[];
  model: BenchModelResult[];
}

/** Progress of a suite: bench `index` of `total` is about to start. */
export interface SuiteProgress {
  backend: BackendName;
  index: number;
  total: number;
  label: string;
}

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  onProgress?: (p: SuiteProgress) => void;
  /** Recorded in the result (default false). */
  isolated?: boolean;
}

/** The suite-plan label of the overlapped PPO bench. */
function overlapLabel(ppo: BackendBenchSettings['ppo']): string {
  return `ppo B=${ppo.overlapBatch} W=${ppo.overlapWorkers} overlapped`;
}

/** The labels of the benches `settings` run, in order. */
export function suitePlan(settings: BackendBenchSettings): string[] {
  const labels: string[] = [];
  const { env, ppo, model } = settings;
  if (env.enabled) {
    for (const r of env.readers) {
      if (env.single) labels.push(`env single (${r})`);
      for (const b of env.batchSizes) labels.push(`env vector B=${b} (${r})`);
    }
  }
  if (ppo.enabled) for (const b of ppo.batchSizes) labels.push(`ppo B=${b}`);
  if (ppo.enabled && ppo.parallelBatch > 0) labels.push(`ppo B=${ppo.parallelBatch} W=${ppo.rolloutWorkers}`);
  if (ppo.enabled && ppo.overlapBatch > 0) labels.push(overlapLabel(ppo));
  if (ppo.enabled && ppo.recurrentBatch > 0) labels.push(`ppo-gru B=${ppo.recurrentBatch}`);
  if (ppo.enabled && ppo.daggerBatch > 0) labels.push(`dagger B=${ppo.daggerBatch}`);
  if (model.enabled) for (const b of model.batchSizes) labels.push(`mat forward B=${b}`);
  return labels;
}

/**
 * Runs the suite of `backend` in this process (selecting the backend first).
 * @throws ModelError when the backend does not load; whatever a bench throws.
 */
export async function runSuite(config: BenchConfig, backend: BackendName, opts: RunSuiteOptions = {}): Promise<BackendBenchResult> {
  const started = performance.now();
  await selectBackend({ preferred: backend });
  const settings = settingsFor(config, backend);
  const total = suitePlan(settings).length;
  let index = 0;
  const step = (label: string): void => {
    opts.onProgress?.({ backend, index: index++, total, label });
  };
  const seed = config.seed;
  const result: BackendBenchResult = {
    backend,
    ok: true,
    isolated: opts.isolated ?? false,
    tfBackend: tf.getBackend(),
    seconds: 0,
    settings,
    env: [],
    ppo: [],
    dagger: [],
    model: [],
  };
  const { env, ppo, model } = settings;
  if (env.enabled) {
    const def = familyOf(env.family);
    const preset = env.preset as PresetName;
    const mat = env.readers.includes('mat') ? createBenchMat(def, preset, { ...settings.mat, seed }) : null;
    try {
      for (const readerKind of env.readers) {
        const task = benchTask(def, preset, readerKind === 'mat' ? mat : null);
        const common = { task, seconds: env.seconds, warmupSteps: env.warmupSteps, seed };
        // The first bench of a process otherwise runs colder than the rest (JIT, tfjs kernel set-up).
        if (env.warmupSeconds > 0) benchEnv({ ...common, numEnvs: null, seconds: env.warmupSeconds });
        if (env.single) {
          step(`env single (${readerKind})`);
          result.env.push({ ...benchEnv({ ...common, numEnvs: null }), readerKind });
        }
        for (const b of env.batchSizes) {
          step(`env vector B=${b} (${readerKind})`);
          result.env.push({ ...benchEnv({ ...common, numEnvs: b }), readerKind });
        }
      }
    } finally {
      mat?.dispose();
    }
  }
  const learnerBatches = [ppo.parallelBatch, ppo.overlapBatch, ppo.recurrentBatch, ppo.daggerBatch];
  if (ppo.enabled && (ppo.batchSizes.length > 0 || learnerBatches.some((b) => b > 0))) {
    const def = familyOf(ppo.family);
    const preset = ppo.preset as PresetName;
    const mat = createBenchMat(def, preset, { ...settings.mat, seed });
    try {
      const task = benchTask(def, preset, mat);
      // What every PPO item shares: the task, the rollout and update shape, the time budget, the seed.
      const run = {
        task,
        numSteps: ppo.numSteps,
        numMinibatches: ppo.numMinibatches,
        updateEpochs: ppo.updateEpochs,
        seconds: ppo.seconds,
        minUpdates: ppo.minUpdates,
        seed,
      };
      // How rollout worker processes rebuild the env (the items with workers).
      const rolloutEnv = benchRolloutEnv({ family: ppo.family, preset, mat: { ...settings.mat, seed } });
      for (const b of ppo.batchSizes) {
        step(`ppo B=${b}`);
        result.ppo.push(
          await benchPpo({
            ...run,
            numEnvs: b,
            policyBatch: ppo.policyBatch,
            policySeconds: ppo.policySeconds,
          }),
        );
      }
      if (ppo.parallelBatch > 0) {
        step(`ppo B=${ppo.parallelBatch} W=${ppo.rolloutWorkers}`);
        result.ppo.push(
          await benchPpo({
            ...run,
            numEnvs: ppo.parallelBatch,
            rolloutWorkers: ppo.rolloutWorkers,
            rolloutEnv,
          }),
        );
      }
      if (ppo.overlapBatch > 0) {
        step(overlapLabel(ppo));
        result.ppo.push(
          await benchPpo({
            ...run,
            numEnvs: ppo.overlapBatch,
            rolloutWorkers: ppo.overlapWorkers,
            rolloutOverlap: true,
            rolloutEnv,
          }),
        );
      }
      if (ppo.recurrentBatch > 0) {
        step(`ppo-gru B=${ppo.recurrentBatch}`);
        result.ppo.push(
          await benchPpo({
            ...run,
            numEnvs: ppo.recurrentBatch,
            policyBatch: 0,
            network: { recurrent: true },
          }),
        );
      }
      if (ppo.daggerBatch > 0) {
        step(`dagger B=${ppo.daggerBatch}`);
        const privileged = benchTask(def, preset, mat, { privileged: true });
        result.dagger?.push(await benchDagger({ task: privileged, numEnvs: ppo.daggerBatch, timesteps: ppo.daggerTimesteps, seed }));
      }
    } finally {
      mat.dispose();
    }
  }
  if (model.enabled && model.batchSizes.length > 0) {
    const mat = Mat.create({ ...DEFAULT_MAT_CONFIG, ...settings.mat, seed });
    try {
      for (const b of model.batchSizes) {
        step(`mat forward B=${b}`);
        result.model.push(
          await benchModelForward({ model: mat, batch: b, seconds: model.seconds, minIterations: model.minIterations, seed }),
        );
      }
    } finally {
      mat.dispose();
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
