/** Sweep expansion (grid, seeded random search, agent entries) and ranking, pure. */
import { describe, expect, it } from 'vitest';
import { expandSweep, rankSweep, setPath } from '../../src/experiment/sweep.js';
import type { CompareRow } from '../../src/experiment/compare.js';

const base = { type: 'ppo', hyperparameters: { numSteps: 16 } };

describe('expandSweep', () => {
  it('makes every grid combination, the first key slowest, with named agent entries', () => {
    const points = expandSweep({ base, grid: { learningRate: [0.001, 0.002], 'network.slotHidden': [16, 32] } });
    expect(points.map((p) => p.name)).toEqual([
      'ppo learningRate=0.001 network.slotHidden=16',
      'ppo learningRate=0.001 network.slotHidden=32',
      'ppo learningRate=0.002 network.slotHidden=16',
      'ppo learningRate=0.002 network.slotHidden=32',
    ]);
    expect(points[1]?.agent).toEqual({
      type: 'ppo',
      name: 'ppo learningRate=0.001 network.slotHidden=32',
      hyperparameters: { numSteps: 16, learningRate: 0.001 },
      network: { slotHidden: 32 },
    });
  });

  it('draws random points from the seed alone, inside their ranges, crossed with the grid', () => {
    const space = {
      samples: 3,
      seed: 7,
      space: {
        entCoef: { logUniform: [1e-3, 1e-1] as [number, number] },
        numSteps: { choice: [16, 32] },
        updateEpochs: { intUniform: [1, 4] as [number, number] },
      },
    };
    const a = expandSweep({ base, grid: { learningRate: [1e-3, 2e-3] }, random: space });
    const b = expandSweep({ base, grid: { learningRate: [1e-3, 2e-3] }, random: space });
    expect(a).toEqual(b);
    expect(a).toHaveLength(6);
    for (const p of a) {
      expect(p.params.entCoef as number).toBeGreaterThanOrEqual(1e-3);
      expect(p.params.entCoef as number).toBeLessThanOrEqual(1e-1);
      expect([16, 32]).toContain(p.params.numSteps);
      expect(
        Number.isInteger(p.params.updateEpochs) && (p.params.updateEpochs as number) >= 1 && (p.params.updateEpochs as number) <= 4,
      ).toBe(true);
    }
    // The same random draws under each grid value.
    expect(a.slice(0, 3).map((p) => p.params.entCoef)).toEqual(a.slice(3).map((p) => p.params.entCoef));
    expect(expandSweep({ base, random: { ...space, seed: 8 } })[0]?.params.entCoef).not.toBe(a[0]?.params.entCoef);
  });
});

describe('env kwargs in a sweep', () => {
  it('env. names become nested env kwargs and an env label, not agent hyperparameters', () => {
    const [p] = expandSweep({ base, grid: { learningRate: [0.001], 'env.slotCost': [0.01], 'env.params.numKeys': [8] } });
    expect(p?.name).toBe('ppo learningRate=0.001 env.slotCost=0.01 env.params.numKeys=8');
    expect(p?.agent).toEqual({ type: 'ppo', name: 'ppo learningRate=0.001', hyperparameters: { numSteps: 16, learningRate: 0.001 } });
    expect(p?.envKwargs).toEqual({ slotCost: 0.01, params: { numKeys: 8 } });
    expect(p?.envLabel).toBe('slotCost=0.01 params.numKeys=8');
    expect(expandSweep({ base, grid: { learningRate: [0.001] } })[0]?.envLabel).toBe('');
  });

  it('setPath sets a dotted path without changing its input', () => {
    const kw = { relevance: { alpha: 1 } };
    expect(setPath(kw, 'relevance.beta', 2)).toEqual({ relevance: { alpha: 1, beta: 2 } });
    expect(kw).toEqual({ relevance: { alpha: 1 } });
    expect(setPath({ params: 3 }, 'params.numKeys', 4)).toEqual({ params: { numKeys: 4 } });
  });
});

describe('rankSweep', () => {
  it('ranks points by mean accuracy and leaves out points without a result', () => {
    const points = expandSweep({ base, grid: { learningRate: [1, 2, 3] } });
    const row = (agent: string, accuracy: number): CompareRow => ({ agent, accuracy }) as unknown as CompareRow;
    const ranked = rankSweep(points, [row('ppo learningRate=1', 0.2), row('ppo learningRate=3', 0.5), row('fifo', 0.9)]);
    expect(ranked.map((r) => [r.rank, r.point.params.learningRate])).toEqual([
      [1, 3],
      [2, 1],
    ]);
  });

  it('takes each point’s row on its own env when env kwargs are swept', () => {
    const points = expandSweep({ base, grid: { 'env.slotCost': [0, 1] } });
    const row = (env: string, accuracy: number): CompareRow => ({ env, agent: 'ppo', accuracy }) as unknown as CompareRow;
    const envs = ['e slotCost=0', 'e slotCost=1'];
    const ranked = rankSweep(points, [row('e slotCost=0', 0.1), row('e slotCost=1', 0.7)], (i) => ({
      env: envs[i] as string,
      agent: 'ppo',
    }));
    expect(ranked.map((r) => [r.point.params['env.slotCost'], r.row.accuracy])).toEqual([
      [1, 0.7],
      [0, 0.1],
    ]);
  });
});
