import { describe, expect, it } from 'vitest';
import { orthogonalMatrix } from '../../../src/rl/networks/layers.js';
import { Rng } from '../../../src/util/rng.js';

/** Gram matrix of the columns (rows ≥ cols) or rows (rows < cols). */
function gram(w: Float32Array, rows: number, cols: number): number[][] {
  const n = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const at = (k: number, i: number): number => (rows >= cols ? (w[i * cols + k] as number) : (w[k * cols + i] as number));
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      return s;
    }),
  );
}

describe('orthogonalMatrix', () => {
  for (const [rows, cols] of [
    [8, 3],
    [3, 8],
    [5, 5],
  ] as const) {
    it(`${rows}×${cols} has orthogonal vectors of norm gain`, () => {
      const gain = Math.SQRT2;
      const g = gram(orthogonalMatrix(rows, cols, gain, new Rng(2)), rows, cols);
      g.forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? gain * gain : 0, 4)));
    });
  }

  it('is seeded', () => {
    expect(Array.from(orthogonalMatrix(4, 3, 1, new Rng(9)))).toEqual(Array.from(orthogonalMatrix(4, 3, 1, new Rng(9))));
    expect(Array.from(orthogonalMatrix(4, 3, 1, new Rng(9)))).not.toEqual(Array.from(orthogonalMatrix(4, 3, 1, new Rng(10))));
  });
});
