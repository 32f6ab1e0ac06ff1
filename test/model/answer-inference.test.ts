import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBatchTensors } from '../../src/model/answer-batch.js';
import { answerLogitsInference } from '../../src/model/answer-inference.js';
import { answerLogits } from '../../src/model/answerer.js';
import { type MatConfig, resolveMatConfig } from '../../src/model/config.js';
import { encodeTensors } from '../../src/model/encoder.js';
import { Mat, selectBackend } from '../../src/model/index.js';
import { ParamStore } from '../../src/model/params.js';
import { encodeInference } from '../../src/model/position-major.js';
import { createMatWeights, type MatWeights } from '../../src/model/weights.js';
import { Rng } from '../../src/util/rng.js';

/** Adds N(0, scale²) noise to every weight: non-zero biases, gains away from 1 (a trained model's kind of values). */
function perturb(store: ParamStore, seed: number, scale = 0.1): void {
  store.variables().forEach((v, i) => {
    tf.tidy(() => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, scale, 'float32', seed + i))));
  });
}

interface Case {
  wc: number;
  n: number;
  /** probability that a context item / slot is present */
  present: number;
}

/** A random batch of B queries (default 5). */
function randomCase(rng: Rng, cfg: MatConfig, c: Case, B = 5) {
  const d = cfg.dModel;
  const vec = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal());
  const mask = (len: number): Uint8Array => Uint8Array.from({ length: len }, () => (rng.next() < c.present ? 1 : 0));
  return {
    queryTokens: Int32Array.from({ length: B * cfg.itemLen }, () => rng.int(cfg.vocabSize)),
    readKeys: vec(B * d),
    context: c.wc > 0 ? vec(B * c.wc * d) : undefined,
    contextMask: c.wc > 0 ? mask(B * c.wc) : undefined,
    memory: c.n > 0 ? vec(B * c.n * d) : undefined,
    memoryMask: c.n > 0 ? mask(B * c.n) : undefined,
  };
}

/** The straightforward path: every array as a tensor, masks multiplied in by the reference answerer. */
function reference(w: MatWeights, cfg: MatConfig, x: ReturnType<typeof randomCase>, c: Case): Float32Array {
  const d = cfg.dModel;
  const B = x.queryTokens.length / cfg.itemLen;
  return tf
    .tidy(() =>
      answerLogits(
        {
          queryTokens: tf.tensor2d(x.queryTokens, [B, cfg.itemLen], 'int32'),
          readKeys: tf.tensor2d(x.readKeys, [B, d]),
          context: x.context ? tf.tensor3d(x.context, [B, c.wc, d]) : undefined,
          contextMask: x.contextMask ? tf.tensor2d(Float32Array.from(x.contextMask), [B, c.wc]) : undefined,
          memory: x.memory ? tf.tensor3d(x.memory, [B, c.n, d]) : undefined,
          memoryMask: x.memoryMask ? tf.tensor2d(Float32Array.from(x.memoryMask), [B, c.n]) : undefined,
        },
        w,
        cfg,
      ),
    )
    .dataSync() as Float32Array;
}

function optimised(w: MatWeights, cfg: MatConfig, x: ReturnType<typeof randomCase>, c: Case, withKeys = true): Float32Array {
  const d = cfg.dModel;
  const B = x.queryTokens.length / cfg.itemLen;
  return tf
    .tidy(() => {
      const batch = answerBatchTensors({ batch: B, queryLen: cfg.itemLen, contextItems: c.wc, slots: c.n, dim: d }, x);
      const readKeys = withKeys ? tf.tensor2d(x.readKeys, [B, d]) : undefined;
      return answerLogitsInference({ batch: B, queryTokens: x.queryTokens, readKeys, ...batch }, w, cfg);
    })
    .dataSync() as Float32Array;
}

function worstDiff(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
  return worst;
}

const CONFIGS: Partial<MatConfig>[] = [
  { vocabSize: 20, itemLen: 3, dModel: 16, nHeads: 2, nLayers: 2, dFF: 32, contextLen: 3, maxSlots: 6, answerLen: 2, seed: 7 },
  { vocabSize: 12, itemLen: 2, dModel: 8, nHeads: 1, nLayers: 1, dFF: 16, contextLen: 2, maxSlots: 3, answerLen: 1, seed: 3 },
  { nLayers: 3, seed: 11 },
  // chained reads (MatConfig.readHops)
  { vocabSize: 20, itemLen: 3, dModel: 16, nHeads: 2, nLayers: 2, dFF: 32, contextLen: 3, maxSlots: 6, answerLen: 2, readHops: 3, seed: 5 },
];

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

describe('answerLogitsInference (Mat.answer) equals the reference answerer', () => {
  const stores: ParamStore[] = [];
  afterAll(() => stores.forEach((s) => s.dispose()));

  CONFIGS.forEach((partial, k) => {
    it(`config ${k}: no, empty, partial and full memory; with and without (masked) context`, () => {
      const cfg = resolveMatConfig(partial);
      const store = new ParamStore(cfg.seed);
      stores.push(store);
      const w = createMatWeights(store, cfg);
      const rng = new Rng(100 + k);
      const cases: Case[] = [];
      for (const wc of [0, 1, cfg.contextLen]) {
        for (const n of [0, 1, cfg.maxSlots]) for (const present of [0, 0.5, 1]) cases.push({ wc, n, present });
      }
      for (const c of cases) {
        const x = randomCase(rng, cfg, c);
        const want = reference(w, cfg, x, c);
        const got = optimised(w, cfg, x, c);
        expect(worstDiff(got, want), `wc ${c.wc}, n ${c.n}, present ${c.present}`).toBeLessThanOrEqual(1e-6);
      }
    });
  });

  // Trained-like weights (non-zero biases, gains ≠ 1), batches of 1 and 32, one and three reads: the
  // position-major path computes every float as the reference does, so the logits are equal bit for bit.
  CONFIGS.forEach((partial, k) => {
    it(`config ${k}, perturbed weights, B = 1 and 32: bit-identical logits`, () => {
      const cfg = resolveMatConfig(partial);
      const store = new ParamStore(cfg.seed + 1);
      stores.push(store);
      const w = createMatWeights(store, cfg);
      perturb(store, 1000 + k);
      const rng = new Rng(200 + k);
      for (const batch of [1, 32]) {
        for (const c of [
          { wc: cfg.contextLen, n: cfg.maxSlots, present: 1 },
          { wc: cfg.contextLen, n: cfg.maxSlots, present: 0.5 },
          { wc: 1, n: 1, present: 1 },
          { wc: 0, n: cfg.maxSlots, present: 0.7 },
        ]) {
          const x = randomCase(rng, cfg, c, batch);
          expect(
            worstDiff(optimised(w, cfg, x, c), reference(w, cfg, x, c)),
            `B ${batch}, wc ${c.wc}, n ${c.n}, present ${c.present}`,
          ).toBe(0);
        }
      }
    });
  });

  it('without given read keys it encodes the query tokens (the reference with encodeTensors read keys)', () => {
    const cfg = resolveMatConfig({ ...CONFIGS[3], seed: 9 });
    const store = new ParamStore(cfg.seed);
    stores.push(store);
    const w = createMatWeights(store, cfg);
    perturb(store, 77);
    const rng = new Rng(300);
    for (const c of [
      { wc: cfg.contextLen, n: cfg.maxSlots, present: 0.6 },
      { wc: 0, n: 2, present: 1 },
    ]) {
      const x = randomCase(rng, cfg, c, 7);
      const keys = tf.tidy(
        () => encodeTensors(tf.tensor2d(x.queryTokens, [7, cfg.itemLen], 'int32'), w, cfg).readKeys.dataSync() as Float32Array,
      );
      const want = reference(w, cfg, { ...x, readKeys: keys }, c);
      expect(worstDiff(optimised(w, cfg, x, c, false), want), `wc ${c.wc}, n ${c.n}`).toBe(0);
    }
  });

  it("zeroes masked rows in a copy: the caller's arrays are unchanged", () => {
    const memory = Float32Array.from([1, 2, 3, 4]);
    const before = memory.slice();
    tf.tidy(() => {
      const t = answerBatchTensors({ batch: 1, queryLen: 1, contextItems: 0, slots: 2, dim: 2 }, { memory, memoryMask: [1, 0] });
      expect(Array.from(t.memory?.dataSync() ?? [])).toEqual([1, 2, 0, 0]);
      expect(t.keyBias?.shape).toEqual([1, 1, 1, 3]);
    });
    expect(memory).toEqual(before);
  });
});

describe('encodeInference (Mat.encodeItems) equals encodeTensors', () => {
  it('features, write keys, write values and read keys bit for bit, perturbed weights, 1 and 45 items', () => {
    for (const partial of [CONFIGS[0], CONFIGS[2]]) {
      const cfg = resolveMatConfig(partial);
      const store = new ParamStore(cfg.seed);
      const w = createMatWeights(store, cfg);
      perturb(store, 5);
      const rng = new Rng(400);
      for (const count of [1, 45]) {
        const tokens = Int32Array.from({ length: count * cfg.itemLen }, () => rng.int(cfg.vocabSize));
        tf.tidy(() => {
          const want = encodeTensors(tf.tensor2d(tokens, [count, cfg.itemLen], 'int32'), w, cfg);
          const got = encodeInference(tokens, count, w, cfg);
          for (const key of ['features', 'writeKeys', 'writeValues', 'readKeys'] as const) {
            expect(worstDiff(got[key].dataSync() as Float32Array, want[key].dataSync() as Float32Array), `${key}, ${count} items`).toBe(0);
          }
        });
      }
      store.dispose();
    }
  });

  it('sees new embedding weights after they are assigned (its JS copy of the tables is refreshed)', () => {
    const cfg = resolveMatConfig(CONFIGS[1]);
    const store = new ParamStore(cfg.seed);
    const w = createMatWeights(store, cfg);
    const tokens = Int32Array.from({ length: 3 * cfg.itemLen }, (_, i) => i % cfg.vocabSize);
    const encode = (): Float32Array => tf.tidy(() => encodeInference(tokens, 3, w, cfg).features.dataSync() as Float32Array);
    const before = encode();
    for (const v of [w.tokenEmbedding, w.positionEmbedding]) {
      tf.tidy(() => v.assign(tf.add(v, 0.5)));
      const got = encode();
      const want = tf.tidy(() => encodeTensors(tf.tensor2d(tokens, [3, cfg.itemLen], 'int32'), w, cfg).features.dataSync() as Float32Array);
      expect(worstDiff(got, want)).toBe(0);
      expect(worstDiff(got, before)).toBeGreaterThan(0);
    }
    store.dispose();
  });

  it('Mat.encodeItems returns the inference encoding, row-major per item', () => {
    const model = Mat.create({ ...CONFIGS[0] });
    const cfg = model.config;
    const rng = new Rng(500);
    const tokens = Int32Array.from({ length: 6 * cfg.itemLen }, () => rng.int(cfg.vocabSize));
    const e = model.encodeItems(tokens, 6);
    const single = model.encodeItems(tokens.subarray(3 * cfg.itemLen, 4 * cfg.itemLen), 1);
    expect(Array.from(e.readKeys.subarray(3 * cfg.dModel, 4 * cfg.dModel))).toEqual(Array.from(single.readKeys));
    expect(Array.from(e.writeValues.subarray(3 * cfg.dModel, 4 * cfg.dModel))).toEqual(Array.from(single.writeValues));
    model.dispose();
  });
});
