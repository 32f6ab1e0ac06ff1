import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadModelSync, loadWeightsInto, Mat, readCheckpointInfo, saveModel, selectBackend } from '../../src/model/index.js';
import { CheckpointError } from '../../src/util/errors.js';

const CFG = { vocabSize: 12, itemLen: 3, dModel: 16, nHeads: 2, nLayers: 1, dFF: 16, contextLen: 2, maxSlots: 3, answerLen: 1, seed: 4 };
let tmp: string;
let model: Mat;
let good: string;

const query = { batch: 2, queryTokens: Int32Array.from([1, 2, 3, 4, 5, 6]) };
function io(m: Mat): { enc: Float32Array; logits: Float32Array } {
  const enc = m.encodeItems(Int32Array.from([1, 2, 3, 7, 8, 9]), 2);
  const memory = enc.writeValues.slice(0, 2 * 16);
  const logits = m.answer({ ...query, memory: new Float32Array([...memory, ...memory]), memoryMask: [1, 0, 1, 1] }).logits;
  return { enc: enc.features, logits };
}

/** Copies the good checkpoint to a new dir and lets `edit` corrupt it. */
function corrupt(name: string, edit: (dir: string, json: Record<string, unknown>) => void): string {
  const dir = path.join(tmp, name);
  fs.cpSync(good, dir, { recursive: true });
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  edit(dir, json);
  if (fs.existsSync(path.join(dir, 'model.json'))) {
    const text = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
    if (text.trimStart().startsWith('{') && !text.includes('BROKEN')) fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  }
  return dir;
}

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memgym-ckpt-'));
  model = Mat.create(CFG);
  good = path.join(tmp, 'good');
  await saveModel(model, good, { note: 'hello' });
});
afterAll(() => {
  model.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('checkpoint round trip', () => {
  it('writes model.json (memgym-mat v1, config, manifest) and weights.bin', () => {
    const json = JSON.parse(fs.readFileSync(path.join(good, 'model.json'), 'utf8'));
    expect(json.format).toBe('memgym-mat');
    expect(json.formatVersion).toBe(2);
    expect(json.config).toEqual(CFG);
    expect(json.weights[0]).toMatchObject({ name: 'embed.token', shape: [12, 16], dtype: 'float32', offset: 0, byteLength: 12 * 16 * 4 });
    expect(fs.statSync(path.join(good, 'weights.bin')).size).toBe(model.parameterCount() * 4);
    expect(readCheckpointInfo(good).extra).toEqual({ note: 'hello' });
  });

  it('loading gives identical outputs', async () => {
    const loaded = await loadModel(good);
    expect(loaded.config).toEqual(model.config);
    expect(io(loaded)).toEqual(io(model));
    loaded.dispose();
  });

  it('loadWeightsInto restores a differently seeded model of the same shape, and refuses another config', () => {
    const other = Mat.create({ ...CFG, seed: 5 });
    expect(io(other).logits).not.toEqual(io(model).logits);
    expect(() => loadWeightsInto(other, good)).toThrow(/expected config/);
    other.dispose();
    const same = Mat.create(CFG);
    loadWeightsInto(same, good);
    expect(io(same)).toEqual(io(model));
    same.dispose();
  });
});

describe('corrupt or mismatched checkpoints', () => {
  const cases: [string, (dir: string, json: Record<string, unknown>) => void, RegExp][] = [
    ['no model.json', (dir) => fs.rmSync(path.join(dir, 'model.json')), /expected model\.json in checkpoint .* it is missing/],
    ['no weights.bin', (dir) => fs.rmSync(path.join(dir, 'weights.bin')), /expected weights\.bin in checkpoint .* it is missing/],
    ['bad JSON', (dir) => fs.writeFileSync(path.join(dir, 'model.json'), '{ BROKEN'), /expected valid JSON/],
    [
      'wrong format',
      (_d, j) => {
        j.format = 'keras';
      },
      /expected format "memgym-mat", got "keras"/,
    ],
    [
      'wrong version',
      (_d, j) => {
        j.formatVersion = 1;
      },
      /expected formatVersion 2, got 1/,
    ],
    [
      'bad config',
      (_d, j) => {
        (j.config as Record<string, unknown>).nHeads = 3;
      },
      /invalid MAT config: .*expected a divisor of dModel/,
    ],
    [
      'missing weight',
      (_d, j) => {
        (j.weights as unknown[]).splice(1, 1);
      },
      /expected weights missing from the checkpoint: embed\.position/,
    ],
    [
      'extra weight',
      (_d, j) => {
        (j.weights as unknown[]).push({ name: 'bogus', shape: [1], dtype: 'float32', offset: 0, byteLength: 4 });
      },
      /unexpected weights in the checkpoint: bogus/,
    ],
    [
      'shape mismatch',
      (_d, j) => {
        ((j.weights as Record<string, unknown>[])[0] as Record<string, unknown>).shape = [16, 12];
      },
      /weight "embed\.token": expected shape \[12, 16\], got \[16, 12\]/,
    ],
    [
      'size mismatch',
      (_d, j) => {
        ((j.weights as Record<string, unknown>[])[0] as Record<string, unknown>).byteLength = 8;
      },
      /weight "embed\.token": expected byteLength 768, got 8/,
    ],
    [
      'wrong dtype',
      (_d, j) => {
        ((j.weights as Record<string, unknown>[])[0] as Record<string, unknown>).dtype = 'int32';
      },
      /expected dtype "float32", got "int32"/,
    ],
    [
      'truncated weights.bin',
      (dir) => fs.truncateSync(path.join(dir, 'weights.bin'), 100),
      /expected \d+ bytes for the listed weights, got 100/,
    ],
    [
      'long weights.bin',
      (dir) => fs.appendFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(4)),
      /expected \d+ bytes for the listed weights, got \d+/,
    ],
  ];

  it('a missing directory', () => {
    expect(() => loadModelSync(path.join(tmp, 'nope'))).toThrow(/expected a checkpoint directory at ".*nope", it does not exist/);
  });

  for (const [name, edit, message] of cases) {
    it(name, () => {
      const dir = corrupt(name.replace(/\W+/g, '-'), edit);
      let err: unknown;
      try {
        loadModelSync(dir).dispose();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CheckpointError);
      expect((err as Error).message).toMatch(message);
    });
  }
});
