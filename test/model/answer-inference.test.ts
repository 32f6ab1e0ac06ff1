import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBatchTensors } from '../../src/model/answer-batch.js';
import { answerLogitsInference } from '../../src/model/answer-inference.js';
import { answerLogits } from '../../src/model/answerer.js';
import { type MatConfig, resolveMatConfig } from '../../src/model/config.js';
import { selectBackend } from '../../src/model/index.js';
import { ParamStore } from '../../src/model/params.js';
import { createMatWeights, type MatWeights } from '../../src/model/weights.js';
import { Rng } from '../../src/util/rng.js';

const B = 5;

interface Case {
  wc: number;
  n: number;
  /** probability that a context item / slot is present */
  present: number;
}

function randomCase(rng: Rng, cfg: MatConfig, c: Case) {
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

function optimised(w: MatWeights, cfg: MatConfig, x: ReturnType<typeof randomCase>, c: Case): Float32Array {
  const d = cfg.dModel;
  return tf
    .tidy(() => {
      const batch = answerBatchTensors({ batch: B, queryLen: cfg.itemLen, contextItems: c.wc, slots: c.n, dim: d }, x);
      return answerLogitsInference(
        { queryTokens: tf.tensor2d(x.queryTokens, [B, cfg.itemLen], 'int32'), readKeys: tf.tensor2d(x.readKeys, [B, d]), ...batch },
        w,
        cfg,
      );
    })
    .dataSync() as Float32Array;
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
        expect(got.length).toBe(want.length);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
        expect(worst, `wc ${c.wc}, n ${c.n}, present ${c.present}`).toBeLessThanOrEqual(1e-6);
      }
    });
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
