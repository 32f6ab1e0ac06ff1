/**
 * The capacity experiment runner: for each variant, length n and N, search the size grid for the smallest
 * model that memorizes, writing every trained model and every minimum to disk as soon as it is known.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CsvAppender, JsonlAppender } from '../report/csv.js';
import type { Logger } from '../util/logger.js';
import { silentProgress, type Progress } from '../util/progress.js';
import { Rng } from '../util/rng.js';
import type { CapacityConfig } from './config.js';
import { datasetBits, generateDataset, labelsPerSequence, prefixDataset, type CapacityDataset } from './data.js';
import { countMemoryParams, MemoryLookupModel, type MemoryModelShape } from './memory-model.js';
import { CapacityTransformer, countTransformerParams, type TransformerShape } from './model.js';
import { renderCapacityReport } from './report.js';
import {
  computeFits,
  summarise,
  summariseBits,
  type CapacityResults,
  type CapacityVariant,
  type MinimumRecord,
  type TrialRecord,
} from './results.js';
import { searchMinimalSize, sizeGrid, type SizeCandidate } from './search.js';
import { trainToMemorize, type Memorizer } from './train.js';

/** Options of {@link runCapacity}. */
export interface RunCapacityOptions {
  config: CapacityConfig;
  /** Output directory (created). */
  outDir: string;
  /** The active backend's name, recorded in the results. */
  backend?: string;
  logger?: Logger;
  /** Builds the progress reporter once the number of searches is known (default silent). */
  progress?: (total: number) => Progress;
  /** Polled between training steps: true stops the run, keeping what finished. */
  shouldStop?: () => boolean;
}

/** The files a run writes, all under `outDir`. */
export const CAPACITY_FILES = {
  config: 'config.json',
  trials: 'trials.jsonl',
  minima: 'minima.csv',
  results: 'results.json',
  fits: 'fits.csv',
  report: 'report.html',
} as const;

const MINIMA_COLUMNS = [
  'variant',
  'length',
  'count',
  'labels',
  'bits',
  'params',
  'memoryFloats',
  'width',
  'depth',
  'steps',
  'censored',
  'trials',
  'seconds',
  'bitsPerParam',
  'bitsPerStored',
] as const;

interface Job {
  variant: CapacityVariant;
  length: number;
  counts: number[];
  grid: SizeCandidate[];
  build: (c: SizeCandidate, seed: number, data: CapacityDataset) => { model: Memorizer & { dispose(): void }; memoryFloats: number };
}

function jobs(c: CapacityConfig): Job[] {
  const out: Job[] = [];
  const { vocabSize, numLabels } = c;
  const { heads, ffMult } = c.model;
  for (const variant of ['next-token', 'seq2seq'] as const) {
    const s = variant === 'next-token' ? c.nextToken : c.seq2seq;
    if (!s?.enabled) continue;
    for (const length of s.lengths) {
      const shape = (width: number, depth: number): TransformerShape => ({
        vocabSize,
        length,
        numLabels,
        width,
        depth,
        heads,
        ffMult,
        head: variant === 'seq2seq' ? 'per-position' : c.model.pool,
      });
      out.push({
        variant,
        length,
        counts: s.counts,
        grid: sizeGrid(c.model.widths, c.model.depths, (w, d) => countTransformerParams(shape(w, d)).total),
        build: (cand, seed) => ({ model: CapacityTransformer.create(shape(cand.width, cand.depth), seed), memoryFloats: 0 }),
      });
    }
  }
  const m = c.memory;
  if (m?.enabled) {
    const shape = (width: number): MemoryModelShape => ({
      vocabSize,
      length: m.length,
      numLabels,
      width,
      depth: m.depth,
      heads,
      ffMult,
      keyDim: m.keyDim ?? width,
    });
    out.push({
      variant: 'memory',
      length: m.length,
      counts: m.counts,
      grid: sizeGrid(m.widths, [m.depth], (w) => countMemoryParams(shape(w)).trainable),
      build: (cand, seed, data) => {
        const model = MemoryLookupModel.create(shape(cand.width), seed);
        model.setMemory(data.tokens, data.labels, data.count);
        return { model, memoryFloats: data.count * countMemoryParams(shape(cand.width)).floatsPerSlot };
      },
    });
  }
  return out;
}

/** A stable weight-initialisation seed for one trial. */
function trialSeed(seed: number, variant: string, length: number, count: number, c: SizeCandidate): number {
  return new Rng(`capacity-init:${seed}:${variant}:${length}:${count}:${c.width}x${c.depth}`).nextSeed() % 1_000_000_007;
}

/**
 * Runs the experiment of `config`. Writes config.json at once, a line of trials.jsonl per trained model, a
 * row of minima.csv per finished search, and at the end (also after an interruption) results.json,
 * fits.csv and report.html.
 */
export async function runCapacity(opts: RunCapacityOptions): Promise<CapacityResults> {
  const { config: c, outDir, logger } = opts;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const startedAt = new Date().toISOString();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, CAPACITY_FILES.config), `${JSON.stringify(c, null, 2)}\n`);
  const trialsOut = new JsonlAppender(path.join(outDir, CAPACITY_FILES.trials));
  const minimaOut = new CsvAppender(path.join(outDir, CAPACITY_FILES.minima), MINIMA_COLUMNS);
  const plan = jobs(c);
  const total = plan.reduce((a, j) => a + j.counts.length, 0);
  const progress = opts.progress?.(total) ?? silentProgress;
  const stop = (): boolean => opts.shouldStop?.() ?? false;
  const trials: TrialRecord[] = [];
  const minima: MinimumRecord[] = [];
  let done = 0;
  let interrupted = false;

  outer: for (const job of plan) {
    const maxN = job.counts[job.counts.length - 1] as number;
    const full = generateDataset({
      setting: job.variant === 'seq2seq' ? 'seq2seq' : 'next-token',
      count: maxN,
      length: job.length,
      vocabSize: c.vocabSize,
      numLabels: c.numLabels,
      seed: `${c.seed}:${job.length}`,
    });
    let start = 0;
    for (const [ci, count] of job.counts.entries()) {
      if (stop()) {
        interrupted = true;
        break outer;
      }
      const data = prefixDataset(full, count);
      const tag = `${job.variant} n=${job.length} N=${count}`;
      const searchStart = performance.now();
      const result = await searchMinimalSize(
        job.grid.length,
        async (index) => {
          const cand = job.grid[index] as SizeCandidate;
          const seed = trialSeed(c.seed, job.variant, job.length, count, cand);
          const { model, memoryFloats } = job.build(cand, seed, data);
          const label = `${tag} d=${cand.width} L=${cand.depth}`;
          try {
            const r = await trainToMemorize(model, data, {
              learningRate: c.train.learningRate,
              maxSteps: c.train.maxSteps,
              clipNorm: c.train.clipNorm,
              lrDrops: c.train.lrDrops,
              lrDropFactor: c.train.lrDropFactor,
              shouldStop: stop,
              onProgress: (step, acc) => progress.update(done, `${label} step ${step} acc ${acc.toFixed(3)}`),
            });
            const rec: TrialRecord = {
              variant: job.variant,
              length: job.length,
              count,
              width: cand.width,
              depth: cand.depth,
              gridIndex: index,
              params: cand.params,
              memoryFloats,
              memorized: r.memorized,
              steps: r.steps,
              accuracy: r.accuracy,
              bestAccuracy: r.bestAccuracy,
              loss: r.loss,
              seconds: r.seconds,
              interrupted: r.interrupted,
              seed,
            };
            if (!r.interrupted) {
              trials.push(rec);
              trialsOut.append(rec);
            }
            logger?.info(rec, `${label}: ${r.memorized ? 'memorized' : 'failed'} after ${r.steps} steps`);
            return { ...rec, interrupted: r.interrupted };
          } finally {
            model.dispose();
          }
        },
        { strategy: c.search.strategy, start: c.search.warmStart ? start : 0 },
      );
      if (result.interrupted) {
        interrupted = true;
        break outer;
      }
      const o = result.outcome;
      const bits = datasetBits({ setting: data.setting, count, length: job.length, numLabels: c.numLabels });
      const rec: MinimumRecord = {
        variant: job.variant,
        length: job.length,
        count,
        labels: count * labelsPerSequence(data.setting, job.length),
        bits,
        params: o ? o.params : null,
        memoryFloats: o ? o.memoryFloats : 0,
        width: o ? o.width : null,
        depth: o ? o.depth : null,
        steps: o ? o.steps : null,
        censored: result.censored,
        trials: result.trials.length,
        seconds: (performance.now() - searchStart) / 1000,
        bitsPerParam: o ? bits / o.params : null,
        bitsPerStored: o ? bits / (o.params + o.memoryFloats) : null,
      };
      minima.push(rec);
      minimaOut.append({ ...rec });
      done += 1;
      progress.update(done, `${tag}: ${o ? `${o.params} params` : 'none memorized'}`);
      if (result.minimal === undefined) {
        // Larger N would need a still larger model: the rest of this job's grid is skipped.
        logger?.warn({ variant: job.variant, length: job.length, count }, `${tag}: no size in the grid memorized; skipping larger N`);
        done += job.counts.length - ci - 1;
        break;
      }
      start = result.minimal;
    }
  }
  progress.done(interrupted ? 'interrupted' : 'done');

  const fits = computeFits(minima, c.theoryExponent, c.level);
  const bitsPerParam = summariseBits(minima);
  const results: CapacityResults = {
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: cpuSeconds(process.cpuUsage(cpu0)),
    backend: opts.backend ?? tf.getBackend(),
    seed: c.seed,
    interrupted,
    vocabSize: c.vocabSize,
    numLabels: c.numLabels,
    theoryExponent: c.theoryExponent,
    level: c.level,
    trials,
    minima,
    fits,
    bitsPerParam,
    summary: summarise(minima, fits, bitsPerParam, c.theoryExponent, interrupted),
  };
  writeCapacityOutputs(outDir, results);
  return results;
}

/** Writes results.json, fits.csv and report.html for `results` into `outDir`. */
export function writeCapacityOutputs(outDir: string, results: CapacityResults): void {
  writeFileSync(path.join(outDir, CAPACITY_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  const fits = new CsvAppender(path.join(outDir, CAPACITY_FILES.fits), [
    'label',
    'x',
    'slope',
    'low',
    'high',
    'r2',
    'points',
    'level',
    'theory',
    'verdict',
  ]);
  fits.appendAll(
    results.fits.map((f) => ({
      label: f.label,
      x: f.x,
      slope: f.slope,
      low: f.low,
      high: f.high,
      r2: f.r2,
      points: f.points,
      level: f.level,
      theory: f.theory,
      verdict: f.verdict,
    })),
  );
  writeFileSync(path.join(outDir, CAPACITY_FILES.report), renderCapacityReport(results));
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}
