import { describe, expect, it } from 'vitest';
import { cosine, cosineRow, dotRows, norm, rowNorm, softmax, softRead, softWrite } from '../../src/memory/math.js';
import { MemoryError } from '../../src/util/errors.js';

const E = Math.E;
// softmax([1, 0]) = [e/(e+1), 1/(e+1)] = [0.7310586, 0.2689414]
const W1 = E / (E + 1);
const W0 = 1 / (E + 1);

describe('softmax', () => {
  it('matches hand-computed values', () => {
    // exp([1,2,3]) / sum = [2.71828, 7.38906, 20.08554] / 30.19287
    const p = softmax([1, 2, 3]);
    expect(p[0]).toBeCloseTo(0.0900306, 6);
    expect(p[1]).toBeCloseTo(0.2447285, 6);
    expect(p[2]).toBeCloseTo(0.665241, 6);
  });

  it('is numerically stable for large scores', () => {
    const p = softmax([1000, 1000, -1000]);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(0.5, 6);
    expect(p[2]).toBe(0);
  });

  it('gives masked entries 0 and renormalises the rest', () => {
    // exp(1) / (exp(1) + exp(3)) = 1 / (1 + e^2) = 0.1192029
    const p = softmax([1, 2, 3], undefined, [1, 0, 1]);
    expect(p[0]).toBeCloseTo(0.1192029, 6);
    expect(p[1]).toBe(0);
    expect(p[2]).toBeCloseTo(0.8807971, 6);
  });

  it('gives all zeros when everything is masked or -Infinity', () => {
    expect(Array.from(softmax([1, 2], undefined, [0, 0]))).toEqual([0, 0]);
    expect(Array.from(softmax([-Infinity, -Infinity]))).toEqual([0, 0]);
    expect(Array.from(softmax([]))).toEqual([]);
  });

  it('shares the mass among +Infinity entries', () => {
    expect(Array.from(softmax([Infinity, 3, Infinity]))).toEqual([0.5, 0, 0.5]);
  });

  it('writes into out and returns it', () => {
    const out = new Float32Array(2);
    expect(softmax([0, 0], out)).toBe(out);
    expect(Array.from(out)).toEqual([0.5, 0.5]);
  });
});

describe('dotRows, norms and cosine', () => {
  const M = new Float32Array([1, 2, 3, -1, 9, 9]); // 3 rows of d=2; only 2 used below
  it('computes k·M_i over the first n rows', () => {
    expect(Array.from(dotRows(M, 2, 2, [1, 1]))).toEqual([3, 2]);
  });
  it('rejects a key of the wrong length', () => {
    expect(() => dotRows(M, 2, 2, [1, 1, 1])).toThrow(MemoryError);
    expect(() => dotRows(M, 2, 2, [1, 1, 1])).toThrow('expected key of length 2, got 3');
  });
  it('computes norms and cosines', () => {
    expect(rowNorm(new Float32Array([0, 0, 3, 4]), 2, 1)).toBeCloseTo(5, 6);
    expect(norm([3, 4])).toBeCloseTo(5, 6);
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 6);
    expect(cosine([1, 0], [-2, 0])).toBeCloseTo(-1, 6);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosineRow(M, 2, 1, [3, -1])).toBeCloseTo(1, 6);
    expect(() => cosine([1], [1, 2])).toThrow(MemoryError);
  });
});

describe('softWrite', () => {
  it('implements w = softmax(k·M), M_i ← λ·M_i + w_i·v (2×2 example)', () => {
    // M = [[1,0],[0,1]], k_w = [1,0] ⇒ scores [1,0] ⇒ w = [W1, W0] = [0.7310586, 0.2689414]
    // λ = 0.5, v = [2,4]:
    //   M0 = 0.5·[1,0] + 0.7310586·[2,4] = [1.9621172, 2.9242344]
    //   M1 = 0.5·[0,1] + 0.2689414·[2,4] = [0.5378828, 1.5757656]
    const memory = new Float32Array([1, 0, 0, 1]);
    const before = memory.slice();
    const { memory: out, weights } = softWrite({ memory, n: 2, d: 2, writeKey: [1, 0], writeValue: [2, 4], decay: 0.5 });
    expect(weights[0]).toBeCloseTo(W1, 6);
    expect(weights[1]).toBeCloseTo(W0, 6);
    expect(out[0]).toBeCloseTo(1.9621172, 5);
    expect(out[1]).toBeCloseTo(2.9242344, 5);
    expect(out[2]).toBeCloseTo(0.5378828, 5);
    expect(out[3]).toBeCloseTo(1.5757656, 5);
    expect(Array.from(memory)).toEqual(Array.from(before)); // input not mutated
    expect(out).not.toBe(memory);
  });

  it('masks rows out of addressing but still decays them', () => {
    // mask [0,1] ⇒ w = [0,1]; M0 = 0.5·[1,0]; M1 = 0.5·[0,1] + [2,4] = [2, 4.5]
    const { memory, weights } = softWrite({
      memory: new Float32Array([1, 0, 0, 1]),
      n: 2,
      d: 2,
      writeKey: [1, 0],
      writeValue: [2, 4],
      decay: 0.5,
      mask: [0, 1],
    });
    expect(Array.from(weights)).toEqual([0, 1]);
    expect(Array.from(memory)).toEqual([0.5, 0, 2, 4.5]);
  });

  it('accepts a per-row decay and leaves rows ≥ n untouched', () => {
    // M = [[0,0],[0,2],[7,7]], n = 2, key [1,0] ⇒ scores [0,0] ⇒ w = [0.5,0.5]
    // λ = [1, 0.5], v = [2,0]: M0 = [1,0]; M1 = [0,1] + [1,0] = [1,1]; row 2 copied.
    const { memory } = softWrite({
      memory: new Float32Array([0, 0, 0, 2, 7, 7]),
      n: 2,
      d: 2,
      writeKey: [1, 0],
      writeValue: [2, 0],
      decay: [1, 0.5],
    });
    expect(Array.from(memory)).toEqual([1, 0, 1, 1, 7, 7]);
  });

  it('applies the scale (inverse temperature) to the scores', () => {
    const memory = new Float32Array([1, 0, 0, 1]);
    const a = softWrite({ memory, n: 2, d: 2, writeKey: [2, 0], writeValue: [1, 1], decay: 1, scale: 0.5 });
    const b = softWrite({ memory, n: 2, d: 2, writeKey: [1, 0], writeValue: [1, 1], decay: 1 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('rejects a decay outside [0, 1]', () => {
    expect(() => softWrite({ memory: new Float32Array(4), n: 2, d: 2, writeKey: [1, 0], writeValue: [1, 0], decay: 1.5 })).toThrow(
      'expected a decay in [0, 1] for row 0, got 1.5',
    );
  });
});

describe('softRead', () => {
  it('implements c = Σ softmax(k·M_i)·M_i (2×2 example)', () => {
    // M = [[1,2],[3,-1]], k_r = [1,1] ⇒ scores [3,2] ⇒ w = [W1, W0]
    // c = 0.7310586·[1,2] + 0.2689414·[3,-1] = [1.5378828, 1.1931758]
    const memory = new Float32Array([1, 2, 3, -1]);
    const { content, weights } = softRead({ memory, n: 2, d: 2, readKey: [1, 1] });
    expect(weights[0]).toBeCloseTo(W1, 6);
    expect(weights[1]).toBeCloseTo(W0, 6);
    expect(content[0]).toBeCloseTo(1.5378828, 5);
    expect(content[1]).toBeCloseTo(1.1931758, 5);
  });

  it('reads only unmasked rows; all masked gives zeros', () => {
    const memory = new Float32Array([1, 2, 3, -1]);
    expect(Array.from(softRead({ memory, n: 2, d: 2, readKey: [1, 1], mask: [0, 1] }).content)).toEqual([3, -1]);
    const none = softRead({ memory, n: 2, d: 2, readKey: [1, 1], mask: [0, 0] });
    expect(Array.from(none.content)).toEqual([0, 0]);
    expect(Array.from(none.weights)).toEqual([0, 0]);
  });
});
