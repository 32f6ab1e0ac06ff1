import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { RecurrentSlotPolicy } from '../../../src/rl/networks/recurrent-slot-policy.js';
import { SlotPolicy, type SlotPolicyConfig } from '../../../src/rl/networks/slot-policy.js';
import { Rng } from '../../../src/util/rng.js';
import { liveTensors, useWasm } from '../../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

const I = 5;
const G = 4;
const K = 7;

/** Rows item ‖ S×7 slots ‖ global: random values, random active/occupied flags (free and inactive slots), statistics up to ±20. */
function input(S: number, N: number, rng: Rng): Float32Array {
  const F = I + S * K + G;
  const x = Float32Array.from({ length: N * F }, () => 3 * rng.normal());
  for (let n = 0; n < N; n++) {
    // Row 0 has every slot inactive, row 1 every slot free (active, not occupied).
    for (let s = 0; s < S; s++) {
      const at = n * F + I + s * K;
      x[at] = n === 0 ? 0 : rng.next() < 0.8 ? 1 : 0;
      x[at + 1] = n === 1 ? 0 : rng.next() < 0.6 ? (rng.next() < 0.5 ? 1 : 2) : 0;
      for (let k = 2; k < K; k++) x[at + k] = 20 * (rng.next() - 0.5);
    }
  }
  return x;
}

/** Adds noise to every weight (biases and zero-initialised ones included), so no product is trivially 0. */
function perturb(net: SlotPolicy, rng: Rng): void {
  for (const v of net.trainableVariables) {
    tf.tidy(() =>
      v.assign(
        tf.add(
          v,
          tf.tensor(
            Float32Array.from({ length: v.size }, () => 0.4 * rng.normal()),
            v.shape,
          ),
        ),
      ),
    );
  }
}

function outputs(o: { logits: tf.Tensor; values: tf.Tensor }): number[][] {
  return [Array.from(o.logits.dataSync()), Array.from(o.values.dataSync())];
}

/** Indices where `a` and `b` differ (=== : bit-identical up to the sign of a zero). */
function mismatches(a: number[][], b: number[][]): number[] {
  const bad: number[] = [];
  a.forEach((row, r) => row.forEach((v, i) => v !== b[r]?.[i] && bad.push(r * 1e6 + i)));
  return bad;
}

function compare(net: SlotPolicy, S: number, N: number, rng: Rng, context?: number): void {
  const x = input(S, N, rng);
  const ctx = context ? Float32Array.from({ length: N * context }, () => rng.normal()) : null;
  const [ref, inf] = tf.tidy(() => {
    const f = tf.tensor2d(x, [N, net.inputSize]);
    const c = ctx ? tf.tensor2d(ctx, [N, context as number]) : null;
    return [outputs(net.forwardReference(f, c)), outputs(net.forwardInference(f, c))];
  });
  expect(inf[0]).toHaveLength(N * net.numActions);
  expect(inf[1]).toHaveLength(N);
  expect(mismatches(ref, inf)).toEqual([]);
}

const variants: [string, Partial<SlotPolicyConfig>][] = [
  ['default', {}],
  ['unfactored', { factored: false }],
  ['absolute', { relative: false }],
  ['no set context', { setContext: false }],
  ['extra context', { contextSize: 3 }],
];

describe('SlotPolicy.forwardInference', () => {
  for (const [name, extra] of variants) {
    it(`equals the reference forward bit for bit (${name}, B = 1 and 32)`, () => {
      const rng = new Rng(`inference/${name}`);
      const net = new SlotPolicy({ slotFeatures: K, itemDim: I, globalDim: G, maxSlots: 10, hidden: 16, ...extra }, { seed: 3 });
      perturb(net, rng);
      for (const N of [1, 2, 32]) compare(net, 10, N, rng, extra.contextSize);
      net.dispose();
    });
  }

  it('is what forward runs outside gradient recording, and follows weight updates and slot counts', () => {
    const rng = new Rng('inference/updates');
    const net = new SlotPolicy({ slotFeatures: K, itemDim: I, globalDim: G, maxSlots: 4, hidden: 8 }, { seed: 1 });
    const x = input(4, 6, rng);
    const run = (f: () => { logits: tf.Tensor; values: tf.Tensor }) => tf.tidy(() => outputs(f()));
    const feat = () => tf.tensor2d(x, [6, net.inputSize]);
    const before = run(() => net.forward(feat()));
    expect(
      mismatches(
        before,
        run(() => net.forwardReference(feat())),
      ),
    ).toEqual([]);
    perturb(net, rng); // reassigns the variables: the derived weights are rebuilt
    const after = run(() => net.forward(feat()));
    expect(
      mismatches(
        after,
        run(() => net.forwardReference(feat())),
      ),
    ).toEqual([]);
    expect(mismatches(after, before).length).toBeGreaterThan(0);
    net.setMaxSlots(6);
    compare(net, 6, 5, rng);
    // Inside gradient recording forward is the reference (the same values).
    const f = feat;
    net.setMaxSlots(4);
    let recorded: number[][] = [];
    const { value, grads } = tf.variableGrads(() => {
      const o = net.forward(f());
      recorded = outputs(o);
      return tf.sum(o.values) as tf.Scalar;
    });
    tf.dispose([value, ...Object.values(grads)]);
    expect(mismatches(recorded, after)).toEqual([]);
    net.dispose();
  });

  it('keeps no tensors per call, and dispose frees the derived weights', () => {
    const net = new SlotPolicy({ slotFeatures: K, itemDim: I, globalDim: G, maxSlots: 3, hidden: 8 }, { seed: 2 });
    const start = liveTensors();
    const x = input(3, 4, new Rng(1));
    const call = () => tf.tidy(() => outputs(net.forward(tf.tensor2d(x, [4, net.inputSize]))));
    call();
    const warm = liveTensors();
    call();
    call();
    expect(liveTensors()).toBe(warm);
    net.dispose();
    expect(liveTensors()).toBe(start - net.trainableVariables.length);
  });

  it('serves the recurrent slot policy (GRU state as context), unroll included', () => {
    const rng = new Rng('inference/recurrent');
    const net = new RecurrentSlotPolicy(
      { slotFeatures: K, itemDim: I, globalDim: G, maxSlots: 10, hidden: 16, recurrentHidden: 6 },
      { seed: 4 },
    );
    perturb(net, rng);
    for (const N of [1, 32]) compare(net, 10, N, rng, 6);
    net.dispose();
  });
});
