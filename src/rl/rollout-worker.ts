/**
 * Child-process entry of a rollout worker (on-policy training with `rolloutWorkers` > 1 or
 * `rolloutOverlap`, see rollout-pool.ts): `init` sets up the learner's tfjs backend and builds the
 * {@link RolloutShare}; every `collect` assigns the sent weights and returns one rollout of the share as
 * typed arrays. Failures are sent back as `error` messages. SIGINT and SIGTERM are ignored (a terminal's Ctrl-C reaches the whole
 * process group; the learner decides when to stop); the worker exits when the learner closes the IPC
 * channel or goes away. Not meant to be run by hand.
 */
import { useParentBackend } from '../model/backend.js';
import { sendToParent } from '../util/child-entry.js';
import type { LearnerMessage, RolloutWorkerMessage } from './rollout-messages.js';
import { RolloutShare } from './rollout-share.js';

let share: RolloutShare | undefined;

const send = (message: RolloutWorkerMessage): Promise<void> => sendToParent(message);

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

async function handle(message: LearnerMessage): Promise<void> {
  try {
    if (message.type === 'init') {
      await useParentBackend(message.share.backend);
      share = await RolloutShare.create(message.share);
      await send({ type: 'ready' });
      return;
    }
    if (share === undefined) throw new Error('expected an init message before collect');
    await send({ type: 'rollout', rollout: share.collect(message.weights) });
  } catch (err) {
    await send({ type: 'error', message: describe(err) });
  }
}

if (!process.send) {
  process.stderr.write('src/rl/rollout-worker.ts is started by on-policy training with rolloutWorkers > 1 (it needs an IPC channel)\n');
  process.exitCode = 2;
} else {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
  process.on('disconnect', () => process.exit(0));
  let queue = Promise.resolve();
  process.on('message', (m) => {
    queue = queue.then(() => handle(m as LearnerMessage));
  });
}
