import { describe, expect, it } from 'vitest';
import { Box } from '../../../src/core/spaces/box.js';
import { Dict } from '../../../src/core/spaces/dict.js';
import { Discrete } from '../../../src/core/spaces/discrete.js';
import { MultiBinary } from '../../../src/core/spaces/multi-binary.js';
import { SpaceError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';

const make = () => new Dict({ item: new Discrete(3), slots: new Box(0, 1, [4]), mask: new MultiBinary(2) });

describe('Dict', () => {
  it('samples every key, inside the space, deterministically', () => {
    const s = make();
    const r1 = new Rng(9);
    const r2 = new Rng(9);
    for (let i = 0; i < 50; i++) {
      const x = s.sample(r1);
      expect(Object.keys(x)).toEqual(['item', 'slots', 'mask']);
      expect(s.contains(x)).toBe(true);
      expect(x).toEqual(s.sample(r2));
    }
  });

  it('takes per-key masks and rejects a bare Uint8Array', () => {
    const s = make();
    const rng = new Rng(1);
    for (let i = 0; i < 20; i++) expect(s.sample(rng, { item: Uint8Array.of(0, 0, 1) }).item).toBe(2);
    expect(() => s.sample(rng, Uint8Array.of(1, 1, 1))).toThrow(SpaceError);
  });

  it('explains which key is wrong', () => {
    const s = make();
    const good = { item: 1, slots: new Float32Array(4), mask: new Uint8Array(2) };
    expect(s.explain(good)).toBeUndefined();
    expect(s.explain({ ...good, slots: Float32Array.of(0, 0, 0, 1.5) })).toBe('key "slots": expected values in [0, 1], got 1.5 at index 3');
    const { item: _item, ...missing } = good;
    expect(s.explain(missing)).toBe('missing key "item"');
    expect(s.explain({ ...good, extra: 1 })).toBe('unexpected key "extra"');
    expect(s.explain(new Float32Array(3))).toBe('expected an object with keys "item", "slots", "mask", got Float32Array(3)');
    expect(s.contains({ ...good, item: 3 })).toBe(false);
  });

  it('validates and prints', () => {
    expect(() => new Dict({ a: 3 as unknown as Discrete })).toThrow(/key "a" to be a space/);
    expect(String(new Dict({ a: new Discrete(2), b: new Box(0, 1, [2]) }))).toBe('Dict(a: Discrete(2), b: Box(0, 1, [2], float32))');
    expect(make().shape).toEqual([]);
  });
});
