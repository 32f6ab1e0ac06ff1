import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/core/spaces/box.js';
import { Dict } from '../../../src/core/spaces/dict.js';
import { Discrete } from '../../../src/core/spaces/discrete.js';
import { flatdim, flatten, flattenSpace, unflatten } from '../../../src/core/spaces/flatten.js';
import { MultiBinary } from '../../../src/core/spaces/multi-binary.js';
import { MultiDiscrete } from '../../../src/core/spaces/multi-discrete.js';
import type { Space } from '../../../src/core/space.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

describe('flatten', () => {
  it('one-hot encodes Discrete (with start)', () => {
    const s = new Discrete(4, 1);
    expect(flatdim(s)).toBe(4);
    expect(Array.from(flatten(s, 3))).toEqual([0, 0, 1, 0]);
    expect(unflatten(s, flatten(s, 3))).toBe(3);
    expect(() => flatten(s, 5)).toThrow(SpaceError);
  });

  it('handles MultiDiscrete, MultiBinary and Box', () => {
    const md = new MultiDiscrete([2, 3]);
    expect(Array.from(flatten(md, Int32Array.of(1, 0)))).toEqual([0, 1, 1, 0, 0]);
    const mb = new MultiBinary(3);
    expect(Array.from(flatten(mb, Uint8Array.of(1, 0, 1)))).toEqual([1, 0, 1]);
    const box = new Box(-1, 1, [2, 2]);
    const v = Float32Array.of(0.5, -0.5, 0, 1);
    const f = flatten(box, v);
    expect(f).toEqual(v);
    expect(f).not.toBe(v);
    expect(flattenSpace(box).shape).toEqual([4]);
  });

  it('concatenates Dict keys in order, with matching bounds', () => {
    const s = new Dict({ d: new Discrete(3), b: new Box([-5, 0], [5, 2]), m: new MultiBinary(1) });
    expect(flatdim(s)).toBe(6);
    const flat = flatten(s, { d: 2, b: Float32Array.of(-4, 1), m: Uint8Array.of(1) });
    expect(Array.from(flat)).toEqual([0, 0, 1, -4, 1, 1]);
    const fs = flattenSpace(s);
    expect(Array.from(fs.low)).toEqual([0, 0, 0, -5, 0, 0]);
    expect(Array.from(fs.high)).toEqual([1, 1, 1, 5, 2, 1]);
    expect(fs.contains(flat)).toBe(true);
    expect(() => flatten(s, { d: 2, b: new Float32Array(2) } as never)).toThrow(/missing key "m"/);
  });

  it('round-trips random elements and keeps them in the flat space', () => {
    const spaces: Space<unknown>[] = [
      new Discrete(5),
      new MultiDiscrete([3, 4], [1, 0]),
      new MultiBinary([2, 2]),
      new Box(0, 1, [3]),
      new Dict({ a: new Discrete(2), b: new Dict({ c: new Box(-1, 1, [2]) }) }),
    ];
    const rng = new Rng(0);
    for (const s of spaces) {
      const fs = flattenSpace(s);
      for (let i = 0; i < 10; i++) {
        const x = s.sample(rng);
        const f = flatten(s, x);
        expect(f.length).toBe(flatdim(s));
        expect(fs.contains(f)).toBe(true);
        expect(unflatten(s, f)).toEqual(x);
      }
    }
  });

  it('rejects unknown spaces', () => {
    const custom: Space<number> = {
      shape: [],
      sample: () => 0,
      contains: (v): v is number => v === 0,
      explain: () => undefined,
      toString: () => 'Custom',
    };
    expect(() => flatdim(custom)).toThrow(/got Custom/);
  });
});
