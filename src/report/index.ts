/**
 * memgym's dependency-free reporting library: statistics (means, t confidence intervals, normalised
 * scores, OLS/log–log fits), CSV/JSONL writers, SVG plots, HTML reports and terminal tables.
 */
export * from './stats.js';
export * from './distributions.js';
export * from './csv.js';
export * from './svg.js';
export { niceTicks, niceStep, logTicks, formatTick, type NiceTicks, type LogTicks } from './svg-axis.js';
export { PALETTE } from './svg-parts.js';
export * from './html.js';
export * from './table.js';
export * from './format.js';
