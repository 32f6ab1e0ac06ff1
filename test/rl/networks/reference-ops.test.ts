/**
 * The policy networks through the fast ops (mm with explicit-transpose gradients, tanh via sigmoid) equal
 * the same networks built on tf.matMul and tf.tanh, to 1e-6 relative to the reference's scale: the
 * reference classes are the same modules imported again with src/model/linalg.ts and
 * src/model/activations.ts mocked to the plain tfjs ops.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Mlp } from '../../../src/rl/networks/layers.js';
import { SlotPolicy } from '../../../src/rl/networks/slot-policy.js';
import type { PolicyNetwork } from '../../../src/rl/networks/network.js';
import { Rng } from '../../../src/util/rng.js';
import { maxRelDiff, useWasm } from '../../helpers/tf.js';

type Layers = typeof import('../../../src/rl/networks/layers.js');
type Slots = typeof import('../../../src/rl/networks/slot-policy.js');
let ref: { layers: Layers; slots: Slots };

beforeAll(async () => {
  await useWasm();
  vi.resetModules();
  vi.doMock('../../../src/model/linalg.js', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../../../src/model/linalg.js')>()),
    mm: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.matMul(a, b),
  }));
  vi.doMock('../../../src/model/activations.js', () => ({ tanh: (x: tf.Tensor) => tf.tanh(x) }));
  ref = { layers: await import('../../../src/rl/networks/layers.js'), slots: await import('../../../src/rl/networks/slot-policy.js') };
  vi.doUnmock('../../../src/model/linalg.js');
  vi.doUnmock('../../../src/model/activations.js');
});

/** Largest difference of outputs and of every variable's gradient of a random linear loss. */
function compareNets(
  fast: { vars: tf.Variable[]; out: () => tf.Tensor[] },
  slow: { vars: tf.Variable[]; out: () => tf.Tensor[] },
  seed: number,
): number {
  return tf.tidy(() => {
    const rng = new Rng(seed);
    const outs = fast.out();
    const dys = outs.map((o) =>
      tf.tensor(
        Float32Array.from({ length: o.size }, () => rng.normal()),
        o.shape,
      ),
    );
    const loss = (out: () => tf.Tensor[]) => (): tf.Scalar =>
      tf.addN(out().map((o, i) => tf.sum(tf.mul(o, dys[i] as tf.Tensor)))) as tf.Scalar;
    const g1 = tf.variableGrads(loss(fast.out), fast.vars).grads;
    const g2 = tf.variableGrads(loss(slow.out), slow.vars).grads;
    let worst = 0;
    slow.out().forEach((o, i) => (worst = Math.max(worst, maxRelDiff(outs[i] as tf.Tensor, o))));
    fast.vars.forEach(
      (v, i) => (worst = Math.max(worst, maxRelDiff(g1[v.name] as tf.Tensor, g2[(slow.vars[i] as tf.Variable).name] as tf.Tensor))),
    );
    return worst;
  });
}

function policyCase(net: PolicyNetwork, x: tf.Tensor2D): { vars: tf.Variable[]; out: () => tf.Tensor[] } {
  return {
    vars: net.trainableVariables,
    out: () => {
      const o = net.forward(x);
      return [o.logits, o.values];
    },
  };
}

describe('fast ops equal tf.matMul / tf.tanh in the policy networks', () => {
  it('Mlp: forward and gradients to 1e-6', () => {
    const fast = new Mlp(6, [16, 16], 3, 1, new Rng(1));
    const slow = new ref.layers.Mlp(6, [16, 16], 3, 1, new Rng(1));
    const rng = new Rng(4);
    const x = tf.tensor2d(
      Float32Array.from({ length: 10 * 6 }, () => rng.normal(0, 2)),
      [10, 6],
    );
    const vars = (m: Mlp): tf.Variable[] => m.weights('m').map((w) => w.variable);
    expect(compareNets({ vars: vars(fast), out: () => [fast.apply(x)] }, { vars: vars(slow), out: () => [slow.apply(x)] }, 7)).toBeLessThan(
      1e-6,
    );
    x.dispose();
  });

  it('SlotPolicy: forward and gradients of logits and values to 1e-6', () => {
    const config = { itemDim: 3, globalDim: 2, maxSlots: 4, hidden: 16 };
    const fast = new SlotPolicy(config, { seed: 3 });
    const slow = new ref.slots.SlotPolicy(config, { seed: 3 });
    const rng = new Rng(8);
    const N = 6;
    const x = Float32Array.from({ length: N * fast.inputSize }, () => rng.normal());
    // Feature 0 of every slot is `active` (0/1), feature 1 `occupied`.
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < 4; s++) {
        const at = n * fast.inputSize + 3 + s * fast.slotFeatures;
        x[at] = rng.bernoulli(0.8) ? 1 : 0;
        x[at + 1] = rng.bernoulli(0.5) ? 1 : 0;
      }
    }
    const input = tf.tensor2d(x, [N, fast.inputSize]);
    expect(compareNets(policyCase(fast, input), policyCase(slow, input), 9)).toBeLessThan(1e-6);
    input.dispose();
  });
});
