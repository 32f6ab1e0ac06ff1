/**
 * The learner's side of the rollout worker processes: W children (rollout-worker.ts, or its build; the
 * tsx loader from the sources, as cell-pool.ts starts cell workers), each holding one share of the envs.
 * {@link RolloutWorkerPool.collect} sends every worker the same weights and resolves with their rollouts
 * in share order once all have answered. A worker that reports an error or exits rejects the pending
 * collect (and every later one, of any worker) with a {@link RolloutWorkerError} naming it and its envs.
 * {@link RolloutWorkerPool.close} closes the IPC channels (the workers exit on that), SIGKILLs a worker
 * still alive after `killAfterMs`, and resolves once every child has exited: no orphans, whether training
 * ended, failed or was interrupted (the workers ignore Ctrl-C; the learner stops them).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loaderArgs, siblingModule } from '../util/child-entry.js';
import { RolloutWorkerError } from '../util/errors.js';
import type { LearnerMessage, RolloutShareSpec, RolloutWorkerMessage, ShareRollout } from './rollout-messages.js';

interface Pending {
  resolve: (m: RolloutWorkerMessage) => void;
  reject: (err: Error) => void;
}

interface Worker {
  spec: RolloutShareSpec;
  child: ChildProcess;
  exited: Promise<void>;
  pending: Pending | undefined;
  /** Set once the worker failed or exited: every later request rejects with it. */
  failure: RolloutWorkerError | undefined;
}

function label(spec: RolloutShareSpec): string {
  return `rollout worker ${spec.worker} (envs ${spec.start}–${spec.start + spec.count - 1})`;
}

/** W rollout worker processes; see the module comment. */
export class RolloutWorkerPool {
  private readonly workers: Worker[];
  private closing = false;

  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  /** Starts one worker per share and waits until each has built its envs (rejects, after closing, if one fails). */
  static async start(shares: readonly RolloutShareSpec[]): Promise<RolloutWorkerPool> {
    const sourceArgs = loaderArgs(import.meta.url, true);
    const workers = shares.map((spec): Worker => {
      const child = fork(siblingModule(import.meta.url, 'rollout-worker'), [], {
        execArgv: sourceArgs.length > 0 ? sourceArgs : process.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 2, 'inherit', 'ipc'],
      });
      const worker: Worker = { spec, child, exited: Promise.resolve(), pending: undefined, failure: undefined };
      worker.exited = new Promise((resolve) => {
        child.once('exit', () => resolve());
        // a child that never started emits 'error' and no 'exit'
        child.once('error', () => {
          if (child.pid === undefined) resolve();
        });
      });
      return worker;
    });
    const pool = new RolloutWorkerPool(workers);
    for (const w of workers) pool.watch(w);
    try {
      await Promise.all(workers.map((w) => pool.request(w, { type: 'init', share: w.spec }).reply));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** The workers' process ids (in share order). */
  get pids(): number[] {
    return this.workers.map((w) => w.child.pid ?? -1);
  }

  /** One rollout of every share with `weights` (flat trainable variables), in share order. */
  collect(weights: Float32Array): Promise<ShareRollout[]> {
    return this.dispatch(weights).rollouts;
  }

  /**
   * Starts one rollout of every share with `weights` without waiting for it: `sent` resolves once every
   * worker's request is written to its channel (a learner that then computes synchronously for a while
   * has still handed the workers their weights), `rollouts` as {@link collect}. Both reject as it does.
   */
  dispatch(weights: Float32Array): { sent: Promise<void>; rollouts: Promise<ShareRollout[]> } {
    // A pool with a failed worker stays failed (its share's envs are gone; another may still be busy).
    const failed = this.workers.find((w) => w.failure !== undefined);
    if (failed?.failure) {
      const rejected = Promise.reject(failed.failure);
      return { sent: rejected, rollouts: rejected };
    }
    const requests = this.workers.map((w) => this.request(w, { type: 'collect', weights }));
    const rollouts = Promise.all(requests.map((r) => r.reply)).then((replies) =>
      replies.map((m, i) => {
        if (m.type !== 'rollout')
          throw new RolloutWorkerError(`${label((this.workers[i] as Worker).spec)}: expected a rollout, got ${m.type}`);
        return m.rollout;
      }),
    );
    const sent = Promise.all(requests.map((r) => r.sent)).then(() => undefined);
    sent.catch(() => undefined); // a failed send rejects `rollouts` too: a caller may await only that
    return { sent, rollouts };
  }

  /** Stops every worker and resolves once all have exited; see the module comment. */
  async close(killAfterMs = 5000): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null || w.child.pid === undefined) return;
        if (w.child.connected) w.child.disconnect();
        const timer = setTimeout(() => w.child.kill('SIGKILL'), killAfterMs);
        await w.exited;
        clearTimeout(timer);
      }),
    );
  }

  private fail(w: Worker, err: RolloutWorkerError): void {
    w.failure ??= err;
    const pending = w.pending;
    w.pending = undefined;
    pending?.reject(w.failure);
  }

  private watch(w: Worker): void {
    w.child.on('message', (raw) => {
      const m = raw as RolloutWorkerMessage;
      if (m.type === 'error') {
        this.fail(w, new RolloutWorkerError(`${label(w.spec)} failed: ${m.message}`));
        return;
      }
      const pending = w.pending;
      w.pending = undefined;
      pending?.resolve(m);
    });
    w.child.on('error', (err) => this.fail(w, new RolloutWorkerError(`${label(w.spec)}: ${err.message}`, { cause: err })));
    w.child.on('exit', (code, signal) => {
      const why = this.closing ? 'was stopped' : `exited with ${signal ?? `code ${code}`}`;
      this.fail(w, new RolloutWorkerError(`${label(w.spec)} ${why} before it answered`));
    });
  }

  /** Sends `message`: `sent` settles once it is written (or failed), `reply` with the worker's answer. */
  private request(w: Worker, message: LearnerMessage): { sent: Promise<void>; reply: Promise<RolloutWorkerMessage> } {
    const refused = w.failure ?? (w.pending ? new RolloutWorkerError(`${label(w.spec)}: a request is already pending`) : undefined);
    if (refused) {
      const rejected = Promise.reject(refused);
      return { sent: rejected, reply: rejected };
    }
    let written: (err: Error | null) => void = () => undefined;
    const sent = new Promise<void>((resolve, reject) => {
      written = (err) => (err ? reject(err) : resolve());
    });
    const reply = new Promise<RolloutWorkerMessage>((resolve, reject) => {
      w.pending = { resolve, reject };
      w.child.send(message, (err) => {
        if (err) this.fail(w, new RolloutWorkerError(`${label(w.spec)}: cannot send ${message.type}: ${err.message}`, { cause: err }));
        written(err ? (w.failure ?? err) : null);
      });
    });
    sent.catch(() => undefined); // a failed send also rejects `reply` (through fail)
    return { sent, reply };
  }
}
