/**
 * Rollouts in `rolloutWorkers` processes (wasm has no threads in Node): the B envs split into W
 * contiguous shares ({@link shareBounds}), each held by a worker process with its own envs, MAT reader
 * and policy copy (rollout-share.ts). Per rollout the learner sends the policy's flat weights, every
 * worker collects T steps of its share, and {@link mergeShare} writes the returned typed arrays into the
 * learner's buffer at the share's env columns (and a recurrent network's segment-start states and
 * episode starts into its RecurrentRollout). The learner then runs the unchanged GAE and update.
 *
 * By default no overlap: PPO, A2C and REINFORCE are on-policy — the next rollout needs the weights the
 * update is producing — so the workers wait during the update and the learner during the rollout (only
 * the env steps and policy forwards of the rollout run in parallel). `rolloutOverlap` (PPO only,
 * rollout-overlap.ts) overlaps them at the price of one update of policy lag: {@link ParallelRollout.dispatch}
 * starts a rollout without waiting for it and {@link ParallelRollout.merge} writes it in later.
 *
 * Randomness: each env samples its actions from its own stream `${seed}/actions/env${b}` (b the env's
 * index in the learner's B), its episodes from seed + b as in-process. The in-process path (W = 1) keeps
 * its one shared stream `${seed}/actions`, so W = 1 trains exactly as before and W > 1 is a different
 * (equally valid) curve: the same seed and the same W give the same curve (`rolloutOverlap` with W = 1
 * runs one worker process, with per-env streams too). With per-env streams the
 * data do not depend on the split itself; only the float bits of batched forwards (the policy's and the
 * MAT's, over B/W rows instead of B) may differ between two W > 1.
 */
import type * as tf from '@tensorflow/tfjs';
import { RolloutWorkerError } from '../util/errors.js';
import { flattenVariables } from './flat-weights.js';
import type { RecurrentRollout } from './recurrent-rollout.js';
import type { CollectedSteps } from './rollout-collect.js';
import type { RolloutBuffer } from './rollout-buffer.js';
import type { RolloutShareSpec, ShareRollout } from './rollout-messages.js';
import { RolloutWorkerPool } from './rollout-pool.js';

/** W contiguous shares of B envs, sizes differing by at most one (the first B mod W get one more). */
export function shareBounds(numEnvs: number, workers: number): { start: number; count: number }[] {
  if (!Number.isInteger(workers) || workers < 1 || workers > numEnvs) {
    throw new RolloutWorkerError(
      `expected rolloutWorkers to be an integer in [1, ${numEnvs}] (at most one worker per env), got ${workers}`,
    );
  }
  const out: { start: number; count: number }[] = [];
  let start = 0;
  for (let w = 0; w < workers; w++) {
    const count = Math.floor(numEnvs / workers) + (w < numEnvs % workers ? 1 : 0);
    out.push({ start, count });
    start += count;
  }
  return out;
}

/** Writes a share's rollout (envs start … start + count − 1) into the learner's buffer, and `lastValues`. */
export function mergeShare(
  buf: RolloutBuffer,
  seq: RecurrentRollout | undefined,
  start: number,
  share: ShareRollout,
  lastValues: Float32Array,
): void {
  const T = buf.numSteps;
  const B = buf.numEnvs;
  const F = buf.featureSize;
  const A = buf.numActions;
  const c = share.lastValues.length;
  if (share.valid.length !== T * c || start + c > B) {
    throw new RolloutWorkerError(`expected a share of ${T} × ${c} rows within ${B} envs at ${start}, got ${share.valid.length} rows`);
  }
  const rows = [
    [buf.actions, share.actions],
    [buf.logProbs, share.logProbs],
    [buf.values, share.values],
    [buf.rewards, share.rewards],
    [buf.terminated, share.terminated],
    [buf.truncated, share.truncated],
    [buf.bootstrapValues, share.bootstrapValues],
    [buf.valid, share.valid],
  ] as const;
  for (let t = 0; t < T; t++) {
    const from = t * c;
    const to = t * B + start;
    buf.features.set(share.features.subarray(from * F, (from + c) * F), to * F);
    buf.masks.set(share.masks.subarray(from * A, (from + c) * A), to * A);
    for (const [dst, src] of rows) (dst as Float32Array).set((src as Float32Array).subarray(from, from + c), to);
  }
  lastValues.set(share.lastValues, start);
  if (seq) {
    if (!share.recurrent) throw new RolloutWorkerError('expected the recurrent state of a share (the network is recurrent), got none');
    seq.importShare(start, c, share.recurrent.initialState, share.recurrent.episodeStarts);
  }
}

/** The share specs of a run, without the per-share fields; see {@link ParallelRollout.start}. */
export type ParallelRolloutSpec = Omit<RolloutShareSpec, 'worker' | 'start' | 'count'>;

/** The learner's rollouts through worker processes; see the module comment. */
export class ParallelRollout {
  readonly pool: RolloutWorkerPool;
  private readonly starts: number[];

  private constructor(pool: RolloutWorkerPool, starts: number[]) {
    this.pool = pool;
    this.starts = starts;
  }

  /** Starts W workers over the B envs (each builds its share; rejects if one cannot). */
  static async start(spec: ParallelRolloutSpec, numEnvs: number, workers: number): Promise<ParallelRollout> {
    const bounds = shareBounds(numEnvs, workers);
    const pool = await RolloutWorkerPool.start(bounds.map((b, worker) => ({ ...spec, worker, ...b })));
    return new ParallelRollout(
      pool,
      bounds.map((b) => b.start),
    );
  }

  /** One rollout of all envs with the current values of `vars`, merged into `buf` (and `seq`). */
  async collect(vars: readonly tf.Variable[], buf: RolloutBuffer, seq: RecurrentRollout | undefined): Promise<CollectedSteps> {
    return this.merge(await this.pool.collect(flattenVariables(vars)), buf, seq);
  }

  /**
   * Starts one rollout of all envs with the values `vars` have now (copied at once) and resolves once the
   * workers have them; `rollouts` gives the shares for {@link merge}. See rollout-overlap.ts.
   */
  async dispatch(vars: readonly tf.Variable[]): Promise<{ rollouts: Promise<ShareRollout[]> }> {
    const { sent, rollouts } = this.pool.dispatch(flattenVariables(vars));
    // Marked handled: the caller awaits it or drops it (closing the pool); a failed send rejects both.
    rollouts.catch(() => undefined);
    await sent;
    return { rollouts };
  }

  /** Writes the shares of one rollout into `buf` (and `seq`): its episodes and last values. */
  merge(shares: readonly ShareRollout[], buf: RolloutBuffer, seq: RecurrentRollout | undefined): CollectedSteps {
    const lastValues = new Float32Array(buf.numEnvs);
    const returns: number[] = [];
    const lengths: number[] = [];
    shares.forEach((share, w) => {
      mergeShare(buf, seq, this.starts[w] as number, share, lastValues);
      for (const r of share.episodeReturns) returns.push(r);
      for (const l of share.episodeLengths) lengths.push(l);
    });
    return { returns, lengths, lastValues };
  }

  /** Stops the workers (resolves once they exited). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
