import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createPolicyNetwork, loadPolicyNetwork, networkSpecFor, parseNetworkOptions } from '../../../src/rl/networks/factory.js';
import type { PolicyNetwork, RecurrentPolicy } from '../../../src/rl/networks/network.js';
import { RecurrentMlpPolicy } from '../../../src/rl/networks/recurrent-mlp-policy.js';
import { ConfigError } from '../../../src/util/errors.js';
import { useWasm } from '../../helpers/tf.js';

const root = mkdtempSync(join(tmpdir(), 'memgym-rnn-'));
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const F = 4;
const B = 2;
const T = 3;
const xs = Float32Array.from({ length: T * B * F }, (_, i) => Math.sin(1.3 * i));

interface Unrolled {
  logits: number[];
  values: number[];
  state: number[];
}

function unroll(net: RecurrentPolicy, starts: number[], initial?: Float32Array, rows = T * B, x = xs): Unrolled {
  return tf.tidy(() => {
    const n = rows / T;
    const out = net.unroll({
      features: tf.tensor2d(x.subarray(0, rows * F), [rows, F]),
      initialState: initial ? tf.tensor2d(initial, [n, net.stateSize]) : tf.zeros([n, net.stateSize]),
      episodeStarts: tf.tensor1d(starts),
    });
    return { logits: [...out.logits.dataSync()], values: [...out.values.dataSync()], state: [...out.state.dataSync()] };
  });
}

function expectClose(a: readonly number[], b: readonly number[], tol = 1e-6): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(tol));
}

describe('RecurrentMlpPolicy', () => {
  it('carries the state from step to step and zeroes it at an episode start', () => {
    const net = new RecurrentMlpPolicy({ inputSize: F, numActions: 3, hidden: [8], recurrentHidden: 5 }, { seed: 1 });
    const carried = unroll(net, [1, 1, 0, 0, 0, 0]);
    // A start at step 2 of env 0: its outputs there are those of a first step on the same observation.
    const restarted = unroll(net, [1, 1, 0, 0, 1, 0]);
    const alone = tf.tidy(() => {
      const o = net.forward(tf.tensor2d(xs.subarray(4 * F, 5 * F), [1, F]));
      return [...o.logits.dataSync()];
    });
    expectClose(restarted.logits.slice(4 * 3, 5 * 3), alone);
    expect(restarted.logits.slice(4 * 3, 5 * 3)).not.toEqual(carried.logits.slice(4 * 3, 5 * 3));
    // Env 1 is untouched by env 0's reset; steps before the reset are the same.
    expect(restarted.logits.slice(5 * 3)).toEqual(carried.logits.slice(5 * 3));
    expect(restarted.logits.slice(0, 4 * 3)).toEqual(carried.logits.slice(0, 4 * 3));
    // A nonzero initial state is ignored where the first step starts an episode, used where it does not.
    const h0 = Float32Array.from({ length: B * 5 }, (_, i) => 0.1 * i - 0.4);
    expectClose(unroll(net, [1, 1, 0, 0, 0, 0], h0).logits, carried.logits);
    expect(unroll(net, [0, 0, 0, 0, 0, 0], h0).logits).not.toEqual(carried.logits);
    net.dispose();
  });

  it('unrolls T steps at once as it does one step at a time', () => {
    const net = new RecurrentMlpPolicy({ inputSize: F, numActions: 3, hidden: [8], recurrentHidden: 5 }, { seed: 2 });
    const starts = [1, 1, 0, 1, 0, 0];
    const whole = unroll(net, starts);
    let state = new Float32Array(B * 5);
    const logits: number[] = [];
    for (let t = 0; t < T; t++) {
      const step = tf.tidy(() => {
        const o = net.unroll({
          features: tf.tensor2d(xs.subarray(t * B * F, (t + 1) * B * F), [B, F]),
          initialState: tf.tensor2d(state, [B, 5]),
          episodeStarts: tf.tensor1d(starts.slice(t * B, (t + 1) * B)),
        });
        return { logits: [...o.logits.dataSync()], state: Float32Array.from(o.state.dataSync()) };
      });
      logits.push(...step.logits);
      state = step.state;
    }
    expectClose(whole.logits, logits, 1e-5);
    expectClose(whole.state, [...state], 1e-5);
    net.dispose();
  });

  it('saves and loads its GRU with the rest of its weights', async () => {
    const spec = networkSpecFor({ kind: 'flat', keys: null, sizes: [F] }, 3, {
      kind: 'mlp',
      hidden: [8],
      recurrent: true,
      recurrentHidden: 6,
    });
    expect(spec.kind).toBe('recurrent-mlp');
    const net = createPolicyNetwork(spec, 7) as PolicyNetwork;
    expect(
      net
        .namedWeights()
        .map((w) => w.name)
        .filter((n) => n.startsWith('gru.')),
    ).toHaveLength(4);
    await net.save(join(root, 'rnn'));
    const loaded = await loadPolicyNetwork(join(root, 'rnn'));
    expect(loaded.spec).toEqual(net.spec);
    const starts = [1, 1, 0, 0, 0, 1];
    expect(unroll(loaded.recurrent as RecurrentPolicy, starts)).toEqual(unroll(net.recurrent as RecurrentPolicy, starts));
    const other = createPolicyNetwork(spec, 8);
    expect(unroll(other.recurrent as RecurrentPolicy, starts)).not.toEqual(unroll(net.recurrent as RecurrentPolicy, starts));
    for (const n of [net, loaded, other]) n.dispose();
  });

  it('is chosen by `recurrent: true`; bad values are ConfigErrors', () => {
    expect(parseNetworkOptions({ recurrent: true, recurrentHidden: 16 })).toEqual({ recurrent: true, recurrentHidden: 16 });
    expect(() => parseNetworkOptions({ recurrent: 'yes' })).toThrow(ConfigError);
    expect(() => parseNetworkOptions({ recurrent: true, recurrentHidden: 0 })).toThrow(ConfigError);
    expect(() => parseNetworkOptions({ recurrentHidden: 16 })).toThrow(/only with "recurrent": true/);
    expect(() => parseNetworkOptions({ recurent: true })).toThrow(/did you mean/);
    const flat = networkSpecFor({ kind: 'flat', keys: null, sizes: [F] }, 3, {});
    expect(flat.kind).toBe('mlp');
  });
});
