/**
 * Slot budgets of a comparison. A learned-vs-fixed comparison at unequal memory is not a comparison, so
 * by default (`"budget": "fixed"`) every agent gets the same slot count N — the env's formula, evaluated
 * per episode — and GROW/SHRINK are masked (env kwarg `resizable: false`): no agent can hold more slots
 * than the fixed policies get. `"budget": "adaptive"` lets agents GROW/SHRINK (N = the formula at
 * reset, within [minSlots, maxSlots]); every slot then costs `slotCost` per step — the env's, or
 * {@link DEFAULT_ADAPTIVE_SLOT_COST} when the config sets none — and the fixed policies keep the
 * formula's N. The measured slot counts per agent tell whether the budgets ended up equal.
 */
import { ConfigError } from '../util/errors.js';
import type { CompareEnv } from './compare.js';

/** The budget modes of a comparison. */
export const BUDGET_MODES = ['fixed', 'adaptive'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

/**
 * The slot cost of the adaptive mode when the config gives none: a slot must earn one more correct
 * answer every 100 steps to pay for itself.
 */
export const DEFAULT_ADAPTIVE_SLOT_COST = 0.01;

/**
 * An env's kwargs under a budget mode: `fixed` adds `resizable: false`; `adaptive` adds
 * `resizable: true` and the default `slotCost` when none is set. Idempotent. A kwarg that contradicts
 * the mode (`resizable: true` under `fixed`, `false` under `adaptive`) is a `ConfigError` at `path`.
 */
export function budgetKwargs(kwargs: Readonly<Record<string, unknown>>, mode: BudgetMode, path = 'kwargs'): Record<string, unknown> {
  const wanted = mode === 'adaptive';
  if (kwargs.resizable !== undefined && kwargs.resizable !== wanted) {
    throw new ConfigError(
      `${path}.resizable`,
      `expected ${wanted} or no resizable under "budget": "${mode}", got ${JSON.stringify(kwargs.resizable)}; ` +
        (mode === 'fixed' ? 'set "budget": "adaptive" to let agents GROW/SHRINK' : 'use "budget": "fixed" for a fixed N'),
    );
  }
  if (mode === 'fixed') return { ...kwargs, resizable: false };
  return { ...kwargs, resizable: true, slotCost: kwargs.slotCost ?? DEFAULT_ADAPTIVE_SLOT_COST };
}

/** The budget of one env of a comparison, as measured. */
export interface EnvBudget {
  env: string;
  mode: BudgetMode;
  /** Reward cost per slot per step. */
  slotCost: number;
  /** Smallest and largest mean slot count N over the agents (NaN when none finished). */
  minSlotCount: number;
  maxSlotCount: number;
  /** The agents at those extremes. */
  minAgent: string;
  maxAgent: string;
  /** True when every agent ran with the same mean N. */
  equal: boolean;
}

/** Mean slot counts closer than this count as equal. */
const SLOT_TOLERANCE = 1e-6;

/** The measured budget of an env from its rows (`slotCount` per agent; failed agents left out). */
export function measureBudget(
  env: string,
  mode: BudgetMode,
  slotCost: number,
  rows: readonly { agent: string; slotCount: number; error?: string }[],
): EnvBudget {
  const done = rows.filter((r) => r.error === undefined && Number.isFinite(r.slotCount));
  let min = done[0];
  let max = done[0];
  for (const r of done) {
    if (min === undefined || r.slotCount < min.slotCount) min = r;
    if (max === undefined || r.slotCount > max.slotCount) max = r;
  }
  const minSlotCount = min?.slotCount ?? NaN;
  const maxSlotCount = max?.slotCount ?? NaN;
  return {
    env,
    mode,
    slotCost,
    minSlotCount,
    maxSlotCount,
    minAgent: min?.agent ?? '',
    maxAgent: max?.agent ?? '',
    equal: !(maxSlotCount - minSlotCount > SLOT_TOLERANCE),
  };
}

/** One line saying which budget mode ran. */
export function budgetLine(b: EnvBudget): string {
  return b.mode === 'fixed'
    ? `budget: fixed — every agent gets the env's N slots (GROW/SHRINK masked)${b.slotCost > 0 ? `, slotCost ${b.slotCost}` : ''}`
    : `budget: adaptive — agents may GROW/SHRINK at slotCost ${b.slotCost} per slot per step; fixed policies keep the formula's N`;
}

/** The footer of a comparison whose agents ran with different slot counts, else undefined. */
export function budgetWarning(b: EnvBudget): string | undefined {
  if (b.equal) return undefined;
  const f = (x: number): string => x.toFixed(2);
  return (
    `budgets differ: mean slot count N from ${f(b.minSlotCount)} (${b.minAgent}) to ${f(b.maxSlotCount)} (${b.maxAgent}) — ` +
    'accuracies are not at equal memory'
  );
}

/** An env with its kwargs under the budget mode. */
export function budgetedEnv(env: CompareEnv, mode: BudgetMode): CompareEnv {
  return { ...env, kwargs: budgetKwargs(env.kwargs, mode, `envs[${JSON.stringify(env.name)}].kwargs`) };
}
