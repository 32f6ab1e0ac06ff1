/**
 * Adaptive slot count (seed 001, section 6.1.1): `N = f(task complexity)`, a mathjs expression over
 * the episode's complexity variables (e.g. `numKeys`), evaluated at reset, rounded to the nearest
 * integer and clamped to `[minSlots, maxSlots]`.
 */
import { ConfigError } from '../util/errors.js';
import { compileExpression } from '../util/expr.js';

/** The default slot-count formula. */
export const DEFAULT_SLOT_COUNT_EXPRESSION = 'ceil(2 * sqrt(numKeys))';

/** Options of {@link compileSlotCount}. */
export interface SlotCountOptions {
  /** The formula (default {@link DEFAULT_SLOT_COUNT_EXPRESSION}). */
  expression?: string;
  minSlots: number;
  maxSlots: number;
  /** The complexity variables the formula may use, e.g. `['numKeys', 'length']`. */
  variables: readonly string[];
  /** Name for error messages (default `slotCount`). */
  name?: string;
}

/** Maps an episode's complexity variables to a slot count in `[minSlots, maxSlots]`. */
export type SlotCountFn = (complexity: Readonly<Record<string, number>>) => number;

/**
 * Compiles the slot-count formula once. Throws `ConfigError` at compile time on a syntax error, an
 * unknown variable or bad bounds; the returned function throws `ConfigError` when a variable it uses is
 * missing or the result is not finite.
 */
export function compileSlotCount(opts: SlotCountOptions): SlotCountFn {
  const { minSlots, maxSlots, variables, expression = DEFAULT_SLOT_COUNT_EXPRESSION, name = 'slotCount' } = opts;
  if (!Number.isInteger(minSlots) || minSlots < 1) {
    throw new ConfigError(`${name}.minSlots`, `expected an integer >= 1, got ${minSlots}`);
  }
  if (!Number.isInteger(maxSlots) || maxSlots < minSlots) {
    throw new ConfigError(`${name}.maxSlots`, `expected an integer >= minSlots (${minSlots}), got ${maxSlots}`);
  }
  const compiled = compileExpression(expression, { allowedVariables: variables, name });
  return (complexity) => {
    const raw = Math.round(compiled.evaluate(complexity));
    return raw < minSlots ? minSlots : raw > maxSlots ? maxSlots : raw;
  };
}
