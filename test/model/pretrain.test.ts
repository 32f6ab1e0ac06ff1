import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  disposeTrainingTensors,
  Mat,
  pretrain,
  type PretrainLogEntry,
  selectBackend,
  toTrainingTensors,
  trainStep,
} from '../../src/model/index.js';
import { ModelError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { recallBatch, recallConfig, TASK } from './recall-task.js';
import { liveTensors } from '../helpers/tf.js';

let tmp: string;
beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memgym-pretrain-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const batches = (_step: number, rng: Rng) => recallBatch(rng, 32, true);

describe('pretrain on the synthetic recall task', () => {
  it('answers from memory when the fact is there, at chance when it is not', () => {
    const model = Mat.create(recallConfig());
    const logs: PretrainLogEntry[] = [];
    const result = pretrain({ model, batches, steps: 200, learningRate: 3e-3, logEvery: 50, onLog: (e) => logs.push(e) });
    expect(result.losses).toHaveLength(200);
    expect(logs.map((l) => l.step)).toEqual([50, 100, 150, 200]);
    expect((logs[3] as PretrainLogEntry).loss).toBeLessThan((logs[0] as PretrainLogEntry).loss);
    const rng = new Rng(1234);
    const present = model.evaluate(recallBatch(rng, 256, true)).accuracy;
    const absent = model.evaluate(recallBatch(rng, 256, false)).accuracy;
    const chance = 1 / TASK.values;
    expect(present).toBeGreaterThan(0.8);
    expect(absent).toBeLessThan(chance + 0.12);
    model.dispose();
  });

  it('the soft read addresses the supporting slot (scaled scores; unscaled ones reached 0.66 here)', () => {
    const task = { keys: 16, values: 8, slots: 8 };
    const model = Mat.create(recallConfig(task));
    pretrain({ model, batches: (_s, rng) => recallBatch(rng, 32, true, 'slots', task), steps: 300, learningRate: 3e-3 });
    const heldOut = recallBatch(new Rng(1234), 128, true, 'slots', task);
    expect(model.evaluate(heldOut).accuracy).toBeGreaterThan(0.95);
    expect(meanSupportWeight(model, heldOut)).toBeGreaterThan(0.9);
    model.dispose();
  });
});

/** The mean soft-read weight on the slot that holds the queried key's fact. */
function meanSupportWeight(model: Mat, batch: ReturnType<typeof recallBatch>): number {
  if (batch.memory?.kind !== 'slots') throw new Error('expected slot memory');
  const { slots, tokens } = batch.memory;
  const b = batch.batch;
  const { writeValues } = model.encodeItems(tokens, b * slots);
  const weights = model.readWeights({ batch: b, queryTokens: batch.queryTokens, memory: writeValues });
  let sum = 0;
  for (let i = 0; i < b; i++) {
    const key = batch.queryTokens[i * 3 + 1];
    let slot = -1;
    for (let j = 0; j < slots; j++) if (tokens[(i * slots + j) * 3 + 1] === key) slot = j;
    sum += weights[i * slots + slot] as number;
  }
  return sum / b;
}

/** `batch` with the slot holding the queried key's fact as the addressing target. */
function withTarget(batch: ReturnType<typeof recallBatch>): ReturnType<typeof recallBatch> {
  if (batch.memory?.kind !== 'slots') throw new Error('expected slot memory');
  const { slots, tokens } = batch.memory;
  const target = new Float32Array(batch.batch * slots);
  for (let i = 0; i < batch.batch; i++) {
    for (let j = 0; j < slots; j++) if (tokens[(i * slots + j) * 3 + 1] === batch.queryTokens[i * 3 + 1]) target[i * slots + j] = 1;
  }
  return { ...batch, memory: { ...batch.memory, target } };
}

describe('the auxiliary addressing loss', () => {
  it('adds −log Σ_support w uncapped; capped at c it adds −log min(Σw, c) + log c, 0 once Σw ≥ c', () => {
    const model = Mat.create(recallConfig());
    const batch = withTarget(recallBatch(new Rng(3), 16, true));
    const t = toTrainingTensors(batch, model.config);
    const lossOf = (weight: number, cap?: number): number => tf.tidy(() => model.trainingLoss(t, weight, cap).loss.dataSync()[0] as number);
    const answerOnly = lossOf(0);
    const { writeValues } = model.encodeItems((batch.memory as { tokens: Int32Array }).tokens, 16 * TASK.slots);
    const w = model.readWeights({ batch: 16, queryTokens: batch.queryTokens, memory: writeValues });
    const onSupport = Array.from({ length: 16 }, (_, i) => {
      let s = 0;
      for (let j = 0; j < TASK.slots; j++)
        s +=
          (w[i * TASK.slots + j] as number) * ((batch.memory as unknown as { target: Float32Array }).target[i * TASK.slots + j] as number);
      return s;
    });
    const mean = (f: (s: number) => number): number => onSupport.reduce((a, s) => a + f(s), 0) / onSupport.length;
    expect(lossOf(1)).toBeCloseTo(answerOnly + mean((s) => -Math.log(s + 1e-6)), 4);
    expect(lossOf(1, 1)).toBe(lossOf(1));
    const cap = 0.3; // untrained reads put ≈ 1/4 on the support: some examples are above the cap, some below
    expect(onSupport.some((s) => s >= cap) && onSupport.some((s) => s < cap)).toBe(true);
    const capped = mean((s) => Math.max(0, -Math.log(Math.min(s, cap) + 1e-6) + Math.log(cap + 1e-6)));
    expect(lossOf(2, cap)).toBeCloseTo(answerOnly + 2 * capped, 4);
    expect(lossOf(1, 1e-3)).toBeCloseTo(answerOnly, 5);
    disposeTrainingTensors(t);
    model.dispose();
  });
});

describe('determinism and resume', () => {
  const config = recallConfig(TASK, { nLayers: 1, dModel: 16, dFF: 32 });

  it('same seed ⇒ same loss curve', () => {
    const a = Mat.create(config);
    const b = Mat.create(config);
    const ra = pretrain({ model: a, batches, steps: 6, learningRate: 1e-2 });
    const rb = pretrain({ model: b, batches, steps: 6, learningRate: 1e-2 });
    expect(rb.losses).toEqual(ra.losses);
    const c = Mat.create(config);
    const rc = pretrain({ model: c, batches, steps: 6, learningRate: 1e-2, seed: 99 });
    expect(rc.losses).not.toEqual(ra.losses);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('an interrupted and resumed run gives the uninterrupted loss curve', () => {
    const dir = path.join(tmp, 'resume');
    const full = Mat.create(config);
    const reference = pretrain({ model: full, batches, steps: 8, learningRate: 1e-2 });
    const first = Mat.create(config);
    const part = pretrain({ model: first, batches, steps: 5, learningRate: 1e-2, checkpointDir: dir, checkpointEvery: 2 });
    expect(part.losses).toEqual(reference.losses.slice(0, 5));
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'optimizer.bin', 'optimizer.json', 'weights.bin']);
    const second = Mat.create(config);
    const rest = pretrain({ model: second, batches, steps: 8, learningRate: 1e-2, checkpointDir: dir, resume: true });
    expect(rest.resumedFrom).toBe(5);
    expect(rest.losses).toEqual(reference.losses);
    const tokens = Int32Array.from([2, 4, 0]);
    expect(second.answer({ batch: 1, queryTokens: tokens }).logits).toEqual(full.answer({ batch: 1, queryTokens: tokens }).logits);
    [full, first, second].forEach((m) => m.dispose());
  });

  it('rejects bad options', () => {
    const m = Mat.create(config);
    expect(() => pretrain({ model: m, batches, steps: -1 })).toThrow(ModelError);
    expect(() => pretrain({ model: m, batches, steps: 1, learningRate: 0 })).toThrow(/learningRate: expected a finite number > 0/);
    m.dispose();
  });
});

describe('train step hygiene', () => {
  it('leaks no tensors after a burn-in step', () => {
    const model = Mat.create(recallConfig(TASK, { nLayers: 1, dModel: 16, dFF: 32 }));
    const optimizer = new Adam(model.namedWeights(), { learningRate: 1e-3 });
    const rng = new Rng(0);
    trainStep(model, optimizer, recallBatch(rng, 4, true));
    trainStep(model, optimizer, recallBatch(rng, 4, true, 'softWrite'));
    const before = liveTensors();
    for (let i = 0; i < 3; i++) {
      trainStep(model, optimizer, recallBatch(rng, 4, true));
      trainStep(model, optimizer, recallBatch(rng, 4, true, 'softWrite'));
      model.evaluate(recallBatch(rng, 4, false));
    }
    expect(liveTensors()).toBe(before);
    expect(optimizer.step).toBe(8);
    optimizer.dispose();
    model.dispose();
  });
});
