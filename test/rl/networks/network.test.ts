import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createPolicyNetwork, loadPolicyNetwork, networkSpecFor } from '../../../src/rl/networks/factory.js';
import { MlpPolicy } from '../../../src/rl/networks/mlp-policy.js';
import { WEIGHTS_BINARY, WEIGHTS_MANIFEST, type PolicyNetwork } from '../../../src/rl/networks/network.js';
import { CheckpointError, ConfigError } from '../../../src/util/errors.js';
import { useWasm } from '../../helpers/tf.js';

const root = mkdtempSync(join(tmpdir(), 'memgym-net-'));
beforeAll(async () => {
  await useWasm();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const x = Float32Array.from({ length: 15 }, (_, i) => Math.cos(i));
function outputs(net: PolicyNetwork): number[] {
  return tf.tidy(() => {
    const o = net.forward(tf.tensor2d(x, [3, 5]));
    return [...o.logits.dataSync(), ...o.values.dataSync()];
  });
}

describe('MlpPolicy', () => {
  it('is seeded and shaped by its config', () => {
    const a = new MlpPolicy({ inputSize: 5, numActions: 4, hidden: [8, 8] }, { seed: 1 });
    const b = new MlpPolicy({ inputSize: 5, numActions: 4, hidden: [8, 8] }, { seed: 1 });
    const c = new MlpPolicy({ inputSize: 5, numActions: 4, hidden: [8, 8] }, { seed: 2 });
    expect(outputs(a)).toEqual(outputs(b));
    expect(outputs(a)).not.toEqual(outputs(c));
    expect(outputs(a).length).toBe(3 * 4 + 3);
    // policy head gain 0.01 ⇒ near-uniform initial policy
    expect(Math.max(...outputs(a).slice(0, 12).map(Math.abs))).toBeLessThan(0.1);
    for (const n of [a, b, c]) n.dispose();
  });

  it('rejects input of the wrong width', () => {
    const net = new MlpPolicy({ inputSize: 5, numActions: 2 });
    expect(() => net.forward(tf.zeros([2, 4]) as tf.Tensor2D)).toThrow(/expected features of shape \[B, 5\], got \[2, 4\]/);
    net.dispose();
  });
});

describe('network checkpoints', () => {
  it('save → load round-trips outputs exactly', async () => {
    const a = createPolicyNetwork({ kind: 'mlp', config: { inputSize: 5, numActions: 4, hidden: [8] } }, 7);
    const dir = join(root, 'rt');
    await a.save(dir);
    const b = await loadPolicyNetwork(dir);
    expect(b.spec).toEqual(a.spec);
    expect(outputs(b)).toEqual(outputs(a));
    const c = createPolicyNetwork(a.spec, 99);
    await c.load(dir);
    expect(outputs(c)).toEqual(outputs(a));
    for (const n of [a, b, c]) n.dispose();
  });

  it('a corrupt, truncated, missing or mismatched checkpoint is a CheckpointError', async () => {
    const a = createPolicyNetwork({ kind: 'mlp', config: { inputSize: 5, numActions: 4, hidden: [8] } }, 7);
    const dir = join(root, 'bad');
    await a.save(dir);
    const before = outputs(a);
    const bin = readFileSync(join(dir, WEIGHTS_BINARY));
    const manifest = readFileSync(join(dir, WEIGHTS_MANIFEST), 'utf8');

    const flipped = Buffer.from(bin);
    flipped[10] = (flipped[10] as number) ^ 0xff;
    writeFileSync(join(dir, WEIGHTS_BINARY), flipped);
    await expect(a.load(dir)).rejects.toThrow(/checksum/);
    expect(outputs(a)).toEqual(before); // unchanged after a failed load

    writeFileSync(join(dir, WEIGHTS_BINARY), bin.subarray(0, bin.length - 4));
    await expect(a.load(dir)).rejects.toThrow(CheckpointError);

    writeFileSync(join(dir, WEIGHTS_BINARY), bin);
    writeFileSync(join(dir, WEIGHTS_MANIFEST), manifest.slice(0, 40));
    await expect(a.load(dir)).rejects.toThrow(/valid JSON/);

    writeFileSync(join(dir, WEIGHTS_MANIFEST), manifest);
    const other = createPolicyNetwork({ kind: 'mlp', config: { inputSize: 5, numActions: 3, hidden: [8] } }, 7);
    await expect(other.load(dir)).rejects.toThrow(/shape/);
    await expect(loadPolicyNetwork(join(root, 'nowhere'))).rejects.toThrow(CheckpointError);
    a.dispose();
    other.dispose();
  });

  it('networkSpecFor picks the slot policy for memory observations', () => {
    const enc = { kind: 'memory', itemDim: 2, maxSlots: 3, slotFeatures: 7, globalDim: 1 } as const;
    expect(networkSpecFor(enc, 11).kind).toBe('slot');
    expect(networkSpecFor(enc, 11, { kind: 'mlp' }).kind).toBe('mlp');
    expect(networkSpecFor({ kind: 'flat', keys: null, sizes: [4] }, 2).kind).toBe('mlp');
    expect(() => networkSpecFor(enc, 12)).toThrow(/expected 11 actions/);
    expect(() => networkSpecFor({ kind: 'flat', keys: null, sizes: [4] }, 2, { kind: 'slot' })).toThrow(ConfigError);
  });
});
