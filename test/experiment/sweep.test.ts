/** Sweep expansion (grid, seeded random search, agent entries) and ranking, pure. */
import { describe, expect, it } from 'vitest';
import { expandSweep, rankSweep } from '../../src/experiment/sweep.js';
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
});
