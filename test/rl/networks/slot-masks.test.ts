import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SLOT, SLOT_FEATURE_DIM } from '../../../src/memory/layout.js';
import { slotMasks } from '../../../src/rl/networks/slot-masks.js';
import { useWasm } from '../../helpers/tf.js';

const K = SLOT_FEATURE_DIM;

/** Two rows of [item (2) ‖ 3 slots × K ‖ global (1)]; slot flags (active, occupied) as given, other features i + s/10. */
function rows(flags: [number, number][][]): Float32Array {
  const F = 2 + 3 * K + 1;
  const out = new Float32Array(flags.length * F);
  flags.forEach((row, n) => {
    row.forEach(([active, occupied], s) => {
      const from = n * F + 2 + s * K;
      for (let k = 0; k < K; k++) out[from + k] = k + s / 10;
      out[from + SLOT.active] = active;
      out[from + SLOT.occupied] = occupied;
    });
  });
  return out;
}

describe('slotMasks', () => {
  beforeAll(async () => {
    await useWasm();
  });

  it('gives the slot rows, active, count ≥ 1, the relative masks and the factored bias', () => {
    tf.tidy(() => {
      const values = rows([
        [
          [1, 1],
          [1, 0],
          [0, 0],
        ],
        [
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      ]);
      const signs = Float32Array.from([0, 1, -1]);
      const m = slotMasks(values, { rows: 2, slots: 3, slotFeatures: K, itemDim: 2 }, signs, true);
      expect(m.slots2.shape).toEqual([6, K]);
      expect(Array.from(m.slots2.dataSync().slice(K, 2 * K))).toEqual(Array.from(values.slice(2 + K, 2 + 2 * K)));
      expect(Array.from(m.active.dataSync())).toEqual([1, 1, 0, 0, 0, 0]);
      expect(Array.from(m.count.dataSync())).toEqual([2, 1]);
      expect(Array.from(m.relative?.big.dataSync() ?? [])).toEqual([0, 1e6, 1e6, 1e6, 1e6, 1e6]);
      const mask = Array.from(m.relative?.occupiedMask.dataSync() ?? []);
      expect(mask.slice(0, 6)).toEqual([0, 1, -1, 0, 0, -0]);
      expect(Object.is(mask[5], -0)).toBe(true); // 0 × −1, as the kernel's product gives
      expect(Array.from(m.slotBias?.dataSync() ?? []).slice(0, 6)).toEqual([0, 0, 0, -1e9, -1e9, -1e9]);
    });
  });

  it('leaves out what the policy does not use', () => {
    tf.tidy(() => {
      const m = slotMasks(
        rows([
          [
            [1, 1],
            [0, 0],
            [1, 1],
          ],
        ]),
        { rows: 1, slots: 3, slotFeatures: K, itemDim: 2 },
        null,
        false,
      );
      expect(m.relative).toBeNull();
      expect(m.slotBias).toBeNull();
    });
  });
});
