/**
 * A comparison as cells: finished cells are stored and a rerun with the same outDir skips them (resume,
 * counted in trainings); an interrupted run keeps its finished cells and a rerun completes it exactly;
 * two worker processes give the same outputs as one process. A tiny recall config (ideal reader).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareConfigSchema, comparePlan } from '../../src/cli/commands/compare.js';
import { planCells } from '../../src/experiment/compare-cells.js';
import { scheduleOrder } from '../../src/experiment/compare-run.js';
import { runComparison, type CellEvent, type CompareResult, type RunComparisonOptions } from '../../src/experiment/compare.js';
import { parseConfig } from '../../src/util/zod-config.js';
import { useWasm } from '../helpers/tf.js';

const tmp = mkdtempSync(join(tmpdir(), 'memgym-cells-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await useWasm();
});

const plan = comparePlan(
  parseConfig(compareConfigSchema, {
    envs: [{ id: 'memgym/Recall-Easy-v0', name: 'easy', kwargs: { reader: 'ideal', params: { length: 30 } } }],
    agents: [{ type: 'ppo', hyperparameters: { numSteps: 16, numMinibatches: 1, updateEpochs: 1 } }, 'fifo', 'random'],
    seeds: [1, 2],
    training: { numEnvs: 2, totalTimesteps: 64 },
    eval: { episodes: 2, numEnvs: 2 },
    slotSweep: [2],
  }),
);

interface Run {
  result: CompareResult;
  events: CellEvent[];
  trainings: number;
}

async function run(outDir: string, extra: Partial<RunComparisonOptions> = {}): Promise<Run> {
  const events: CellEvent[] = [];
  let trainings = 0;
  const result = await runComparison({
    plan,
    outDir,
    backend: 'wasm',
    ...extra,
    onStatus: (line) => {
      if (/training ppo/.test(line)) trainings += 1;
    },
    onCell: (e) => {
      events.push(e);
      extra.onCell?.(e);
    },
  });
  return { result, events, trainings };
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

describe('comparison cells', () => {
  const first = join(tmp, 'first');
  let reference: Run;

  it('stores every finished cell; a rerun with the same outDir runs none again', { timeout: 120_000 }, async () => {
    reference = await run(first);
    expect(reference.result.complete).toBe(true);
    expect(reference.trainings).toBe(2);
    expect(reference.events.map((e) => e.reused)).toEqual(Array(6).fill(false));
    expect(readdirSync(join(first, 'cells'))).toHaveLength(6);
    const lines = read(first, 'results.jsonl');
    const episodes = read(first, 'episodes.csv');

    const again = await run(first);
    expect(again.trainings).toBe(0);
    expect(again.events.map((e) => e.reused)).toEqual(Array(6).fill(true));
    expect(again.result).toEqual(reference.result);
    // the incremental files are rewritten from the stored cells, the same as the first time
    expect(read(first, 'results.jsonl')).toBe(lines);
    expect(read(first, 'episodes.csv')).toBe(episodes);
  });

  it('an interrupted run keeps its finished cells; the rerun completes it identically', { timeout: 120_000 }, async () => {
    const dir = join(tmp, 'interrupted');
    let settled = 0;
    const stopped = await run(dir, { onCell: () => (settled += 1), shouldStop: () => settled >= 3 });
    expect(stopped.result.complete).toBe(false);
    expect(readdirSync(join(dir, 'cells'))).toHaveLength(3);
    const resumed = await run(dir);
    expect(resumed.events.filter((e) => e.reused)).toHaveLength(3);
    expect(resumed.trainings).toBe(1); // seed 1's ppo was stored; seed 2's runs now
    expect(resumed.result).toEqual(reference.result);
    expect(read(dir, 'results.jsonl')).toBe(read(first, 'results.jsonl'));
  });

  it('two worker processes give the outputs of one process', { timeout: 180_000 }, async () => {
    const dir = join(tmp, 'workers');
    const parallel = await run(dir, { workers: 2 });
    expect(parallel.trainings).toBe(2);
    expect(parallel.result).toEqual(reference.result);
    for (const file of ['results.jsonl', 'episodes.csv']) expect(read(dir, file), file).toBe(read(first, file));
    expect(existsSync(join(dir, 'agents', 'easy--ppo--seed2', 'agent.json'))).toBe(true);
  });
});

describe('scheduleOrder', () => {
  it('starts learners first (the first seed, with its sweep, before the others), then cells with a sweep', () => {
    const cells = planCells(plan, { outDir: tmp, backend: 'wasm', code: { memgym: '0', source: 'x', tfjs: '0', node: '0' } });
    const order = scheduleOrder(cells).map((c) => `${c.spec.type === 'fixed' ? c.spec.policy : c.spec.type} s${c.seed}`);
    expect(order).toEqual(['ppo s1', 'ppo s2', 'fifo s1', 'random s1', 'fifo s2', 'random s2']);
  });
});
