import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mat, selectBackend, softRead, softWrite, toTrainingTensors, disposeTrainingTensors } from '../../src/model/index.js';
import { addressScale, softRead as mathSoftRead, softWrite as mathSoftWrite } from '../../src/memory/math.js';
import { Rng } from '../../src/util/rng.js';
import { chainedReads, readWeights } from '../../src/model/memory-ops.js';
import { recallBatch, recallConfig } from './recall-task.js';

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(tol);
}

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

describe('softRead', () => {
  it('is the softmax(k·M_i/√D)-weighted sum of the occupied slots; all empty gives 0', () => {
    const M = [
      [1, 0],
      [0, 2],
      [5, 5],
    ];
    const k = [0.5, -1];
    const c = tf.tidy(() =>
      softRead(
        tf.tensor2d([k, k]),
        tf.tensor3d([M, M]),
        tf.tensor2d([
          [1, 1, 0],
          [0, 0, 0],
        ]),
      ).arraySync(),
    ) as number[][][];
    const w = softmax([0.5 / Math.SQRT2, -2 / Math.SQRT2]); // D = 2: scores k·M_i/√2
    expect(c[0]?.[0]?.[0]).toBeCloseTo((w[0] as number) * 1, 5);
    expect(c[0]?.[0]?.[1]).toBeCloseTo((w[1] as number) * 2, 5);
    expect(c[1]?.[0]).toEqual([0, 0]);
  });
});

describe('softWrite', () => {
  it('applies w = softmax(k_w·M/√D), M_i ← λM_i + w_i v_w per written item, skipping masked ones', () => {
    const M0 = [
      [1, 0],
      [0, 1],
    ];
    const keys = [
      [2, 0],
      [9, 9],
    ];
    const values = [
      [1, 1],
      [3, 3],
    ];
    const out = tf.tidy(() =>
      softWrite({
        initial: tf.tensor3d([M0]),
        writeKeys: tf.tensor3d([keys]),
        writeValues: tf.tensor3d([values]),
        writeMask: tf.tensor2d([[1, 0]]),
        slotMask: tf.tensor2d([[1, 1]]),
        decay: 0.5,
      }).arraySync(),
    ) as number[][][];
    const w = softmax([2 / Math.SQRT2, 0]);
    const expected = [
      [0.5 + (w[0] as number), w[0] as number],
      [w[1] as number, 0.5 + (w[1] as number)],
    ];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(out[0]?.[i]?.[j]).toBeCloseTo(expected[i]?.[j] as number, 5);
  });
});

describe('the typed-array memory math (what the env bank runs) addresses as the MAT does', () => {
  it('soft read and soft write agree with src/memory at scale addressScale(D)', () => {
    const rng = new Rng(3);
    const d = 8;
    const n = 5;
    const memory = Float32Array.from({ length: n * d }, () => rng.normal());
    const key = Float32Array.from({ length: d }, () => 3 * rng.normal());
    const value = Float32Array.from({ length: d }, () => rng.normal());
    const mask = Uint8Array.from([1, 1, 0, 1, 1]);
    const scale = addressScale(d);
    const read = mathSoftRead({ memory, n, d, readKey: key, mask, scale });
    const c = tf.tidy(() =>
      softRead(
        tf.tensor2d(key, [1, d]),
        tf.mul(tf.tensor3d(memory, [1, n, d]), tf.tensor3d(mask, [1, n, 1])) as tf.Tensor3D,
        tf.tensor2d(mask, [1, n]),
      ).dataSync(),
    );
    for (let j = 0; j < d; j++) expect(c[j]).toBeCloseTo(read.content[j] as number, 5);
    const written = mathSoftWrite({ memory, n, d, writeKey: key, writeValue: value, decay: 0.9, scale });
    const m = tf.tidy(() =>
      softWrite({
        initial: tf.tensor3d(memory, [1, n, d]),
        writeKeys: tf.tensor3d(key, [1, 1, d]),
        writeValues: tf.tensor3d(value, [1, 1, d]),
        writeMask: tf.tensor2d([[1]]),
        slotMask: tf.ones([1, n]) as tf.Tensor2D,
        decay: 0.9,
      }).dataSync(),
    );
    for (let j = 0; j < n * d; j++) expect(m[j]).toBeCloseTo(written.memory[j] as number, 5);
  });
});

describe('gradient flow through the soft write', () => {
  let model: Mat;
  afterAll(() => model.dispose());

  it('reaches the encoder: write-key, write-value and block weights get non-zero gradients', () => {
    model = Mat.create(recallConfig());
    const t = toTrainingTensors(recallBatch(new Rng(5), 8, true, 'softWrite'), model.config);
    const vars = model.namedWeights();
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => model.trainingLoss(t).loss,
        vars.map((v) => v.variable),
      );
      const out: Record<string, number> = {};
      for (const { name, variable } of vars) {
        const g = grads[variable.name];
        out[name] = g ? (tf.sum(tf.abs(g)).dataSync()[0] as number) : 0;
      }
      return out;
    });
    disposeTrainingTensors(t);
    // k_w only acts through the soft-write addressing w = softmax(k_w·M).
    expect(norms['encoder.writeKey.w']).toBeGreaterThan(0);
    expect(norms['encoder.writeValue.w']).toBeGreaterThan(0);
    expect(norms['encoder.block0.attn.wQ']).toBeGreaterThan(0);
    expect(norms['embed.token']).toBeGreaterThan(0);
    expect(norms['memory.init']).toBeGreaterThan(0);
  });

  it('with slot memory, k_w gets no gradient (it is only used by the soft write)', () => {
    const t = toTrainingTensors(recallBatch(new Rng(5), 8, true, 'slots'), model.config);
    const kw = model.namedWeights().find((v) => v.name === 'encoder.writeKey.w')?.variable as tf.Variable;
    const vw = model.namedWeights().find((v) => v.name === 'encoder.writeValue.w')?.variable as tf.Variable;
    const { value, grads } = tf.variableGrads(() => model.trainingLoss(t).loss, [kw, vw]);
    value.dispose();
    expect(grads[kw.name]).toBeUndefined();
    expect(tf.sum(tf.abs(grads[vw.name] as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose(Object.values(grads));
    disposeTrainingTensors(t);
  });
});

describe('chainedReads (MatConfig.readHops)', () => {
  it('with no hops is the single soft read; a hop link follows what the first read found', () => {
    // Memory rows: e0 (the row the key selects), e1 (the row e0 leads to), e2; sharp scores (×10 per unit).
    const d = 4;
    const rows = [
      [10, 0, 0, 0],
      [0, 10, 0, 0],
      [0, 0, 10, 0],
    ];
    tf.tidy(() => {
      const memory = tf.tensor3d([rows], [1, 3, d]);
      const mask = tf.ones([1, 3]) as tf.Tensor2D;
      const key = tf.tensor2d([[2 * Math.sqrt(d), 0, 0, 0]]); // scores 20, 0, 0 after the 1/√D scale
      const addressing = (k: tf.Tensor2D): tf.Tensor2D => readWeights(k, memory, mask);
      const single = chainedReads(key, memory, addressing, []);
      expect(single.reads.shape).toEqual([1, 1, d]);
      expectClose(single.reads.dataSync(), softRead(key, memory, mask).dataSync(), 1e-6);
      // W maps e0 → e1 direction and cancels the key: k2 = k1 + c1·W + b points at row 1.
      const w = tf.variable(tf.tensor2d([0, 0.4 * Math.sqrt(d), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [d, d]));
      const b = tf.variable(tf.tensor1d([-2 * Math.sqrt(d), 0, 0, 0]));
      const two = chainedReads(key, memory, addressing, [{ w, b }]);
      expect(two.reads.shape).toEqual([1, 2, d]);
      expect(two.weights).toHaveLength(2);
      const w2 = two.weights[1]?.dataSync() as Float32Array;
      expect(w2[1]).toBeGreaterThan(0.99);
      const c2 = two.reads.dataSync().slice(d, 2 * d);
      expectClose(c2, Float32Array.from(rows[1] as number[]), 0.1);
      w.dispose();
      b.dispose();
    });
  });
});
