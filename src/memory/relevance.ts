/**
 * Slot relevance (seed 001, section 6.1.2): `R(M_i) = α·frequency + β·recency + γ·context`, each term
 * normalised to [0, 1]:
 * - `frequency = accessCount_i / max_j accessCount_j` over the occupied slots (0 when all counts are 0);
 * - `recency = 1 / (1 + sinceAccess_i)` (`'inverse'`, the default) or `exp(−sinceAccess_i / τ)`
 *   (`'exponential'`); both are 1 for a slot accessed in the current step;
 * - `context = (cos(M_i, key) + 1) / 2`, the cosine similarity of the slot to the current item's key
 *   mapped to [0, 1]; 0.5 when there is no key (or either vector is zero).
 *
 * The formula is configurable as a mathjs expression over {@link RELEVANCE_VARIABLES}.
 * Free (unoccupied) slots score `-Infinity`: no occupied slot ever does, because the expression must
 * give a finite number. Map `-Infinity` to a feature value (e.g. 0) before putting scores in observations.
 */
import { compileExpression, type CompiledExpression } from '../util/expr.js';
import { ConfigError, MemoryError } from '../util/errors.js';
import type { MemoryBank } from './bank.js';
import { cosineRow } from './math.js';

/** The default relevance formula. */
export const DEFAULT_RELEVANCE_EXPRESSION = 'alpha*frequency + beta*recency + gamma*context';

/** Variables a relevance expression may use. */
export const RELEVANCE_VARIABLES = [
  'frequency',
  'recency',
  'context',
  'age',
  'accessCount',
  'sinceAccess',
  'alpha',
  'beta',
  'gamma',
] as const;

/** How recency is computed from `sinceAccess`. */
export type RecencyMode = 'inverse' | 'exponential';

/** Parameters of the relevance score. */
export interface RelevanceParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** Default `'inverse'`: `1/(1+sinceAccess)`. */
  recency?: RecencyMode;
  /** Time constant τ of the exponential recency (default 10 steps). */
  tau?: number;
  /** A compiled formula ({@link compileRelevanceExpression}); the default formula when omitted. */
  expression?: CompiledExpression;
}

/** Compiles a relevance formula over {@link RELEVANCE_VARIABLES}; throws `ConfigError` on a bad one. */
export function compileRelevanceExpression(source: string = DEFAULT_RELEVANCE_EXPRESSION, name = 'relevance'): CompiledExpression {
  return compileExpression(source, { allowedVariables: RELEVANCE_VARIABLES, name });
}

/**
 * The relevance score of each active slot `0 .. n−1` of `bank`; free slots get `-Infinity`.
 * Pure: reads the bank, writes only `out`.
 * @param contextKey the current item's key (length D), or `null` for none (context = 0.5).
 * @param out written and returned (length ≥ n); a new `Float32Array(n)` when omitted.
 */
export function relevanceScores(
  bank: MemoryBank,
  contextKey: ArrayLike<number> | null,
  params: RelevanceParams,
  out?: Float32Array,
): Float32Array {
  const n = bank.size;
  const result = out ?? new Float32Array(n);
  if (result.length < n) throw new MemoryError(`expected an output of length >= ${n}, got ${result.length}`);
  const { alpha, beta, gamma, recency = 'inverse', tau = 10, expression } = params;
  if (recency === 'exponential' && !(tau > 0)) throw new ConfigError('relevance.tau', `expected a number > 0, got ${tau}`);
  let maxCount = 0;
  for (let i = 0; i < n; i++) {
    if (bank.occupied[i] === 1) maxCount = Math.max(maxCount, bank.accessCount[i] as number);
  }
  const vars: Record<string, number> = { alpha, beta, gamma, frequency: 0, recency: 0, context: 0, age: 0, accessCount: 0, sinceAccess: 0 };
  for (let i = 0; i < n; i++) {
    if (bank.occupied[i] === 0) {
      result[i] = -Infinity;
      continue;
    }
    const count = bank.accessCount[i] as number;
    const since = bank.sinceAccess[i] as number;
    const frequency = maxCount > 0 ? count / maxCount : 0;
    const rec = recency === 'exponential' ? Math.exp(-since / tau) : 1 / (1 + since);
    const context = contextKey === null ? 0.5 : (cosineRow(bank.memory, bank.dim, i, contextKey) + 1) / 2;
    if (expression === undefined) {
      result[i] = alpha * frequency + beta * rec + gamma * context;
    } else {
      vars.frequency = frequency;
      vars.recency = rec;
      vars.context = context;
      vars.age = bank.age[i] as number;
      vars.accessCount = count;
      vars.sinceAccess = since;
      result[i] = expression.evaluate(vars);
    }
  }
  return result;
}

/**
 * The index of the lowest finite score, ties broken by the lowest index; −1 when there is none
 * (every score is `-Infinity`, i.e. every slot is free, or `scores` is empty).
 */
export function argminScore(scores: ArrayLike<number>, n: number = scores.length): number {
  let best = -1;
  let bestScore = Infinity;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s === -Infinity || Number.isNaN(s)) continue;
    if (best < 0 || s < bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}

/**
 * The occupied slot with the lowest relevance (the eviction victim), ties broken by the lowest slot
 * index; −1 when no slot is occupied. Pure.
 * @param scratch optional buffer (length ≥ n) for the scores, to avoid an allocation.
 */
export function argminRelevance(
  bank: MemoryBank,
  contextKey: ArrayLike<number> | null,
  params: RelevanceParams,
  scratch?: Float32Array,
): number {
  const scores = relevanceScores(bank, contextKey, params, scratch);
  return argminScore(scores, bank.size);
}
