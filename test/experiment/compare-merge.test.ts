/**
 * Merging cell results: whatever order results arrive in, the merged comparison and the lines of
 * results.jsonl / episodes.csv are the same as when cells ran one after another; an agent that failed on
 * a seed is left out of its later seeds on that env, even when those ran in parallel.
 */
import { describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import type { CodeVersion } from '../../src/experiment/cell-key.js';
import type { CellResult, CompareCell } from '../../src/experiment/compare-cell.js';
import { planCells } from '../../src/experiment/compare-cells.js';
import { ComparisonMerge, type MergedLines } from '../../src/experiment/compare-merge.js';
import type { EpisodeMetrics } from '../../src/experiment/evaluate.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { Rng } from '../../src/util/rng.js';

const CODE: CodeVersion = { memgym: '0.0.0', source: 'abc', tfjs: '4.22.0', node: '20.0.0' };
const plan = comparePlan(
  parseConfig(compareConfigSchema, {
    envs: ['memgym/Recall-Easy-v0', { id: 'memgym/Recall-Easy-v0', name: 'ideal', kwargs: { reader: 'ideal' } }],
    agents: ['random', 'fifo', 'oracle', { type: 'ppo' }],
    seeds: [1, 2, 3],
    eval: { episodes: 3 },
    slotSweep: [2],
  }),
);
const cells = planCells(plan, { outDir: '/tmp/nowhere', backend: 'wasm', code: CODE });

/** A made-up result: episodes finish out of seed order; ppo trains; fifo fails on env 'ideal', seed 2. */
function fakeResult(cell: CompareCell): CellResult {
  const agent = cell.spec.type === 'fixed' ? (cell.spec.policy as string) : cell.spec.type;
  const rng = new Rng(`${cell.key}`);
  const episodes: EpisodeMetrics[] = [2, 0, 1].map((k) => ({
    seed: cell.baseSeed + k,
    accuracy: rng.next(),
    queries: 10,
    correct: rng.int(10),
    return: rng.uniform(-1, 5),
    length: 60,
    slotsUsed: rng.uniform(1, 4),
    slotCount: 4,
    retrievalsPerQuery: 1,
    evictions: rng.int(5),
  }));
  const failed = cell.env.name === 'ideal' && agent === 'fifo' && cell.seed === 2;
  return {
    key: cell.key,
    env: cell.env.name,
    agent,
    seed: cell.seed,
    episodes: failed ? episodes.slice(0, 1) : episodes,
    evaluated: !failed,
    updates:
      agent === 'ppo' ? [1, 2].map((u) => ({ globalStep: u * 64, episodicReturnMean: rng.next() }) as CellResult['updates'][number]) : [],
    sweep: cell.slotSweep.map((slots) => ({ slots, accuracy: rng.next() })),
    ...(failed ? { error: 'act() returned 99' } : {}),
    interrupted: false,
  };
}

function concat(parts: MergedLines[]): MergedLines {
  return { results: parts.flatMap((p) => p.results), episodes: parts.flatMap((p) => p.episodes), failed: parts.flatMap((p) => p.failed) };
}

function mergeInOrder(order: readonly number[]): { lines: MergedLines; result: ReturnType<ComparisonMerge['result']> } {
  const merge = new ComparisonMerge(plan, cells);
  const parts: MergedLines[] = [];
  for (const i of order) {
    merge.settle(i, fakeResult(cells[i] as CompareCell));
    parts.push(merge.takeLines());
  }
  parts.push(merge.takeLines(true));
  expect(merge.done()).toBe(true);
  return { lines: concat(parts), result: merge.result(true) };
}

describe('ComparisonMerge', () => {
  const inOrder = mergeInOrder(cells.map((_, i) => i));

  it('gives the rows, curves, sweep and failures of the sequential run', () => {
    const { result } = inOrder;
    expect(result.rows.map((r) => `${r.env}/${r.agent}`)).toEqual([
      'memgym/Recall-Easy-v0/random',
      'memgym/Recall-Easy-v0/fifo',
      'memgym/Recall-Easy-v0/oracle',
      'memgym/Recall-Easy-v0/ppo',
      'ideal/random',
      'ideal/fifo',
      'ideal/oracle',
      'ideal/ppo',
    ]);
    const fifo = result.rows.find((r) => r.env === 'ideal' && r.agent === 'fifo');
    expect(fifo?.seedAccuracies).toHaveLength(1); // seed 1 only: failed on seed 2, seed 3 left out
    expect(fifo?.error).toBe('act() returned 99');
    expect(result.failures).toEqual([{ env: 'ideal', agent: 'fifo', seed: 2, error: 'act() returned 99' }]);
    expect(result.curves.map((c) => `${c.env}/${c.seed}`)).toEqual([
      'memgym/Recall-Easy-v0/1',
      'memgym/Recall-Easy-v0/2',
      'memgym/Recall-Easy-v0/3',
      'ideal/1',
      'ideal/2',
      'ideal/3',
    ]);
    expect(result.sweep).toHaveLength(8);
    expect(result.budgets).toHaveLength(2);
    expect(result.margins.map((m) => m.learner)).toEqual(['ppo', 'ppo']);
    // results.jsonl: per cell its result line, then its sweep lines; the failure as an error line
    expect(inOrder.lines.results.filter((l) => 'error' in l)).toEqual([
      { env: 'ideal', agent: 'fifo', seed: 2, error: 'act() returned 99' },
    ]);
    expect(inOrder.lines.failed.map((r) => r.agent)).toEqual(['fifo']);
    // episodes.csv keeps the order episodes finished in, and the failed cell's finished episode
    expect(inOrder.lines.episodes[0]).toMatchObject({
      env: 'memgym/Recall-Easy-v0',
      agent: 'random',
      seed: 1,
      episodeSeed: (cells[0]?.baseSeed as number) + 2,
    });
    expect(inOrder.lines.episodes).toHaveLength(22 * 3 + 1); // 24 cells, one left out, one failed after 1 episode
  });

  it('gives identical outputs for results arriving in any order', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 6; trial++) {
      const order = rng.shuffle(cells.map((_, i) => i));
      expect(mergeInOrder(order)).toEqual(inOrder);
    }
  });

  it('writes lines only for the settled prefix until the final take', () => {
    const merge = new ComparisonMerge(plan, cells);
    merge.settle(1, fakeResult(cells[1] as CompareCell));
    expect(merge.takeLines().results).toEqual([]);
    merge.settle(0, fakeResult(cells[0] as CompareCell));
    expect(merge.takeLines().results.map((l) => l.agent)).toEqual(['random', 'random', 'fifo', 'fifo']);
    merge.settle(5, fakeResult(cells[5] as CompareCell));
    expect(merge.takeLines().results).toEqual([]);
    expect(merge.takeLines(true).results.map((l) => l.agent)).toEqual(['fifo']); // seed 2's fifo: no sweep
    expect(merge.result(false).rows.map((r) => r.agent)).toEqual(['random', 'fifo']);
  });
});
