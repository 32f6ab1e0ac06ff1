/**
 * Fair slot budgets in a comparison: by default every agent gets the env's N (GROW masked), so a
 * memory-hungry agent cannot out-remember the fixed policies; `adaptive` lets it grow at a slot cost,
 * and the table says the budgets differ.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { budgetKwargs, budgetWarning, DEFAULT_ADAPTIVE_SLOT_COST, measureBudget } from '../../src/experiment/compare-budget.js';
import { formatComparison } from '../../src/experiment/compare-report.js';
import { runComparison, type CompareResult } from '../../src/experiment/compare.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { ConfigError } from '../../src/util/errors.js';

const GROW_AGENT = join(import.meta.dirname, 'fixtures', 'grow-agent.ts');

async function compare(budget: 'fixed' | 'adaptive' | undefined): Promise<CompareResult> {
  const config = parseConfig(compareConfigSchema, {
    envs: [{ id: 'memgym/Recall-Easy-v0', name: 'easy', kwargs: { reader: 'ideal', params: { length: 40 } } }],
    agents: ['fifo', GROW_AGENT],
    seeds: [1],
    eval: { episodes: 2, numEnvs: 2 },
    ...(budget === undefined ? {} : { budget }),
  });
  const plan = comparePlan(config);
  return runComparison({ plan, outDir: mkdtempSync(join(tmpdir(), 'memgym-budget-')) });
}

const row = (r: CompareResult, agent: string) => r.rows.find((x) => x.agent === agent);

describe('budgetKwargs', () => {
  it('fixed masks resizing; adaptive allows it at the default slot cost unless one is set', () => {
    expect(budgetKwargs({ reader: 'ideal' }, 'fixed')).toEqual({ reader: 'ideal', resizable: false });
    expect(budgetKwargs({}, 'adaptive')).toEqual({ resizable: true, slotCost: DEFAULT_ADAPTIVE_SLOT_COST });
    expect(budgetKwargs({ slotCost: 0.2 }, 'adaptive')).toEqual({ resizable: true, slotCost: 0.2 });
    expect(DEFAULT_ADAPTIVE_SLOT_COST).toBeGreaterThan(0);
    const once = budgetKwargs({}, 'adaptive');
    expect(budgetKwargs(once, 'adaptive')).toEqual(once);
  });

  it('rejects a kwarg that contradicts the mode', () => {
    expect(() => budgetKwargs({ resizable: true }, 'fixed', 'envs[0].kwargs')).toThrow(ConfigError);
    expect(() => budgetKwargs({ resizable: true }, 'fixed', 'envs[0].kwargs')).toThrow(
      /envs\[0\]\.kwargs\.resizable: expected false or no resizable/,
    );
  });

  it('measureBudget flags unequal slot counts', () => {
    const equal = measureBudget('e', 'fixed', 0, [
      { agent: 'a', slotCount: 4 },
      { agent: 'b', slotCount: 4 },
    ]);
    expect(equal.equal).toBe(true);
    expect(budgetWarning(equal)).toBeUndefined();
    const unequal = measureBudget('e', 'adaptive', 0.01, [
      { agent: 'a', slotCount: 4 },
      { agent: 'b', slotCount: 8.14 },
      { agent: 'c', slotCount: 9, error: 'x' },
    ]);
    expect(unequal).toMatchObject({ equal: false, minAgent: 'a', maxAgent: 'b', maxSlotCount: 8.14 });
    expect(budgetWarning(unequal)).toContain('budgets differ: mean slot count N from 4.00 (a) to 8.14 (b)');
  });
});

describe('compare budgets', () => {
  it('default (fixed): a GROW-happy agent keeps the fixed policies N; the table says so', { timeout: 60_000 }, async () => {
    const result = await compare(undefined);
    const fifo = row(result, 'fifo');
    const grow = row(result, 'grow');
    expect(fifo?.slotCount).toBe(4); // Recall easy: N = ceil(0.7·sqrt(32)) = 4
    expect(grow?.slotCount).toBe(4);
    expect(grow?.slotsUsed).toBeLessThanOrEqual(4);
    expect(result.budgets).toEqual([expect.objectContaining({ env: 'easy', mode: 'fixed', equal: true })]);
    const text = formatComparison(result);
    expect(text).toContain('slot count N');
    expect(text).toContain('budget: fixed');
    expect(text).not.toContain('budgets differ');
  });

  it('adaptive: the agent grows, pays the slot cost, and the footer says the budgets differ', { timeout: 60_000 }, async () => {
    const result = await compare('adaptive');
    const fifo = row(result, 'fifo');
    const grow = row(result, 'grow');
    expect(fifo?.slotCount).toBe(4); // fixed policies follow the formula's N
    expect(grow?.slotCount).toBeGreaterThan(7); // grows to maxSlots 8 within the first steps
    expect(result.budgets[0]).toMatchObject({ mode: 'adaptive', slotCost: DEFAULT_ADAPTIVE_SLOT_COST, equal: false, maxAgent: 'grow' });
    // the slot cost is charged: fifo acts the same under both modes and pays 0.01 · N = 0.04 per step over 40 steps
    const fixedFifo = row(await compare('fixed'), 'fifo');
    expect((fixedFifo?.return ?? NaN) - (fifo?.return ?? NaN)).toBeCloseTo(DEFAULT_ADAPTIVE_SLOT_COST * 4 * 40, 6);
    const text = formatComparison(result);
    expect(text).toContain('budget: adaptive');
    expect(text).toContain('budgets differ: mean slot count N from 4.00 (fifo) to');
  });
});
