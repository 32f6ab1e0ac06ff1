/**
 * `memgym capacity`: measures how the parameters a transformer needs to memorize N random labels grow
 * with N and compares the exponent with Kajitsuka & Sato (2024). See src/capacity/index.ts.
 */
import path from 'node:path';
import { loadCapacityConfig } from '../../capacity/config.js';
import { formatCapacityTables } from '../../capacity/report.js';
import { CAPACITY_FILES, runCapacity } from '../../capacity/run.js';
import { createProgress } from '../../util/progress.js';
import type { Command } from '../command.js';
import { interruptible, runTimestamp, setupBackend } from '../shared.js';

/** The config used when `--config` is not given. */
export const DEFAULT_CAPACITY_CONFIG = 'configs/capacity.json';

const command: Command = {
  name: 'capacity',
  summary:
    'Memorization capacity: for N random sequences with random labels (next-token and seq2seq), find the smallest ' +
    'transformer that memorizes them all, fit the log–log exponent of parameters vs N with a confidence interval, ' +
    "and compare it with the theory's 0.5; also a fixed small MAT with N memory slots. Writes trials.jsonl and " +
    'minima.csv as it goes, then results.json, fits.csv and report.html. Ctrl-C stops and keeps finished rows.',
  usage: 'memgym capacity [--config configs/capacity.json] [--seed N] [--backend wasm] [--out DIR]',
  flags: {},
  async run(ctx) {
    const file = ctx.global.config ?? DEFAULT_CAPACITY_CONFIG;
    const loaded = loadCapacityConfig(file);
    const config = { ...loaded, seed: ctx.global.seed ?? loaded.seed };
    const selection = await setupBackend(ctx, config.backend);
    const outDir = ctx.global.out ?? config.out ?? path.join('runs', `capacity-${runTimestamp()}`);

    return interruptible(async (interrupted) => {
      const results = await runCapacity({
        config,
        outDir,
        backend: selection.backend,
        logger: ctx.logger,
        shouldStop: interrupted,
        ...(ctx.global.quiet ? {} : { progress: (total: number) => createProgress({ label: 'capacity', total }) }),
      });
      if (!ctx.global.quiet) {
        ctx.print(formatCapacityTables(results));
        ctx.print('');
      }
      ctx.print(
        `runtime ${results.seconds.toFixed(1)} s wall (${results.cpuSeconds.toFixed(1)} s CPU) on ${results.backend}${results.interrupted ? ' (interrupted)' : ''}`,
      );
      ctx.print(`report: ${path.join(outDir, CAPACITY_FILES.report)}`);
      ctx.print(
        `results: ${path.join(outDir, CAPACITY_FILES.results)} (per model: ${CAPACITY_FILES.trials}, minima: ${CAPACITY_FILES.minima})`,
      );
      return results.interrupted ? 130 : 0;
    });
  },
};

export default command;
