import { beforeAll, describe, expect, it } from 'vitest';
import type { CapacityDataset } from '../../src/capacity/data.js';
import { CapacityTransformer, countTransformerParams, type TransformerShape } from '../../src/capacity/model.js';
import { searchMinimalSize, sizeGrid } from '../../src/capacity/search.js';
import { trainToMemorize } from '../../src/capacity/train.js';
import { useWasm } from '../helpers/tf.js';

/** A trial that memorizes exactly when the grid index is at least `threshold`; records what it ran. */
function oracle(threshold: number): { trial: (i: number) => Promise<{ memorized: boolean }>; ran: number[] } {
  const ran: number[] = [];
  return {
    ran,
    trial: async (i) => {
      ran.push(i);
      return { memorized: i >= threshold };
    },
  };
}

describe('sizeGrid', () => {
  it('orders width × depth by parameter count and numbers the entries', () => {
    const g = sizeGrid([8, 4, 16], [2, 1], (w, d) => d * w * w + 10 * w);
    expect(g.map((c) => c.params)).toEqual([...g.map((c) => c.params)].sort((a, b) => a - b));
    expect(g.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g[0]).toMatchObject({ width: 4, depth: 1, params: 56 });
  });
});

describe('searchMinimalSize (oracle)', () => {
  it('ascend finds the known minimum and stops there', async () => {
    const o = oracle(5);
    const r = await searchMinimalSize(10, o.trial, { strategy: 'ascend' });
    expect(r.minimal).toBe(5);
    expect(r.censored).toBe('none');
    expect(o.ran).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('bisect finds the same minimum in ~log2 trials', async () => {
    for (const threshold of [0, 1, 6, 9]) {
      const o = oracle(threshold);
      const r = await searchMinimalSize(10, o.trial, { strategy: 'bisect' });
      expect(r.minimal).toBe(threshold);
      expect(o.ran.length).toBeLessThanOrEqual(4);
    }
  });

  it('warm start skips smaller sizes; floor and exhausted grid are censored', async () => {
    const warm = oracle(5);
    expect((await searchMinimalSize(10, warm.trial, { strategy: 'ascend', start: 4 })).minimal).toBe(5);
    expect(warm.ran).toEqual([4, 5]);
    expect((await searchMinimalSize(10, oracle(0).trial, { strategy: 'ascend' })).censored).toBe('below');
    const none = await searchMinimalSize(10, oracle(99).trial, { strategy: 'bisect' });
    expect(none).toMatchObject({ minimal: undefined, censored: 'above' });
  });

  it('stops without a verdict when a trial is interrupted', async () => {
    const r = await searchMinimalSize(10, async (i) => ({ memorized: false, interrupted: i === 2 }), { strategy: 'ascend' });
    expect(r).toMatchObject({ interrupted: true, minimal: undefined });
    expect(r.trials).toHaveLength(3);
  });
});

describe('searchMinimalSize with real training (trivial case)', () => {
  beforeAll(async () => {
    await useWasm();
  });

  const shape = (depth: number): TransformerShape => ({
    vocabSize: 2,
    length: 2,
    numLabels: 2,
    width: 4,
    depth,
    heads: 1,
    ffMult: 2,
    head: 'last',
  });
  const grid = sizeGrid([4], [0, 1], (_w, d) => countTransformerParams(shape(d)).total);
  const search = (data: CapacityDataset): ReturnType<typeof searchMinimalSize<{ memorized: boolean }>> =>
    searchMinimalSize(
      grid.length,
      async (i) => {
        const m = CapacityTransformer.create(shape(grid[i]!.depth), 1);
        try {
          return await trainToMemorize(m, data, { learningRate: 0.05, maxSteps: 200, clipNorm: 1 });
        } finally {
          m.dispose();
        }
      },
      { strategy: 'ascend' },
    );
  const data = (tokens: number[]): CapacityDataset => ({
    setting: 'next-token',
    count: 2,
    length: 2,
    vocabSize: 2,
    numLabels: 2,
    tokens: Int32Array.from(tokens),
    labels: Int32Array.from([0, 1]),
  });

  it('needs one attention block when the labels depend on an earlier token', async () => {
    // Both sequences end in token 1: without attention the last-token head cannot tell them apart.
    const r = await search(data([0, 1, 1, 1]));
    expect(grid[0]!.depth).toBe(0);
    expect(r.minimal).toBe(1);
    expect(grid[r.minimal!]!.depth).toBe(1);
    expect(r.trials.map((t) => t.outcome.memorized)).toEqual([false, true]);
  });

  it('finds the embedding-only model enough when the last tokens differ', async () => {
    const r = await search(data([0, 0, 0, 1]));
    expect(r).toMatchObject({ minimal: 0, censored: 'below' });
  });
});
