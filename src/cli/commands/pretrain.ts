/**
 * `memgym pretrain`: supervised pre-training of a family's MAT on memories filled by an ideal manager
 * (support among distractors), then a held-out check that answer accuracy depends on what memory holds
 * (support present vs absent). Resumable: re-running with the same config continues from the checkpoint.
 */
import { join, resolve } from 'node:path';
import { Mat } from '../../model/mat.js';
import { pretrain } from '../../model/pretrain.js';
import type { AnswerTrainingBatch } from '../../model/training-batch.js';
import { t, type Infer } from '../../util/config.js';
import { Rng } from '../../util/rng.js';
import { defaultCheckpointDir } from '../../../envs/common/family.js';
import { familyMatConfig, pretrainBatchSource } from '../../../envs/common/pretraining.js';
import { familyOf } from '../../../envs/index.js';
import type { Command, CommandContext } from '../command.js';
import { createRunDir, loadCommandConfig, progressFor, runSeed, setupBackend } from '../shared.js';

/** The pretrain config (configs/pretrain-<family>.json). */
export const pretrainConfigSchema = t.object({
  /** A family id (`recall`, `story-qa`, `forecast`); unknown ids are errors with a suggestion. */
  family: t.string(),
  /** MAT sizes besides the family's vocabulary/item/answer lengths (see MatConfig). */
  model: t.optional(
    t.object({
      dModel: t.optional(t.number({ integer: true, min: 1 })),
      nHeads: t.optional(t.number({ integer: true, min: 1 })),
      nLayers: t.optional(t.number({ integer: true, min: 1 })),
      dFF: t.optional(t.number({ integer: true, min: 1 })),
      contextLen: t.optional(t.number({ integer: true, min: 0 })),
      maxSlots: t.optional(t.number({ integer: true, min: 1 })),
    }),
    {},
  ),
  data: t.optional(
    t.object({
      batchSize: t.optional(t.number({ integer: true, min: 1 }), 64),
      slots: t.optional(t.number({ integer: true, min: 1 }), 16),
      staleFraction: t.optional(t.number({ min: 0, max: 1 }), 0),
      missingFraction: t.optional(t.number({ min: 0, max: 1 }), 0),
      maxDropFraction: t.optional(t.number({ min: 0, max: 1 }), 0.8),
      /** `slots` (hard stores by an ideal manager) or `softWrite` (the seed's differentiable soft write). */
      memory: t.optional(t.string({ oneOf: ['slots', 'softWrite'] as const }), 'slots'),
      softWriteDecay: t.optional(t.number({ min: 0, max: 1 }), 1),
    }),
    {},
  ),
  steps: t.optional(t.number({ integer: true, min: 0 }), 3000),
  learningRate: t.optional(t.number({ min: 0, minExclusive: true }), 2e-3),
  clipNorm: t.optional(t.number({ min: 0, minExclusive: true }), 1),
  logEvery: t.optional(t.number({ integer: true, min: 1 }), 50),
  checkpointEvery: t.optional(t.number({ integer: true, min: 1 }), 100),
  /** Held-out batches for the final present-vs-absent check. */
  evalBatches: t.optional(t.number({ integer: true, min: 1 }), 8),
  seed: t.optional(t.number({ integer: true, min: 0 }), 0),
  /** Checkpoint directory; default `checkpoints/<family>` in the package (what the envs load). */
  checkpoint: t.optional(t.string()),
  /** Continue from the checkpoint when there is one (default true). */
  resume: t.optional(t.boolean(), true),
  backend: t.optional(t.string()),
});
export type PretrainConfig = Infer<typeof pretrainConfigSchema>;

/** Held-out accuracy with the support in memory vs left out (chance-level guessing). */
export interface MemoryDependence {
  present: number;
  absent: number;
}

function heldOut(config: PretrainConfig, contextLen: number, missingFraction: number, seed: number): AnswerTrainingBatch[] {
  const def = familyOf(config.family);
  const source = pretrainBatchSource(def, { ...config.data, contextLen, missingFraction });
  const rng = new Rng(seed);
  return Array.from({ length: config.evalBatches }, (_, i) => source(i, rng));
}

/** Accuracy on held-out batches whose support is in memory vs absent from memory (and context). */
export function memoryDependence(model: Mat, config: PretrainConfig, seed: number): MemoryDependence {
  const acc = (missing: number): number => {
    const batches = heldOut(config, model.config.contextLen, missing, seed);
    return batches.reduce((s, b) => s + model.evaluate(b).accuracy, 0) / batches.length;
  };
  return { present: acc(0), absent: acc(1) };
}

async function run(ctx: CommandContext): Promise<number> {
  const config = loadCommandConfig(ctx, pretrainConfigSchema);
  familyOf(config.family);
  const seed = runSeed(ctx, config.seed);
  const selection = await setupBackend(ctx, config.backend);
  const def = familyOf(config.family);
  const generator = def.makeGenerator(def.presets.easy.generator);
  const model = Mat.create(familyMatConfig(generator, { ...config.model, seed }));
  const dir = resolve(config.checkpoint ?? defaultCheckpointDir(config.family));
  const runDir = createRunDir(ctx, `pretrain-${config.family}`, config, { seed, backend: selection.backend, checkpoint: dir });
  ctx.print(`pretraining the ${config.family} MAT (${model.parameterCount()} parameters) → ${dir}`);
  const progress = progressFor(ctx, `pretrain ${config.family}`, config.steps);
  const curve = runDir.dir;
  try {
    const result = pretrain({
      model,
      batches: pretrainBatchSource(def, { ...config.data, contextLen: model.config.contextLen }),
      steps: config.steps,
      learningRate: config.learningRate,
      clipNorm: config.clipNorm,
      logEvery: config.logEvery,
      checkpointEvery: config.checkpointEvery,
      checkpointDir: dir,
      resume: config.resume,
      seed,
      logger: runDir.logger,
      onLog: (e) => progress.update(e.step, `loss ${e.loss.toFixed(3)} acc ${e.accuracy.toFixed(3)}`),
    });
    progress.done();
    const dependence = memoryDependence(model, config, seed + 1_000_003);
    const summary = {
      family: config.family,
      steps: result.steps,
      resumedFrom: result.resumedFrom,
      trainAccuracy: result.accuracy,
      heldOut: dependence,
      parameters: model.parameterCount(),
      checkpoint: dir,
    };
    runDir.writeJson('summary.json', summary);
    runDir.writeJson('curve.json', { losses: result.losses, accuracies: result.accuracies });
    runDir.logger.info(summary, 'pretrain done');
    ctx.print(
      `done: ${result.steps} steps; train accuracy ${result.accuracy.toFixed(3)}; held-out accuracy with the support in memory ` +
        `${dependence.present.toFixed(3)} vs absent ${dependence.absent.toFixed(3)}`,
    );
    ctx.print(`checkpoint: ${dir}\nrun: ${join(curve)}`);
    return 0;
  } finally {
    model.dispose();
  }
}

const command: Command = {
  name: 'pretrain',
  summary: 'Pre-train the memory-augmented transformer of a task family (resumable; writes checkpoints/<family>).',
  usage: 'memgym pretrain --config configs/pretrain-recall.json [--seed N] [--backend NAME] [--out RUN_DIR]',
  flags: {},
  run,
};
export default command;
