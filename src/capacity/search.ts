/**
 * The size search: a grid of model sizes ordered by parameter count, and the search for the smallest one
 * whose training memorizes the data set.
 */

/** One entry of the size grid. */
export interface SizeCandidate {
  /** Position in the grid (ascending parameter count). */
  index: number;
  width: number;
  depth: number;
  params: number;
}

/**
 * Every width × depth, sorted by parameter count (ties: shallower first); duplicates (same width and
 * depth) are dropped.
 */
export function sizeGrid(
  widths: readonly number[],
  depths: readonly number[],
  paramsOf: (width: number, depth: number) => number,
): SizeCandidate[] {
  const seen = new Set<string>();
  const out: Omit<SizeCandidate, 'index'>[] = [];
  for (const depth of depths) {
    for (const width of widths) {
      const key = `${width}x${depth}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ width, depth, params: paramsOf(width, depth) });
    }
  }
  out.sort((a, b) => a.params - b.params || a.depth - b.depth || a.width - b.width);
  return out.map((c, index) => ({ index, ...c }));
}

/** What a trial must report to the search. */
export interface TrialOutcome {
  memorized: boolean;
  /** The trial was cut short (SIGINT): the search stops without a verdict. */
  interrupted?: boolean;
}

/**
 * Where the true minimum lies relative to the grid: `none` (found inside the grid), `below` (the smallest
 * size tried memorized, so the minimum is at most its size: the grid floor, not a measurement), `above`
 * (nothing tried memorized: the minimum exceeds the grid).
 */
export type Censoring = 'none' | 'below' | 'above';

/** Options of {@link searchMinimalSize}. */
export interface SearchOptions {
  strategy: 'ascend' | 'bisect';
  /** First grid index to consider (warm start); default 0. */
  start?: number;
}

/** The outcome of {@link searchMinimalSize}. */
export interface SearchResult<T extends TrialOutcome> {
  /** Grid index of the smallest size that memorized; undefined when none did (or interrupted). */
  minimal: number | undefined;
  /** The outcome of the minimal size's trial. */
  outcome: T | undefined;
  censored: Censoring;
  /** Every trial in the order run. */
  trials: { index: number; outcome: T }[];
  interrupted: boolean;
}

/**
 * Finds the smallest grid index in [start, gridSize) whose trial memorizes.
 *
 * - `ascend` runs indices start, start+1, … and stops at the first success: the literal "smallest size that
 *   memorizes" above `start`. Cost: one trial per index passed.
 * - `bisect` assumes success is monotone in size and binary-searches: ~log2(gridSize − start) trials.
 *
 * A minimum at index `start` counts as censored `below` only when `start` is 0 (the grid floor); with a
 * warm start the sizes under `start` are assumed to fail.
 */
export async function searchMinimalSize<T extends TrialOutcome>(
  gridSize: number,
  trial: (index: number) => Promise<T>,
  opts: SearchOptions,
): Promise<SearchResult<T>> {
  const start = Math.min(Math.max(0, opts.start ?? 0), Math.max(0, gridSize - 1));
  const trials: { index: number; outcome: T }[] = [];
  const run = async (index: number): Promise<T> => {
    const outcome = await trial(index);
    trials.push({ index, outcome });
    return outcome;
  };
  const finish = (minimal: number | undefined, interrupted: boolean): SearchResult<T> => {
    const hit = minimal === undefined ? undefined : trials.find((x) => x.index === minimal)?.outcome;
    const censored: Censoring = interrupted ? 'none' : minimal === undefined ? 'above' : minimal === 0 ? 'below' : 'none';
    return { minimal: interrupted ? undefined : minimal, outcome: interrupted ? undefined : hit, censored, trials, interrupted };
  };
  if (gridSize <= 0) return finish(undefined, false);
  if (opts.strategy === 'ascend') {
    for (let i = start; i < gridSize; i++) {
      const o = await run(i);
      if (o.interrupted) return finish(undefined, true);
      if (o.memorized) return finish(i, false);
    }
    return finish(undefined, false);
  }
  // Bisection for the first success in [lo, hi]; `hi` = gridSize means "none succeeded yet".
  let lo = start;
  let hi = gridSize;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const o = await run(mid);
    if (o.interrupted) return finish(undefined, true);
    if (o.memorized) hi = mid;
    else lo = mid + 1;
  }
  return finish(hi < gridSize ? hi : undefined, false);
}
