/**
 * `memgym pretrain`: supervised pre-training of a family's MAT in the envs' distribution (context, memories
 * of every fill level up to the family's maxSlots, stale facts, soft-written memories), then a held-out
 * split of accuracy by where the support is. Resumable: re-running with the same config continues from the
 * checkpoint. `--evaluate` only evaluates the checkpoint the config names.
 */
import { join, resolve } from 'node:path';
import { loadModelSync } from '../../model/checkpoint.js';
import { Mat } from '../../model/mat.js';
import { pretrain } from '../../model/pretrain.js';
import { z } from 'zod';
import { number } from '../../util/schemas.js';
import { configSchema } from '../../util/zod-config.js';
import { defaultCheckpointDir } from '../../../envs/common/family.js';
import { familyMatConfig, pretrainBatchSource } from '../../../envs/common/pretraining.js';
import { evaluateReaderSplit, type ReaderSplit } from '../../../envs/common/pretraining-eval.js';
import { familyOf } from '../../../envs/index.js';
import type { Command, CommandContext } from '../command.js';
import { createRunDir, loadCommandConfig, progressFor, runSeed, setupBackend } from '../shared.js';

/** The pretrain config (configs/pretrain-<family>.json). */
export const pretrainConfigSchema = configSchema({
  /** A family id (`recall`, `story-qa`, `forecast`); unknown ids are errors with a suggestion. */
  family: z.string(),
  /** MAT sizes besides the family's vocabulary/item/answer lengths (see MatConfig). */
  model: z
    .strictObject({
      dModel: number({ integer: true, min: 1 }).optional(),
      nHeads: number({ integer: true, min: 1 }).optional(),
      nLayers: number({ integer: true, min: 1 }).optional(),
      dFF: number({ integer: true, min: 1 }).optional(),
      contextLen: number({ integer: true, min: 0 }).optional(),
      maxSlots: number({ integer: true, min: 1 }).optional(),
      /** Chained soft reads per query (MatConfig.readHops; default 1). */
      readHops: number({ integer: true, min: 1 }).optional(),
    })
    .prefault({}),
  /** The data distribution (see `PretrainDataOptions` in envs/common/pretraining.ts). */
  data: z
    .strictObject({
      batchSize: number({ integer: true, min: 1 }).default(32),
      /** Memory rows per example; default the family's largest preset maxSlots. */
      slots: number({ integer: true, min: 1 }).optional(),
      staleFraction: number({ min: 0, max: 1 }).default(0.15),
      missingFraction: number({ min: 0, max: 1 }).default(0.15),
      storedContextFraction: number({ min: 0, max: 1 }).default(0.5),
      contextFraction: number({ min: 0, max: 1 }).default(0.25),
      softWriteFraction: number({ min: 0, max: 1 }).default(0.1),
      softWriteDecay: number({ min: 0, max: 1 }).default(1),
    })
    .prefault({}),
  steps: number({ integer: true, min: 0 }).default(3000),
  learningRate: number({ min: 0, minExclusive: true }).default(2e-3),
  clipNorm: number({ min: 0, minExclusive: true }).default(1),
  /** Weight of the auxiliary addressing loss −log Σ_{support slots} w_i of the soft read (0 = none). */
  addressingWeight: number({ min: 0 }).default(0),
  /** Cap of the addressing loss in (0, 1]: no pull once the read puts this much weight on the support (1 = uncapped). */
  addressingCap: number({ min: 0, minExclusive: true, max: 1 }).default(1),
  logEvery: number({ integer: true, min: 1 }).default(50),
  checkpointEvery: number({ integer: true, min: 1 }).default(100),
  /** Held-out examples of the final evaluation (hard-store memories; a quarter as many soft-written). */
  evalExamples: number({ integer: true, min: 1 }).default(2048),
  seed: number({ integer: true, min: 0 }).default(0),
  /** Checkpoint directory; default `checkpoints/<family>` in the package (what the envs load). */
  checkpoint: z.string().optional(),
  /** Continue from the checkpoint when there is one (default true). */
  resume: z.boolean().default(true),
  backend: z.string().optional(),
});
export type PretrainConfig = z.output<typeof pretrainConfigSchema>;

/** The seed of the held-out stream: far from any training seed's stream. */
export function heldOutSeed(seed: number): number {
  return seed + 1_000_003;
}

/** Evaluates a model on the config's held-out data (see `evaluateReaderSplit`). */
export function heldOutSplit(model: Mat, config: PretrainConfig, seed: number): ReaderSplit {
  // The natural distribution: no support swapped into the context (`contextFraction` is a training aid).
  const { batchSize: _b, softWriteFraction: _s, contextFraction: _c, ...data } = config.data;
  return evaluateReaderSplit(model, familyOf(config.family), { examples: config.evalExamples, seed: heldOutSeed(seed), data });
}

const pct = (x: number): string => x.toFixed(3);

/** The split as printable lines; the last is `present-memory <acc> context <acc> absent <acc>`. */
export function formatSplit(split: ReaderSplit): string[] {
  const { context, memory, absent } = split.byPlace;
  const row = (name: string, g: { accuracy: number; count: number }): string => `  ${name.padEnd(22)} ${pct(g.accuracy)}  (n = ${g.count})`;
  const lines = [
    `held-out accuracy of the ${split.family} MAT (${split.examples} examples; chance ${pct(split.chance)}):`,
    row('support in memory', memory),
    row('support in context', context),
    row('support absent', absent),
    row('  none of it visible', split.absentUnseen),
    row('memory + stale fact', split.memoryWithStale),
    row('soft-written memory', split.softWrite),
    `  read weight on the support (memory) ${pct(split.supportReadWeight)}`,
    '  support in memory, by occupied slots:',
    ...split.memoryByOccupied.map((g, i) => row(`  ${i + 1} occupied`, g)),
    '  by preset (memory / context / absent (none visible, chance); read weight on the support):',
    ...Object.entries(split.byPreset).map(
      ([name, p]) =>
        `    ${name.padEnd(8)} ${pct(p.byPlace.memory.accuracy)} / ${pct(p.byPlace.context.accuracy)} / ${pct(p.byPlace.absent.accuracy)} (${pct(p.absentUnseen.accuracy)}, ${pct(p.chance)}); ${pct(p.supportReadWeight)}`,
    ),
    `present-memory ${pct(memory.accuracy)} context ${pct(context.accuracy)} absent ${pct(absent.accuracy)}`,
  ];
  return lines;
}

async function run(ctx: CommandContext): Promise<number> {
  const config = loadCommandConfig(ctx, pretrainConfigSchema);
  familyOf(config.family);
  const seed = runSeed(ctx, config.seed);
  const selection = await setupBackend(ctx, config.backend);
  const def = familyOf(config.family);
  if (ctx.flags.evaluate === true) return evaluateOnly(ctx, config, seed, selection.backend);
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
      addressingWeight: config.addressingWeight,
      addressingCap: config.addressingCap,
      logEvery: config.logEvery,
      checkpointEvery: config.checkpointEvery,
      checkpointDir: dir,
      resume: config.resume,
      seed,
      logger: runDir.logger,
      onLog: (e) => progress.update(e.step, `loss ${e.loss.toFixed(3)} acc ${e.accuracy.toFixed(3)}`),
    });
    progress.done();
    runDir.writeJson('curve.json', { losses: result.losses, accuracies: result.accuracies });
    ctx.print(`done: ${result.steps} steps; train accuracy ${result.accuracy.toFixed(3)}`);
    const split = heldOutSplit(model, config, seed);
    const summary = {
      family: config.family,
      steps: result.steps,
      resumedFrom: result.resumedFrom,
      trainAccuracy: result.accuracy,
      heldOut: split,
      parameters: model.parameterCount(),
      checkpoint: dir,
    };
    runDir.writeJson('summary.json', summary);
    runDir.logger.info(summary, 'pretrain done');
    ctx.print(`checkpoint: ${dir}\nrun: ${join(curve)}`);
    for (const line of formatSplit(split)) ctx.print(line);
    return 0;
  } finally {
    model.dispose();
  }
}

/** `--evaluate`: the held-out split of the checkpoint the config names, printed and written as JSON. */
function evaluateOnly(ctx: CommandContext, config: PretrainConfig, seed: number, backend: string): number {
  const dir = resolve(config.checkpoint ?? defaultCheckpointDir(config.family));
  const model = loadModelSync(dir);
  try {
    const runDir = createRunDir(ctx, `pretrain-eval-${config.family}`, config, { seed, backend, checkpoint: dir });
    const split = heldOutSplit(model, config, seed);
    runDir.writeJson('evaluation.json', { checkpoint: dir, ...split });
    runDir.logger.info({ checkpoint: dir, ...split }, 'pretrain evaluation');
    ctx.print(`checkpoint: ${dir}\nevaluation: ${join(runDir.dir, 'evaluation.json')}`);
    for (const line of formatSplit(split)) ctx.print(line);
    return 0;
  } finally {
    model.dispose();
  }
}

const command: Command = {
  name: 'pretrain',
  summary: 'Pre-train the memory-augmented transformer of a task family (resumable; writes checkpoints/<family>).',
  usage: 'memgym pretrain --config configs/pretrain-recall.json [--evaluate] [--seed N] [--backend NAME] [--out RUN_DIR]',
  flags: { evaluate: 'only evaluate the checkpoint the config names on held-out data (no training)' },
  run,
};
export default command;
