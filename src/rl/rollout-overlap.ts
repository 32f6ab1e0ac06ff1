/**
 * Overlapped rollouts (`rolloutOverlap`): the rollout for update k + 1 runs in the worker processes
 * while the learner runs update k, so the learner and the workers are busy at the same time (with
 * `rolloutWorkers` 1: one worker process and the learner, two cores). The price is one update of policy
 * lag, as in asynchronous PPO and IMPALA-style actors: rollout k + 1 is collected with the weights after
 * update k − 1 (the ones update k starts from), sent when update k starts. Rollout 1 has no overlap (it
 * is collected first, with the initial weights); rollout 2 is collected with the same initial weights
 * during update 1, rollout 3 with the weights after update 1 during update 2, and so on.
 *
 * What the update then sees: every transition stores the behaviour policy's log-prob and value (the
 * worker's copy, one update behind — the buffer's `logProbs` and `values`, as always), so PPO's ratio
 * π_θ(a|s) / π_behaviour(a|s) and its approx KL are taken against the policy that acted, and its clip
 * bounds the step from that policy: one update of lag is within what the clipped ratio corrects for.
 * GAE, the returns and the clipped value loss use the behaviour-time values (the critic one update
 * behind, not re-evaluated). The target-KL early stop measures the KL from the behaviour policy, lag
 * included, so it may end an update after fewer epochs than without overlap. REINFORCE and A2C have no
 * importance ratio: their gradient on lagged data is biased, so the agents refuse the overlap for them
 * (see PolicyGradientAgent).
 *
 * Determinism: the data of rollout k + 1 depend only on the weights after update k − 1 and the envs'
 * own rng streams (as with `rolloutWorkers` > 1, parallel-rollout.ts), never on timing; the same seed
 * and the same W give the same curve. The curve differs from the synchronous one (lag).
 *
 * End of training: the last update starts no rollout (none is wasted). When training stops early
 * (`onUpdate` returned false, e.g. Ctrl-C) or fails, the rollout in flight is discarded: its env steps
 * are neither trained on nor counted, and closing the workers does not wait for it to be used.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParallelRollout } from './parallel-rollout.js';
import type { RecurrentRollout } from './recurrent-rollout.js';
import type { CollectedSteps } from './rollout-collect.js';
import type { RolloutBuffer } from './rollout-buffer.js';
import type { ShareRollout } from './rollout-messages.js';

/** A {@link ParallelRollout} with one rollout collected ahead; see the module comment. */
export class OverlappedRollout {
  private readonly parallel: ParallelRollout;
  /** The rollout the workers are collecting (started by the previous {@link collect}). */
  private ahead: Promise<ShareRollout[]> | undefined;

  constructor(parallel: ParallelRollout) {
    this.parallel = parallel;
  }

  /** Whether a rollout is in flight (started, not yet merged). */
  get inFlight(): boolean {
    return this.ahead !== undefined;
  }

  /**
   * The next rollout, merged into `buf` (and `seq`): the one started by the previous call (with the
   * weights of then), or on the first call one collected now. With `next`, the following rollout is
   * started with the current values of `vars` before this resolves (the workers then have the weights).
   */
  async collect(
    vars: readonly tf.Variable[],
    buf: RolloutBuffer,
    seq: RecurrentRollout | undefined,
    next: boolean,
  ): Promise<CollectedSteps> {
    const current = this.ahead ?? (await this.parallel.dispatch(vars)).rollouts;
    this.ahead = undefined;
    const shares = await current;
    // Start the next rollout before merging this one: the workers need not wait for the copy.
    if (next) this.ahead = (await this.parallel.dispatch(vars)).rollouts;
    return this.parallel.merge(shares, buf, seq);
  }

  /** Stops the workers, discarding a rollout in flight (see the module comment). */
  close(): Promise<void> {
    this.ahead = undefined;
    return this.parallel.close();
  }
}
