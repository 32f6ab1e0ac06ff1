/**
 * The timing loop shared by the benchmarks: warm-up calls, then calls until a wall-clock budget is spent
 * (and at least a minimum number of calls ran). Timing uses `performance.now()`.
 */

/** Options of {@link timeLoop}. */
export interface TimeLoopOptions {
  /** Wall-clock budget of the timed part, in seconds (the loop stops at the first call past it). */
  seconds: number;
  /** Timed calls to make even when the budget is spent (default 1). */
  minIterations?: number;
  /** Untimed calls before the clock starts (default 1): kernel compilation, caches, JIT. */
  warmupIterations?: number;
}

/** What {@link timeLoop} measured. */
export interface TimedRun {
  /** Timed calls made. */
  iterations: number;
  /** Units of work done by the timed calls (the sum of what `fn` returned). */
  units: number;
  /** Wall time of the timed calls, in seconds. */
  seconds: number;
}

/**
 * Calls `fn` (which returns how many units of work it did: steps, items) `warmupIterations` times
 * untimed, then repeatedly until `seconds` have passed and `minIterations` calls were made.
 */
export function timeLoop(opts: TimeLoopOptions, fn: () => number): TimedRun {
  const minIterations = opts.minIterations ?? 1;
  const warmup = opts.warmupIterations ?? 1;
  for (let i = 0; i < warmup; i++) fn();
  const budgetMs = opts.seconds * 1000;
  let iterations = 0;
  let units = 0;
  const start = performance.now();
  let elapsed = 0;
  while (iterations < minIterations || elapsed < budgetMs) {
    units += fn();
    iterations++;
    elapsed = performance.now() - start;
  }
  return { iterations, units, seconds: elapsed / 1000 };
}

/** Units per second of a timed run (0 when nothing was timed). */
export function perSecond(run: Pick<TimedRun, 'units' | 'seconds'>): number {
  return run.seconds > 0 ? run.units / run.seconds : 0;
}
