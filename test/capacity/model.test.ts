import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/capacity/data.js';
import { countMemoryParams, MemoryLookupModel } from '../../src/capacity/memory-model.js';
import { CapacityTransformer, countTransformerParams, type TransformerShape } from '../../src/capacity/model.js';
import { trainToMemorize } from '../../src/capacity/train.js';
import { ModelError } from '../../src/util/errors.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

const base: TransformerShape = { vocabSize: 7, length: 5, numLabels: 3, width: 8, depth: 2, heads: 2, ffMult: 2, head: 'last' };

beforeAll(async () => {
  await useWasm();
});

const sizeOf = (vars: tf.Variable[]): number => vars.reduce((a, v) => a + v.size, 0);

describe('CapacityTransformer', () => {
  it('counts exactly the parameters it builds, for every head and depth', () => {
    for (const head of ['last', 'mean', 'per-position', 'none'] as const) {
      for (const depth of [0, 1, 3]) {
        const shape = { ...base, head, depth };
        const m = CapacityTransformer.create(shape, 1);
        const p = countTransformerParams(shape);
        expect(sizeOf(m.variables())).toBe(p.total);
        expect(p.embedding + p.blocks + p.head).toBe(p.total);
        m.dispose();
      }
    }
  });

  it('gives [B, C] logits for next-token heads and [B·n, C] for seq2seq', () => {
    const tokens = tf.tensor2d(
      Int32Array.from({ length: 15 }, (_, i) => i % 7),
      [3, 5],
      'int32',
    );
    for (const [head, rows] of [
      ['last', 3],
      ['mean', 3],
      ['per-position', 15],
    ] as const) {
      const m = CapacityTransformer.create({ ...base, head }, 2);
      const shape = tf.tidy(() => m.logits(tokens).shape);
      expect(shape).toEqual([rows, 3]);
      m.dispose();
    }
    tokens.dispose();
  });

  it('computes the last-token logits exactly as the per-position model does at the last position', () => {
    const tokens = tf.tensor2d(
      Int32Array.from({ length: 15 }, (_, i) => (i * 3) % 7),
      [3, 5],
      'int32',
    );
    const last = CapacityTransformer.create({ ...base, head: 'last' }, 5);
    const all = CapacityTransformer.create({ ...base, head: 'per-position' }, 5);
    const a = tf.tidy(() => last.logits(tokens).arraySync());
    const b = tf.tidy(() => all.logits(tokens).arraySync());
    for (let i = 0; i < 3; i++) {
      for (let c = 0; c < 3; c++) expect(a[i]![c]).toBeCloseTo(b[i * 5 + 4]![c]!, 4);
    }
    tf.dispose([tokens]);
    last.dispose();
    all.dispose();
  });

  it('rejects bad shapes and a head-less logits call', () => {
    expect(() => CapacityTransformer.create({ ...base, heads: 3 }, 0)).toThrow(/divisor of width 8, got 3/);
    const enc = CapacityTransformer.create({ ...base, head: 'none' }, 0);
    const tokens = tf.zeros([1, 5], 'int32') as tf.Tensor2D;
    expect(() => tf.tidy(() => enc.logits(tokens))).toThrow(ModelError);
    tokens.dispose();
    enc.dispose();
  });
});

describe('trainToMemorize', () => {
  const data = generateDataset({ setting: 'next-token', count: 12, length: 4, vocabSize: 6, numLabels: 3, seed: 1 });
  const shape: TransformerShape = { vocabSize: 6, length: 4, numLabels: 3, width: 16, depth: 1, heads: 1, ffMult: 2, head: 'last' };

  it('memorizes a small set, deterministically, without leaking tensors', async () => {
    const before = liveTensors();
    const run = async (): Promise<{ memorized: boolean; steps: number }> => {
      const m = CapacityTransformer.create(shape, 3);
      try {
        return await trainToMemorize(m, data, { learningRate: 0.01, maxSteps: 300, clipNorm: 1, lrDrops: [0.05], lrDropFactor: 0.5 });
      } finally {
        m.dispose();
      }
    };
    const a = await run();
    const b = await run();
    expect(a.memorized).toBe(true);
    expect(a.steps).toBeLessThan(300);
    expect(b).toMatchObject({ memorized: a.memorized, steps: a.steps });
    expect(liveTensors()).toBe(before);
  });

  it('reports a failure at the budget and stops when asked', async () => {
    const m = CapacityTransformer.create(shape, 3);
    const r = await trainToMemorize(m, data, { learningRate: 0.03, maxSteps: 3, clipNorm: 1 });
    expect(r).toMatchObject({ memorized: false, steps: 3 });
    const s = await trainToMemorize(m, data, { learningRate: 0.03, maxSteps: 100, clipNorm: 1, reportEvery: 5, shouldStop: () => true });
    expect(s.interrupted).toBe(true);
    expect(s.steps).toBe(5);
    m.dispose();
  });
});

describe('MemoryLookupModel', () => {
  it('counts trainable weights apart from the N·(d_k + 1) memory numbers and memorizes by lookup', async () => {
    const shape = { vocabSize: 8, length: 4, numLabels: 4, width: 4, depth: 1, heads: 1, ffMult: 2, keyDim: 4 };
    const data = generateDataset({ setting: 'next-token', count: 40, length: 4, vocabSize: 8, numLabels: 4, seed: 2 });
    const before = liveTensors();
    const m = MemoryLookupModel.create(shape, 1);
    expect(sizeOf(m.variables())).toBe(countMemoryParams(shape).trainable);
    expect(countMemoryParams(shape).floatsPerSlot).toBe(5);
    const tokens = tf.tensor2d(data.tokens, [40, 4], 'int32');
    expect(() => tf.tidy(() => m.logits(tokens))).toThrow(/empty memory/);
    m.setMemory(data.tokens, data.labels, data.count);
    expect(m.slots).toBe(40);
    const r = await trainToMemorize(m, data, { learningRate: 0.01, maxSteps: 400, clipNorm: 1 });
    expect(r.memorized).toBe(true);
    tokens.dispose();
    m.dispose();
    expect(liveTensors()).toBe(before);
  });
});
