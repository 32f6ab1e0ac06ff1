import { describe, expect, it } from 'vitest';
import { MemoryBank } from '../../src/memory/bank.js';
import { MemoryError } from '../../src/util/errors.js';

function bank(opts: Partial<ConstructorParameters<typeof MemoryBank>[0]> = {}): MemoryBank {
  return new MemoryBank({ dim: 2, minSlots: 2, maxSlots: 6, slots: 4, ...opts });
}

describe('MemoryBank construction', () => {
  it('starts empty with n = slots (default minSlots)', () => {
    const b = bank();
    expect(b.size).toBe(4);
    expect(b.occupiedCount()).toBe(0);
    expect(b.firstFree()).toBe(0);
    expect(b.memory.length).toBe(12);
    expect(Array.from(b.tag)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(new MemoryBank({ dim: 2, minSlots: 3, maxSlots: 5 }).size).toBe(3);
  });
  it('rejects bad sizes', () => {
    expect(() => bank({ slots: 7 })).toThrow('expected a slot count in [2, 6], got 7');
    expect(() => bank({ maxSlots: 1 })).toThrow(MemoryError);
    expect(() => bank({ dim: 0 })).toThrow(MemoryError);
  });
});

describe('store / forget', () => {
  it('overwrites a slot and resets its statistics', () => {
    const b = bank();
    b.tick();
    b.store(1, [3, 4], 7);
    expect(Array.from(b.row(1))).toEqual([3, 4]);
    expect(b.occupied[1]).toBe(1);
    expect(b.tag[1]).toBe(7);
    expect(b.accessCount[1]).toBe(1);
    expect(b.age[1]).toBe(0);
    expect(b.writtenAt[1]).toBe(1);
    expect(b.firstFree()).toBe(0);
    b.store(1, [1, 1], 8);
    expect(Array.from(b.row(1))).toEqual([1, 1]);
    expect(b.tag[1]).toBe(8);
  });
  it('rejects slots outside [0, n) and wrong vector lengths', () => {
    const b = bank();
    expect(() => b.store(4, [1, 1], 0)).toThrow(MemoryError);
    expect(() => b.store(4, [1, 1], 0)).toThrow('expected a slot in [0, 4), got 4');
    expect(() => b.store(-1, [1, 1], 0)).toThrow('expected a slot in [0, 4), got -1');
    expect(() => b.store(0, [1, 1, 1], 0)).toThrow('expected a vector of length 2, got 3');
    expect(() => b.forget(1.5)).toThrow('expected a slot in [0, 4), got 1.5');
  });
  it('forget clears the row and the statistics', () => {
    const b = bank();
    b.store(2, [1, 2], 5);
    b.forget(2);
    expect(Array.from(b.row(2))).toEqual([0, 0]);
    expect(b.occupied[2]).toBe(0);
    expect(b.tag[2]).toBe(-1);
    expect(b.accessCount[2]).toBe(0);
    expect(b.writtenAt[2]).toBe(-1);
  });
  it('reports full', () => {
    const b = bank({ slots: 2 });
    b.store(0, [1, 0], 0);
    b.store(1, [0, 1], 1);
    expect(b.isFull()).toBe(true);
    expect(b.firstFree()).toBe(-1);
  });
});

describe('tick: ageing, decay and ε-freeing', () => {
  it('ages occupied slots only', () => {
    const b = bank();
    b.store(0, [1, 0], 0);
    b.tick();
    b.tick();
    expect(b.clock).toBe(2);
    expect(b.age[0]).toBe(2);
    expect(b.sinceAccess[0]).toBe(2);
    expect(b.age[1]).toBe(0);
  });
  it('decays rows and frees those whose norm falls under ε', () => {
    // |[0.3,0.4]| = 0.5, λ = 0.5, ε = 0.1: 0.25, 0.125, then 0.0625 < 0.1 ⇒ free
    const b = bank({ decay: 0.5, epsilon: 0.1 });
    b.store(0, [0.3, 0.4], 3);
    b.tick();
    expect(b.row(0)[0]).toBeCloseTo(0.15, 6);
    expect(b.row(0)[1]).toBeCloseTo(0.2, 6);
    b.tick();
    expect(b.occupied[0]).toBe(1);
    b.tick();
    expect(b.occupied[0]).toBe(0);
    expect(b.tag[0]).toBe(-1);
    expect(Array.from(b.row(0))).toEqual([0, 0]);
  });
  it('uses a per-slot decay', () => {
    const b = bank();
    b.setDecay([1, 0.5, 0, 1]);
    b.store(0, [2, 2], 0);
    b.store(1, [2, 2], 1);
    b.store(2, [2, 2], 2);
    b.tick();
    expect(Array.from(b.row(0))).toEqual([2, 2]);
    expect(Array.from(b.row(1))).toEqual([1, 1]);
    expect(b.occupied[2]).toBe(0); // λ = 0 ⇒ norm 0 < ε
    expect(() => b.setDecay([1, 2, 1, 1])).toThrow('expected decay[1] in [0, 1], got 2');
    expect(() => b.setDecay([1])).toThrow('expected a per-slot decay of length in [4, 6], got 1');
  });
  it('keeps the same buffers (no reallocation)', () => {
    const b = bank({ decay: 0.9 });
    const { memory, age } = b;
    b.store(0, [1, 1], 0);
    for (let i = 0; i < 5; i++) b.tick();
    expect(b.memory).toBe(memory);
    expect(b.age).toBe(age);
  });
});

describe('resize / grow / shrink', () => {
  it('grows with a free slot and stops at maxSlots', () => {
    const b = bank({ slots: 5 });
    expect(b.grow()).toBe(5);
    expect(b.size).toBe(6);
    expect(b.occupied[5]).toBe(0);
    expect(() => b.grow()).toThrow('expected fewer than maxSlots (6) slots to grow, got 6');
  });
  it('resize drops the tail slots and their contents', () => {
    const b = bank();
    b.store(3, [1, 1], 9);
    b.resize(2);
    expect(b.size).toBe(2);
    b.resize(4);
    expect(b.occupied[3]).toBe(0);
    expect(b.tag[3]).toBe(-1);
    expect(Array.from(b.row(3))).toEqual([0, 0]);
    expect(() => b.resize(1)).toThrow('expected a slot count in [2, 6], got 1');
  });
  it('shrink removes the victim and compacts the rest in order', () => {
    const b = bank();
    for (let i = 0; i < 4; i++) {
      b.store(i, [i, 10 + i], 100 + i);
      b.tick();
    }
    b.setDecay([1, 0.9, 0.8, 0.7]);
    const res = b.shrink(1);
    expect(res).toEqual({ slot: 1, wasOccupied: true, tag: 101 });
    expect(b.size).toBe(3);
    expect(Array.from(b.tag.subarray(0, 4))).toEqual([100, 102, 103, -1]);
    expect(Array.from(b.row(1))).toEqual([2, 12]);
    expect(Array.from(b.row(2))).toEqual([3, 13]);
    expect(Array.from(b.memory.subarray(6, 8))).toEqual([0, 0]);
    expect(Array.from(b.writtenAt.subarray(0, 4))).toEqual([0, 2, 3, -1]);
    expect(b.decay[1]).toBeCloseTo(0.8, 6);
    expect(b.decay[3]).toBe(1);
    b.shrink(0);
    expect(() => b.shrink(0)).toThrow('expected more than minSlots (2) slots to shrink, got 2');
  });
});

describe('read statistics', () => {
  it('soft-reads occupied slots and counts accesses with weight ≥ 1/occupied', () => {
    const b = bank();
    b.store(0, [1, 0], 0);
    b.store(1, [0, 1], 1);
    b.store(3, [-1, 0], 3);
    b.tick();
    // key [2,0] ⇒ scores [2, 0, –, -2] over slots 0,1,3 ⇒ w = [e²,1,e⁻²]/(e²+1+e⁻²) = [0.8668, 0.1173, 0.0159]
    const { content, weights } = b.read([2, 0]);
    const z = Math.exp(2) + 1 + Math.exp(-2);
    expect(weights[0]).toBeCloseTo(Math.exp(2) / z, 5);
    expect(weights[1]).toBeCloseTo(1 / z, 5);
    expect(weights[2]).toBe(0);
    expect(weights[3]).toBeCloseTo(Math.exp(-2) / z, 5);
    expect(content[0]).toBeCloseTo((Math.exp(2) - Math.exp(-2)) / z, 5);
    expect(content[1]).toBeCloseTo(1 / z, 5);
    // only slot 0 reaches 1/3
    expect(Array.from(b.accessCount.subarray(0, 4))).toEqual([2, 1, 0, 1]);
    expect(Array.from(b.sinceAccess.subarray(0, 4))).toEqual([0, 1, 0, 1]);
    expect(b.lastReadWeight[1]).toBeCloseTo(1 / z, 5);
  });
  it('reads nothing from an empty bank', () => {
    const b = bank();
    const { content, weights } = b.read([1, 1]);
    expect(Array.from(content)).toEqual([0, 0]);
    expect(Array.from(weights)).toEqual([0, 0, 0, 0]);
  });
  it('recordRead applies external weights', () => {
    const b = bank();
    b.store(0, [1, 0], 0);
    b.store(1, [0, 1], 1);
    b.recordRead([0.5, 0.5, 0, 0]);
    expect(Array.from(b.accessCount.subarray(0, 2))).toEqual([2, 2]);
  });
});

describe('softWrite', () => {
  it('applies the seed rule to the active slots and marks rows with norm ≥ ε occupied', () => {
    // empty n = 2 bank, key [1,0] ⇒ scores [0,0] ⇒ w = [0.5,0.5]; v = [2,0] ⇒ both rows [1,0]
    const b = bank({ slots: 2 });
    const { weights } = b.softWrite([1, 0], [2, 0], 1, 42);
    expect(Array.from(weights)).toEqual([0.5, 0.5]);
    expect(Array.from(b.memory.subarray(0, 4))).toEqual([1, 0, 1, 0]);
    expect(b.occupiedCount()).toBe(2);
    expect(Array.from(b.accessCount.subarray(0, 2))).toEqual([1, 1]);
    expect(b.tag[0]).toBe(42); // the largest weight, lowest index on ties
    expect(b.tag[1]).toBe(-1);
  });
  it('decays with the write λ and credits only slots with w ≥ 1/n', () => {
    // M = [[1,0],[0,1]], key [1,0] ⇒ w = [0.731, 0.269]; λ = 0.5, v = [2,4]
    const b = bank({ slots: 2 });
    b.store(0, [1, 0], 0);
    b.store(1, [0, 1], 1);
    b.tick();
    b.softWrite([1, 0], [2, 4], 0.5);
    expect(b.memory[0]).toBeCloseTo(1.9621172, 5);
    expect(b.memory[3]).toBeCloseTo(1.5757656, 5);
    expect(Array.from(b.accessCount.subarray(0, 2))).toEqual([2, 1]);
    expect(Array.from(b.age.subarray(0, 2))).toEqual([0, 1]);
  });
});

describe('snapshot / restore / clone', () => {
  it('restores the exact state and clones independently', () => {
    const b = bank({ decay: 0.9 });
    b.store(0, [1, 2], 5);
    b.tick();
    b.read([1, 0]);
    const snap = b.snapshot();
    const copy = b.clone();
    b.store(1, [3, 3], 6);
    b.tick();
    b.grow();
    b.restore(snap);
    expect(b.snapshot()).toEqual(snap);
    expect(copy.snapshot()).toEqual(snap);
    copy.forget(0);
    expect(b.occupied[0]).toBe(1);
    expect(() => new MemoryBank({ dim: 3, minSlots: 2, maxSlots: 6 }).restore(snap)).toThrow(MemoryError);
  });
  it('clear frees everything and resets the clock', () => {
    const b = bank();
    b.store(0, [1, 2], 5);
    b.tick();
    b.clear(3);
    expect(b.size).toBe(3);
    expect(b.clock).toBe(0);
    expect(b.occupiedCount()).toBe(0);
  });
});
