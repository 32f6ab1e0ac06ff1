import { describe, expect, it } from 'vitest';
import { ImitationDataset } from '../../src/rl/imitation-dataset.js';

const row = (x: number) => Float32Array.of(x, -x);
const mask = Uint8Array.of(1, 1, 0);

describe('ImitationDataset', () => {
  it('grows past its initial size and gathers rows', () => {
    const d = new ImitationDataset(2, 3, 5000);
    for (let i = 0; i < 3000; i++) d.add(row(i), mask, i % 2);
    expect(d.size).toBe(3000);
    const b = d.gather([0, 2999, 1500]);
    expect(Array.from(b.features)).toEqual([0, -0, 2999, -2999, 1500, -1500]);
    expect(Array.from(b.labels)).toEqual([0, 1, 0]);
    expect(Array.from(b.masks)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('overwrites the oldest rows beyond its capacity', () => {
    const d = new ImitationDataset(2, 3, 4);
    for (let i = 0; i < 6; i++) d.add(row(i), mask, 0);
    expect(d.size).toBe(4);
    expect(Array.from(d.gather([0, 1, 2, 3]).features.filter((_, k) => k % 2 === 0))).toEqual([4, 5, 2, 3]);
  });

  it('rejects a label the mask forbids and rows of the wrong size', () => {
    const d = new ImitationDataset(2, 3, 4);
    expect(() => d.add(row(1), mask, 2)).toThrow('expected an expert action in [0, 3) allowed by the mask, got 2');
    expect(() => d.add(Float32Array.of(1), mask, 0)).toThrow('expected 2 features, got 1');
    expect(() => d.gather([0])).toThrow('expected a row in [0, 0), got 0');
  });
});
