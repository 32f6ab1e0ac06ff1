/**
 * Overlapped rollouts (OverlappedRollout, `rolloutOverlap`): each rollout after the first is collected
 * with the weights the policy had when the previous one was handed out (one update of lag), equal to
 * an in-process collector given those weights; a worker that dies fails the next collect that needs
 * it; closing with a rollout in flight discards it without an unhandled rejection.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignFlatVariables, flattenVariables } from '../../src/rl/flat-weights.js';
import { createEncoder, inferEncoderSpec } from '../../src/rl/networks/encoders.js';
import { MlpPolicy } from '../../src/rl/networks/mlp-policy.js';
import { ParallelRollout } from '../../src/rl/parallel-rollout.js';
import { collectSteps, initialRolloutState, perEnvSampler } from '../../src/rl/rollout-collect.js';
import { RolloutBuffer } from '../../src/rl/rollout-buffer.js';
import { OverlappedRollout } from '../../src/rl/rollout-overlap.js';
import { shareRngs } from '../../src/rl/rollout-share.js';
import { RolloutWorkerError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { useWasm } from '../helpers/tf.js';
import { makeTinyEnv } from './fixtures/rollout-envs.js';

const FIXTURE = pathToFileURL(fileURLToPath(new URL('./fixtures/rollout-envs.ts', import.meta.url))).href;
const B = 5;
const T = 6;
const seed = 3;

beforeAll(async () => {
  await useWasm();
});

const encoder = () => createEncoder(inferEncoderSpec(makeTinyEnv({ kind: 'masked' }, 1).reset({ seed: 0 }).observations[0], 'flat'));

function makeNet(): MlpPolicy {
  return new MlpPolicy({ inputSize: encoder().featureSize, numActions: 6, hidden: [8] }, { seed: 2 });
}

/** Random weights of `net`'s size (a stand-in for an update). */
function randomWeights(net: MlpPolicy, rng: Rng): Float32Array {
  const w = flattenVariables(net.trainableVariables);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-1, 1);
  return w;
}

async function start(net: MlpPolicy, workers: number): Promise<ParallelRollout> {
  return ParallelRollout.start(
    {
      backend: 'wasm',
      env: { module: FIXTURE, exportName: 'makeTinyEnv', args: { kind: 'masked' } },
      seed,
      numSteps: T,
      autoresetMode: 'next-step',
      encoder: encoder().spec,
      network: net.spec,
    },
    B,
    workers,
  );
}

const buffer = (net: MlpPolicy): RolloutBuffer =>
  new RolloutBuffer({ numSteps: T, numEnvs: B, featureSize: encoder().featureSize, numActions: net.numActions });

describe('OverlappedRollout', () => {
  it.each([1, 2])('rollout k + 1 uses the weights of when rollout k was collected (%i workers)', { timeout: 60_000 }, async (workers) => {
    const net = makeNet();
    const localNet = makeNet();
    const rng = new Rng('overlap-test');
    const thetas = [flattenVariables(net.trainableVariables), randomWeights(net, rng), randomWeights(net, rng)];
    const parallel = await start(net, workers);
    const overlapped = new OverlappedRollout(parallel);
    // The reference: one in-process collector over all B envs with the same per-env rngs.
    const env = makeTinyEnv({ kind: 'masked' }, B);
    const local = {
      env,
      network: localNet,
      encoder: encoder(),
      buf: buffer(net),
      seq: undefined,
      sample: perEnvSampler(shareRngs(seed, 0, B)),
    };
    const state = initialRolloutState(env.reset({ seed }), B);
    const remote = buffer(net);
    try {
      // Rollout 1 (no overlap) and 2 both with θ0; rollout 3 with θ1 (set before the second collect).
      const behaviour = [thetas[0], thetas[0], thetas[1]] as Float32Array[];
      for (let k = 0; k < 3; k++) {
        const next = k < 2;
        const got = await overlapped.collect(net.trainableVariables, remote, undefined, next);
        expect(overlapped.inFlight).toBe(next);
        assignFlatVariables(localNet.trainableVariables, behaviour[k] as Float32Array);
        const want = collectSteps(local, state);
        expect(remote).toEqual(local.buf);
        expect(got.lastValues).toEqual(want.lastValues);
        // The "update": the policy moves on while the next rollout runs.
        if (k < 2) assignFlatVariables(net.trainableVariables, thetas[k + 1] as Float32Array);
      }
    } finally {
      await overlapped.close();
      net.dispose();
      localNet.dispose();
    }
  });

  it('a worker that dies fails the next collect that needs it', { timeout: 60_000 }, async () => {
    const net = makeNet();
    const parallel = await start(net, 2);
    const overlapped = new OverlappedRollout(parallel);
    try {
      await overlapped.collect(net.trainableVariables, buffer(net), undefined, true);
      process.kill(parallel.pool.pids[1] as number, 'SIGKILL');
      // The rollout in flight may have finished before the kill (these are 6 steps): then that collect
      // returns it, and the one after, the first to need the dead worker, must fail.
      const twice = async (): Promise<void> => {
        await overlapped.collect(net.trainableVariables, buffer(net), undefined, true);
        await overlapped.collect(net.trainableVariables, buffer(net), undefined, true);
      };
      await expect(twice()).rejects.toThrow(RolloutWorkerError);
    } finally {
      await overlapped.close();
      net.dispose();
    }
  });

  it('close with a rollout in flight discards it: the workers exit, nothing rejects unhandled', { timeout: 60_000 }, async () => {
    const net = makeNet();
    const parallel = await start(net, 1);
    const overlapped = new OverlappedRollout(parallel);
    const [pid] = parallel.pool.pids;
    await overlapped.collect(net.trainableVariables, buffer(net), undefined, true);
    expect(overlapped.inFlight).toBe(true);
    await overlapped.close();
    expect(overlapped.inFlight).toBe(false);
    expect(() => process.kill(pid as number, 0)).toThrow();
    // an unhandled rejection of the discarded rollout would fail this file; give it a turn to surface
    await new Promise((r) => setTimeout(r, 50));
    net.dispose();
  });
});
