import { describe, expect, it } from 'vitest';
import { datasetBits, generateDataset, prefixDataset } from '../../src/capacity/data.js';
import { ConfigError } from '../../src/util/errors.js';

function rows(tokens: Int32Array, length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += length) out.push(Array.from(tokens.subarray(i, i + length)).join(','));
  return out;
}

describe('generateDataset', () => {
  it('draws N distinct sequences with labels in range (next-token: one per sequence)', () => {
    const d = generateDataset({ setting: 'next-token', count: 500, length: 3, vocabSize: 10, numLabels: 7, seed: 1 });
    expect(d.tokens.length).toBe(1500);
    expect(d.labels.length).toBe(500);
    expect(new Set(rows(d.tokens, 3)).size).toBe(500);
    expect(Math.min(...d.tokens)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d.tokens)).toBeLessThan(10);
    expect(Math.max(...d.labels)).toBeLessThan(7);
    expect(new Set(d.labels).size).toBe(7);
  });

  it('seq2seq has one label per position', () => {
    const d = generateDataset({ setting: 'seq2seq', count: 20, length: 5, vocabSize: 4, numLabels: 3, seed: 2 });
    expect(d.labels.length).toBe(100);
    expect(datasetBits(d)).toBeCloseTo(100 * Math.log2(3));
  });

  it('is deterministic in the seed and differs across seeds', () => {
    const opts = { setting: 'next-token', count: 50, length: 6, vocabSize: 5, numLabels: 4 } as const;
    const a = generateDataset({ ...opts, seed: 3 });
    const b = generateDataset({ ...opts, seed: 3 });
    const c = generateDataset({ ...opts, seed: 4 });
    expect(b.tokens).toEqual(a.tokens);
    expect(b.labels).toEqual(a.labels);
    expect(c.tokens).not.toEqual(a.tokens);
  });

  it('enumerates when N is close to vocab^n, and can take every sequence', () => {
    const d = generateDataset({ setting: 'next-token', count: 16, length: 4, vocabSize: 2, numLabels: 2, seed: 0 });
    expect(new Set(rows(d.tokens, 4)).size).toBe(16);
  });

  it('rejects N above vocab^n with a clear message', () => {
    expect(() => generateDataset({ setting: 'next-token', count: 9, length: 3, vocabSize: 2, numLabels: 2, seed: 0 })).toThrow(ConfigError);
    expect(() => generateDataset({ setting: 'next-token', count: 9, length: 3, vocabSize: 2, numLabels: 2, seed: 0 })).toThrow(/2\^3 = 8/);
    expect(() => generateDataset({ setting: 'next-token', count: 0, length: 3, vocabSize: 2, numLabels: 2, seed: 0 })).toThrow(/got 0/);
  });

  it('prefixes are nested data sets', () => {
    const d = generateDataset({ setting: 'seq2seq', count: 30, length: 4, vocabSize: 6, numLabels: 5, seed: 9 });
    const p = prefixDataset(d, 10);
    expect(p.count).toBe(10);
    expect(p.tokens).toEqual(d.tokens.slice(0, 40));
    expect(p.labels).toEqual(d.labels.slice(0, 40));
    expect(() => prefixDataset(d, 31)).toThrow(/\[1, 30\], got 31/);
  });
});
