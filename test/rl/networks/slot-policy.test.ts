import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadPolicyNetwork } from '../../../src/rl/networks/factory.js';
import { SLOT_ACTION_GROUPS, SlotPolicy } from '../../../src/rl/networks/slot-policy.js';
import { liveTensors, useWasm } from '../../helpers/tf.js';

const dir = mkdtempSync(join(tmpdir(), 'memgym-slot-'));
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Input rows item(2) ‖ S×7 slots ‖ global(3) with deterministic pseudo-random values; slot `inactive` has active = 0. */
function input(S: number, N: number, inactive = -1): Float32Array {
  const F = 2 + 7 * S + 3;
  const x = Float32Array.from({ length: N * F }, (_, i) => Math.sin(i * 1.7));
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) x[n * F + 2 + s * 7] = s === inactive ? 0 : 1;
  return x;
}

function run(net: SlotPolicy, x: Float32Array, N: number): { logits: Float32Array; values: Float32Array } {
  return tf.tidy(() => {
    const out = net.forward(tf.tensor2d(x, [N, net.inputSize]));
    expect(out.logits.shape).toEqual([N, net.numActions]);
    expect(out.values.shape).toEqual([N]);
    return { logits: Float32Array.from(out.logits.dataSync()), values: Float32Array.from(out.values.dataSync()) };
  });
}

describe('SlotPolicy', () => {
  it('outputs 3 + 2S + 2 logits and one value per row; disposes its intermediates', () => {
    const net = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: 4, hidden: 16 }, { seed: 1 });
    expect(net.numActions).toBe(13);
    run(net, input(4, 3), 3); // the first acting call derives the inference weights (kept until the weights change)
    const before = liveTensors();
    run(net, input(4, 3), 3);
    expect(liveTensors()).toBe(before);
    net.dispose();
  });

  it('has the same weights for any S', () => {
    const a = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: 2, hidden: 8 }, { seed: 4 });
    const b = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: 9, hidden: 8 }, { seed: 4 });
    const shapes = (n: SlotPolicy) => n.namedWeights().map((w) => `${w.name}:${w.variable.shape.join('x')}`);
    expect(shapes(a)).toEqual(shapes(b));
    a.dispose();
    b.dispose();
  });

  it('is permutation-equivariant over slots', () => {
    const S = 3;
    const net = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: S, hidden: 16 }, { seed: 2 });
    const x = input(S, 1);
    const swapped = Float32Array.from(x);
    // swap slots 0 and 2
    swapped.set(x.subarray(2 + 14, 2 + 21), 2);
    swapped.set(x.subarray(2, 2 + 7), 2 + 14);
    const a = run(net, x, 1);
    const b = run(net, swapped, 1);
    const store = (l: Float32Array, i: number) => l[3 + i] as number;
    const forget = (l: Float32Array, i: number) => l[3 + S + i] as number;
    expect(store(b.logits, 0)).toBeCloseTo(store(a.logits, 2), 5);
    expect(forget(b.logits, 2)).toBeCloseTo(forget(a.logits, 0), 5);
    expect(store(b.logits, 1)).toBeCloseTo(store(a.logits, 1), 5);
    expect(b.values[0]).toBeCloseTo(a.values[0] as number, 5);
    for (const k of [0, 1, 2, 3 + 2 * S, 4 + 2 * S]) expect(b.logits[k]).toBeCloseTo(a.logits[k] as number, 5);
    net.dispose();
  });

  it('ignores inactive slots in the value and the slot-free logits', () => {
    const S = 3;
    const net = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: S, hidden: 16 }, { seed: 3 });
    const x = input(S, 1, 1);
    const y = Float32Array.from(x);
    for (let k = 1; k < 7; k++) y[2 + 7 + k] = 5 + k; // change inactive slot 1
    const a = run(net, x, 1);
    const b = run(net, y, 1);
    expect(b.values[0]).toBeCloseTo(a.values[0] as number, 5);
    expect(b.logits[0]).toBeCloseTo(a.logits[0] as number, 5);
    net.dispose();
  });

  it('factored: the chance to STORE (or FORGET) at all does not grow with the number of slots', () => {
    // Rows with 2 and with 4 active, identical occupied slots (the rest inactive): same item and global.
    const S = 4;
    const F = 2 + 7 * S + 3;
    const slot = [1, 1, 0.3, 0.1, 0.7, 0.5, 0.2];
    const x = new Float32Array(2 * F);
    for (const [row, active] of [
      [0, 2],
      [1, 4],
    ] as const) {
      x.set([0.4, -0.2], row * F);
      for (let s = 0; s < active; s++) x.set(slot, row * F + 2 + 7 * s);
      x.set([0.5, 0.25, 1], row * F + 2 + 7 * S);
    }
    const net = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: S, hidden: 16 }, { seed: 6 });
    const { logits } = run(net, x, 2);
    const A = net.numActions;
    const mass = (row: number, from: number, to: number) => {
      const l = logits.subarray(row * A, (row + 1) * A);
      const z = Array.from(l).reduce((a, v) => a + Math.exp(v), 0);
      let m = 0;
      for (let a = from; a < to; a++) m += Math.exp(l[a] as number);
      return m / z;
    };
    expect(mass(1, 3, 3 + S)).toBeCloseTo(mass(0, 3, 3 + S), 5); // STORE_*
    expect(mass(1, 3 + S, 3 + 2 * S)).toBeCloseTo(mass(0, 3 + S, 3 + 2 * S), 5); // FORGET_*
    expect(mass(1, 0, 1)).toBeCloseTo(mass(0, 0, 1), 5); // NOOP
    // Within STORE, the two (resp. four) identical active slots share the mass equally.
    expect(logits[3]).toBeCloseTo(logits[4] as number, 5);
    expect(logits[A + 3]).toBeCloseTo((logits[3] as number) - Math.log(2), 5);
    expect(Array.from(net.actionGroups()).map((g) => SLOT_ACTION_GROUPS[g])).toEqual([
      'NOOP',
      'RETRIEVE',
      'STORE_AUTO',
      'STORE',
      'STORE',
      'STORE',
      'STORE',
      'FORGET',
      'FORGET',
      'FORGET',
      'FORGET',
      'GROW',
      'SHRINK',
    ]);
    net.dispose();
  });

  it("relative slot statistics: a slot's scores depend on how it compares with the other occupied slots", () => {
    const S = 2;
    const F = 2 + 7 * S + 3;
    const row = (otherAge: number) => {
      const x = new Float32Array(F);
      x.set([1, 1, 0.3, 0.1, 0.7, 0.5, 0.2], 2);
      x.set([1, 1, otherAge, 0.1, 0.7, 0.5, 0.2], 2 + 7);
      return x;
    };
    const with_ = new SlotPolicy(
      { slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: S, hidden: 16, setContext: false, factored: false },
      { seed: 7 },
    );
    const without = new SlotPolicy(
      { slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: S, hidden: 16, setContext: false, factored: false, relative: false },
      { seed: 7 },
    );
    // Slot 0 is the same in both rows; only the other slot's age changes (older vs younger than slot 0).
    const x = new Float32Array([...row(0.9), ...row(0.1)]);
    const a = run(with_, x, 2).logits;
    const b = run(without, x, 2).logits;
    const A = with_.numActions;
    expect(Math.abs((a[3] as number) - (a[A + 3] as number))).toBeGreaterThan(1e-4);
    expect(b[3]).toBeCloseTo(b[A + 3] as number, 6);
    with_.dispose();
    without.dispose();
  });

  it('weights saved at S = 4 run at S = 6 (adaptive N)', async () => {
    const net = new SlotPolicy({ slotFeatures: 7, itemDim: 2, globalDim: 3, maxSlots: 4, hidden: 16 }, { seed: 5 });
    await net.save(join(dir, 's4'));
    const big = await loadPolicyNetwork(join(dir, 's4'), { maxSlots: 6 });
    expect(big.numActions).toBe(3 + 12 + 2);
    // Same input for the first 4 slots, slots 4–5 inactive: same logits for shared actions and value.
    const x4 = input(4, 1);
    const x6 = new Float32Array(2 + 42 + 3);
    x6.set(x4.subarray(0, 2 + 28));
    x6.set(x4.subarray(2 + 28), 2 + 42);
    const a = run(net, x4, 1);
    const b = run(big as SlotPolicy, x6, 1);
    expect(b.values[0]).toBeCloseTo(a.values[0] as number, 5);
    expect(b.logits[3]).toBeCloseTo(a.logits[3] as number, 5); // STORE_0
    expect(b.logits[3 + 6]).toBeCloseTo(a.logits[3 + 4] as number, 5); // FORGET_0
    expect(b.logits[3 + 12]).toBeCloseTo(a.logits[3 + 8] as number, 5); // GROW
    net.dispose();
    big.dispose();
  });
});
