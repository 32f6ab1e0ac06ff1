import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerInput, Mat, selectBackend } from '../../src/model/index.js';
import { ModelError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors } from '../helpers/tf.js';

const CFG = { vocabSize: 20, itemLen: 3, dModel: 16, nHeads: 2, nLayers: 2, dFF: 32, contextLen: 2, maxSlots: 4, answerLen: 2, seed: 7 };
const B = 3;
const N = 4;
const W = 2;
const D = CFG.dModel;
let model: Mat;

function randomVectors(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

function baseInput(): AnswerInput {
  const rng = new Rng(3);
  return {
    batch: B,
    queryTokens: Int32Array.from({ length: B * 3 }, () => rng.int(CFG.vocabSize)),
    context: randomVectors(rng, B * W * D),
    contextMask: Uint8Array.from([1, 1, 0, 1, 1, 0]),
    memory: randomVectors(rng, B * N * D),
    memoryMask: Uint8Array.from([1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0]),
  };
}

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
  model = Mat.create(CFG);
});
afterAll(() => model.dispose());

describe('Mat shapes', () => {
  it('encodeItems returns count×D arrays', () => {
    const tokens = Int32Array.from({ length: 5 * 3 }, (_, i) => i % CFG.vocabSize);
    const e = model.encodeItems(tokens, 5);
    for (const key of ['writeKeys', 'writeValues', 'readKeys', 'features'] as const) {
      expect(e[key]).toBeInstanceOf(Float32Array);
      expect(e[key].length).toBe(5 * D);
    }
    expect(e.features).not.toEqual(e.writeValues);
    expect(model.encodeItems(new Int32Array(0), 0).features.length).toBe(0);
  });

  it("encoding is per item: batching does not change an item's vectors", () => {
    const tokens = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const both = model.encodeItems(tokens, 2);
    const second = model.encodeItems(tokens.slice(3), 1);
    for (let i = 0; i < D; i++) expect(second.writeValues[i]).toBeCloseTo(both.writeValues[D + i] as number, 5);
  });

  it('answer returns B×A×V logits and B×A predictions (argmax)', () => {
    const out = model.answer(baseInput());
    expect(out.logits.length).toBe(B * CFG.answerLen * CFG.vocabSize);
    expect(out.predictions.length).toBe(B * CFG.answerLen);
    const row = Array.from(out.logits.subarray(0, CFG.vocabSize));
    expect(out.predictions[0]).toBe(row.indexOf(Math.max(...row)));
  });

  it('answers without context or memory, and precomputed read keys give the same answer', () => {
    const input = baseInput();
    const bare = model.answer({ batch: B, queryTokens: input.queryTokens });
    expect(bare.logits.length).toBe(B * CFG.answerLen * CFG.vocabSize);
    const readKeys = model.encodeItems(input.queryTokens, B).readKeys;
    const a = model.answer(input).logits;
    const b = model.answer({ ...input, readKeys }).logits;
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] as number, 5);
  });
});

describe('memory extension of attention', () => {
  it('changing an empty (masked) slot changes nothing', () => {
    const input = baseInput();
    const before = model.answer(input).logits;
    const memory = (input.memory as Float32Array).slice();
    for (let i = 2 * D; i < 3 * D; i++) memory[i] = 100 + i; // slot 2 of example 0 is masked
    for (let i = (2 * N + 2) * D; i < 3 * N * D; i++) memory[i] = -50; // slots 2,3 of example 2
    expect(model.answer({ ...input, memory }).logits).toEqual(before);
  });

  it('changing an absent (masked) context item changes nothing', () => {
    const input = baseInput();
    const before = model.answer(input).logits;
    const context = (input.context as Float32Array).slice();
    for (let i = 2 * D; i < 3 * D; i++) context[i] = 42; // item 0 of example 1 is absent
    for (let i = 5 * D; i < 6 * D; i++) context[i] = -7; // item 1 of example 2 is absent
    expect(model.answer({ ...input, context }).logits).toEqual(before);
    context[3] = (context[3] as number) + 1; // item 0 of example 0 is present
    expect(model.answer({ ...input, context }).logits).not.toEqual(before);
  });

  it('changes the output exactly when unmasked memory changes', () => {
    const input = baseInput();
    const before = model.answer(input).logits;
    expect(model.answer({ ...input, memory: (input.memory as Float32Array).slice() }).logits).toEqual(before);
    const memory = (input.memory as Float32Array).slice();
    memory[N * D + 3] = (memory[N * D + 3] as number) + 1; // slot 0 of example 1 (occupied)
    const after = model.answer({ ...input, memory }).logits;
    const per = CFG.answerLen * CFG.vocabSize;
    const changed = (b: number): boolean => after.subarray(b * per, (b + 1) * per).some((x, i) => x !== before[b * per + i]);
    expect(changed(1)).toBe(true);
    expect(changed(0)).toBe(false);
    expect(changed(2)).toBe(false);
  });

  it('an all-empty memory contributes nothing (same as no memory)', () => {
    const input = baseInput();
    const empty = model.answer({ ...input, memoryMask: new Uint8Array(B * N) }).logits;
    const none = model.answer({ ...input, memory: undefined, memoryMask: undefined }).logits;
    for (let i = 0; i < none.length; i++) expect(empty[i]).toBeCloseTo(none[i] as number, 4);
    expect(model.answer(input).logits).not.toEqual(empty);
  });
});

describe('initialMemory', () => {
  it('returns the first n rows of the learned soft-write memory', () => {
    const all = model.initialMemory();
    expect(all.length).toBe(CFG.maxSlots * D);
    expect(model.initialMemory(2)).toEqual(all.slice(0, 2 * D));
    expect(() => model.initialMemory(5)).toThrow(/at most maxSlots = 4/);
  });
});

describe('input validation', () => {
  it('rejects wrong lengths, out-of-vocabulary tokens, too much context, a disposed model', () => {
    const input = baseInput();
    expect(() => model.encodeItems(new Int32Array(4), 2)).toThrow(/expected length 6 \(count×L = 2×3\), got 4/);
    expect(() => model.encodeItems(Int32Array.from([0, 1, 20]), 1)).toThrow(/tokens\[2\]: expected a token in \[0, 20\), got 20/);
    expect(() => model.answer({ ...input, batch: 0 })).toThrow(ModelError);
    expect(() => model.answer({ ...input, memory: new Float32Array(5) })).toThrow(/memory: expected length/);
    expect(() => model.answer({ ...input, memoryMask: new Uint8Array(5) })).toThrow(
      /memoryMask: expected a length that is a multiple of B = 3/,
    );
    expect(() => model.answer({ ...input, context: new Float32Array(B * 3 * D), contextMask: undefined })).toThrow(
      /at most contextLen = 2/,
    );
    const m = Mat.create(CFG);
    m.dispose();
    expect(() => m.encodeItems(Int32Array.from([0, 1, 2]), 1)).toThrow(/disposed/);
  });
});

describe('tensor hygiene', () => {
  it('encode and answer leak no tensors; dispose frees the weights', () => {
    const input = baseInput();
    model.encodeItems(input.queryTokens, B);
    model.answer(input);
    const before = liveTensors();
    for (let i = 0; i < 3; i++) {
      model.encodeItems(input.queryTokens, B);
      model.answer(input);
      model.answer({ batch: B, queryTokens: input.queryTokens });
    }
    expect(liveTensors()).toBe(before);
    const m = Mat.create(CFG);
    expect(liveTensors()).toBe(before + m.namedWeights().length);
    m.dispose();
    expect(liveTensors()).toBe(before);
  });
});
