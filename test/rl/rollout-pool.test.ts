/**
 * Rollout worker processes: a pool's rollouts equal the same shares collected in this process (same
 * envs, per-env rng streams, weights), and the workers exit — after close, when one fails, when the
 * factory fails, and when the learner process dies; Ctrl-C (SIGINT) does not stop them.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenVariables } from '../../src/rl/flat-weights.js';
import { createEncoder, inferEncoderSpec } from '../../src/rl/networks/encoders.js';
import { MlpPolicy } from '../../src/rl/networks/mlp-policy.js';
import type { RolloutEnvRecipe, RolloutShareSpec } from '../../src/rl/rollout-messages.js';
import { RolloutWorkerPool } from '../../src/rl/rollout-pool.js';
import { RolloutShare } from '../../src/rl/rollout-share.js';
import { RolloutWorkerError } from '../../src/util/errors.js';
import { maskedEnv } from '../helpers/rl-envs.js';
import { useWasm } from '../helpers/tf.js';

const FIXTURE = pathToFileURL(fileURLToPath(new URL('./fixtures/rollout-envs.ts', import.meta.url))).href;
const recipe = (kind: string): RolloutEnvRecipe => ({ module: FIXTURE, exportName: 'makeTinyEnv', args: { kind } });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pids: readonly number[], ms = 10_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

let net: MlpPolicy;
let base: Omit<RolloutShareSpec, 'worker' | 'start' | 'count' | 'env'>;

beforeAll(async () => {
  await useWasm();
  const sample = maskedEnv(6, 3, { numEnvs: 1 }).reset({ seed: 0 }).observations[0];
  const encoder = createEncoder(inferEncoderSpec(sample, 'flat'));
  net = new MlpPolicy({ inputSize: encoder.featureSize, numActions: 6, hidden: [8] }, { seed: 5 });
  base = { backend: 'wasm', seed: 11, numSteps: 6, autoresetMode: 'next-step', encoder: encoder.spec, network: net.spec };
});

afterAll(() => net.dispose());

const shares = (kind: string): RolloutShareSpec[] => [
  { ...base, env: recipe(kind), worker: 0, start: 0, count: 3 },
  { ...base, env: recipe(kind), worker: 1, start: 3, count: 2 },
];

describe('RolloutWorkerPool', () => {
  it('collects what the same shares collect in-process, twice in a row; close ends the workers', { timeout: 60_000 }, async () => {
    const specs = shares('masked');
    const pool = await RolloutWorkerPool.start(specs);
    const pids = pool.pids;
    const local = await Promise.all(specs.map((s) => RolloutShare.create(s)));
    try {
      expect(pids.every(alive)).toBe(true);
      const weights = flattenVariables(net.trainableVariables);
      for (let round = 0; round < 2; round++) {
        const got = await pool.collect(weights);
        const want = local.map((s) => structuredClone(s.collect(weights)));
        expect(got).toEqual(want);
        expect(got[0]?.actions).toBeInstanceOf(Int32Array);
        expect(got[1]?.valid.length).toBe(6 * 2);
      }
      // a weight vector of the wrong size: the workers report the error
      await expect(pool.collect(new Float32Array(3))).rejects.toThrow(/failed: RangeError: expected \d+ weights/);
    } finally {
      for (const s of local) s.dispose();
      await pool.close();
    }
    expect(pids.some(alive)).toBe(false);
  });

  it('ignores SIGINT (the learner stops the workers); a dead worker rejects the collect, naming it', { timeout: 60_000 }, async () => {
    const pool = await RolloutWorkerPool.start(shares('masked'));
    const pids = pool.pids;
    const weights = flattenVariables(net.trainableVariables);
    try {
      for (const pid of pids) process.kill(pid, 'SIGINT');
      await new Promise((r) => setTimeout(r, 300));
      expect(pids.every(alive)).toBe(true);
      expect(await pool.collect(weights)).toHaveLength(2);
      process.kill(pids[1] as number, 'SIGKILL');
      await expect(pool.collect(weights)).rejects.toThrow(/rollout worker 1 \(envs 3–4\) exited with SIGKILL/);
      await expect(pool.collect(weights)).rejects.toThrow(RolloutWorkerError);
    } finally {
      await pool.close();
    }
    expect(await gone(pids)).toBe(true);
  });

  it(
    'a factory that throws or exits fails start with a RolloutWorkerError naming the (first failing) worker',
    { timeout: 60_000 },
    async () => {
      await expect(RolloutWorkerPool.start(shares('fail'))).rejects.toThrow(
        /rollout worker (0 \(envs 0–2\)|1 \(envs 3–4\)) failed: .*always fails/,
      );
      await expect(RolloutWorkerPool.start(shares('exit'))).rejects.toThrow(/exited with code 7/);
    },
  );

  it('the workers exit when the learner process is killed', { timeout: 60_000 }, async () => {
    const require = createRequire(import.meta.url);
    const script = fileURLToPath(new URL('./fixtures/pool-learner.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, script, FIXTURE], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /pids (\d+),(\d+)\n/.exec(out);
        if (m) resolve([Number(m[1]), Number(m[2])]);
      });
      child.on('exit', (code) => reject(new Error(`the learner exited with ${code} before starting its pool: ${out}`)));
    });
    expect(pids.every(alive)).toBe(true);
    child.kill('SIGKILL');
    expect(await gone(pids)).toBe(true);
  });
});
