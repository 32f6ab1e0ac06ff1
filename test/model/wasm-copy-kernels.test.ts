import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_RUN, transposeInJs } from '../../src/model/wasm-copy-kernels.js';
import { installWasmKernels, wasmKernelsInstalled } from '../../src/model/wasm-kernels.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors, useWasm } from '../helpers/tf.js';
import { againstOriginalKernels } from '../helpers/wasm-kernels.js';

type Case = () => tf.Tensor | tf.Tensor[];
const both = againstOriginalKernels;

function randomShape(rng: Rng, rank: number): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(6));
}

describe('wasm in-heap Slice, SplitV and Concat', () => {
  const rng = new Rng('copy-kernels');
  const values = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => installWasmKernels());

  it('are installed with the wasm backend', () => {
    expect(wasmKernelsInstalled()).toBe(true);
  });

  it('slice every box of random rank-1…4 tensors as the original kernel does', () => {
    for (let trial = 0; trial < 60; trial++) {
      const rank = 1 + (trial % 4);
      const shape = randomShape(rng, rank);
      const data = values(shape.reduce((a, b) => a * b, 1));
      const begin = shape.map((d) => rng.int(d));
      const size = shape.map((d, i) => (rng.int(4) === 0 ? -1 : 1 + rng.int(d - (begin[i] as number))));
      const { ours, theirs } = both(() => tf.slice(tf.tensor(data, shape), begin, size));
      expect(ours).toEqual(theirs);
    }
  });

  it('slice int32 and bool tensors, long runs and a whole tensor', () => {
    const n = 3 * (SHORT_RUN + 5);
    const ints = Int32Array.from({ length: n }, (_, i) => i * 7 - 50);
    const box = values(4 * 5 * 6);
    const cases: Case[] = [
      () => tf.slice(tf.tensor2d(ints, [3, SHORT_RUN + 5], 'int32'), [1, 2], [2, SHORT_RUN + 1]),
      () =>
        tf.slice(
          tf.tensor2d(
            ints.map((v) => v & 1),
            [3, SHORT_RUN + 5],
            'bool',
          ),
          [0, 1],
          [3, 4],
        ),
      () => tf.slice(tf.tensor3d(box, [4, 5, 6]), [0, 0, 0], [4, 5, 6]),
      () => tf.slice(tf.tensor3d(box, [4, 5, 6]), [1, 0, 0], [2, 5, 6]),
      () => tf.slice(tf.tensor3d(box, [4, 5, 6]), [0, 2, 0], [4, 0, 6]),
    ];
    for (const make of cases) {
      const { ours, theirs } = both(make);
      expect(ours).toEqual(theirs);
    }
  });

  it('split along every axis, equal and uneven parts', () => {
    for (let trial = 0; trial < 30; trial++) {
      const rank = 1 + (trial % 4);
      const shape = randomShape(rng, rank);
      const axis = rng.int(rank);
      const dim = shape[axis] as number;
      const data = values(shape.reduce((a, b) => a * b, 1));
      const first = rng.int(dim + 1);
      const sizes = dim > 1 && trial % 3 === 0 ? [first, -1] : [first, dim - first];
      const { ours, theirs } = both(() => tf.split(tf.tensor(data, shape), sizes, axis - (trial % 2 ? rank : 0)));
      expect(ours).toEqual(theirs);
      const { ours: o2, theirs: t2 } = both(() => tf.split(tf.tensor(data, shape), 1, axis));
      expect(o2).toEqual(t2);
    }
  });

  it('concatenate along every axis, with empty and int32 inputs', () => {
    for (let trial = 0; trial < 40; trial++) {
      const rank = 1 + (trial % 4);
      const shape = randomShape(rng, rank);
      const axis = rng.int(rank);
      const parts = 2 + rng.int(3);
      const shapes = Array.from({ length: parts }, (_, i) => {
        const s = [...shape];
        s[axis] = trial % 5 === 0 && i === 1 ? 0 : 1 + rng.int(SHORT_RUN + 8);
        return s;
      });
      const datas = shapes.map((s) => values(s.reduce((a, b) => a * b, 1)));
      const dtype = trial % 7 === 0 ? 'int32' : 'float32';
      const { ours, theirs } = both(() =>
        tf.concat(
          shapes.map((s, i) =>
            tf.tensor(
              dtype === 'int32' ? Int32Array.from(datas[i] as Float32Array, (v) => Math.round(v * 10)) : (datas[i] as Float32Array),
              s,
              dtype,
            ),
          ),
          trial % 2 ? axis - rank : axis,
        ),
      );
      expect(ours).toEqual(theirs);
    }
  });

  it('keep string tensors on the original kernels, and nothing leaks', () => {
    const before = liveTensors();
    tf.tidy(() => {
      expect(tf.concat([tf.tensor1d(['a']), tf.tensor1d(['b', 'c'])]).arraySync()).toEqual(['a', 'b', 'c']);
      expect(
        tf
          .slice(
            tf.tensor2d(
              [
                ['a', 'b'],
                ['c', 'd'],
              ],
              [2, 2],
              'string',
            ),
            [0, 1],
            [2, 1],
          )
          .arraySync(),
      ).toEqual([['b'], ['d']]);
    });
    const twelve = values(12);
    tf.tidy(() => {
      tf.split(tf.tensor2d(twelve, [3, 4]), [1, 3], 1);
      tf.concat([tf.ones([2, 3]), tf.zeros([2, 1])], 1);
    });
    expect(liveTensors()).toBe(before);
  });
});

describe('wasm Transpose of large matrices', () => {
  const rng = new Rng('transpose');
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => installWasmKernels());

  it('picks the JavaScript copy only for the shapes where it measured faster', () => {
    expect(transposeInJs(2560, 32)).toBe(true);
    expect(transposeInJs(2560, 17)).toBe(false);
    expect(transposeInJs(256, 32)).toBe(false);
    expect(transposeInJs(7, 2560)).toBe(false);
  });

  it('gives the original kernel’s values on both paths, for float32, int32 and bool', () => {
    const shapes: [number, number][] = [
      [2560, 32],
      [512, 33],
      [100, 1000],
      [17, 2560],
      [300, 40],
      [2560, 7],
      [1, 1],
    ];
    for (const [r, c] of shapes) {
      const data = Float32Array.from({ length: r * c }, () => rng.normal());
      const { ours, theirs } = both(() => tf.transpose(tf.tensor2d(data, [r, c])));
      expect(ours).toEqual(theirs);
    }
    const ints = Int32Array.from({ length: 600 * 41 }, (_, i) => (i * 31) % 977);
    expect(both(() => tf.transpose(tf.tensor2d(ints, [600, 41], 'int32'))).ours).toEqual(
      both(() => tf.transpose(tf.tensor2d(ints, [600, 41], 'int32'))).theirs,
    );
    const bools = ints.map((v) => v & 1);
    const { ours, theirs } = both(() => tf.transpose(tf.tensor2d(bools, [600, 41], 'bool')));
    expect(ours).toEqual(theirs);
    const cube = Float32Array.from({ length: 40 * 30 * 20 }, () => rng.normal());
    const { ours: o3, theirs: t3 } = both(() => tf.transpose(tf.tensor3d(cube, [40, 30, 20]), [2, 0, 1]));
    expect(o3).toEqual(t3);
  });
});
