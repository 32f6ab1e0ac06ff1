/**
 * Child-process entry of `compare --workers N`: sets up the coordinator's tfjs backend, then runs the
 * cells it is sent, one at a time, and sends back each result. SIGINT/SIGTERM (a terminal's Ctrl-C
 * reaches the whole process group) and a `stop` message end the current cell early, as in-process;
 * when the coordinator goes away (the IPC channel closes) the worker exits. Not meant to be run by hand.
 */
import { useParentBackend } from '../model/backend.js';
import { sendToParent } from '../util/child-entry.js';
import { createLogger, type Logger } from '../util/logger.js';
import type { CoordinatorMessage, WorkerMessage } from './cell-messages.js';
import { oneLine, runCell } from './compare-cell.js';

let stop = false;
let logger: Logger | undefined;

const send = (message: WorkerMessage): Promise<void> => sendToParent(message);

async function handle(message: CoordinatorMessage): Promise<void> {
  if (message.type === 'stop') {
    stop = true;
    return;
  }
  if (message.type === 'init') {
    try {
      const selection = await useParentBackend(message.backend);
      if (message.logFile !== undefined) logger = createLogger({ level: 'info', file: message.logFile });
      await send({ type: 'ready', backend: selection.backend });
    } catch (err) {
      await send({ type: 'fatal', error: `cannot set up the worker: ${oneLine(err)}` });
      process.disconnect?.();
    }
    return;
  }
  stop = false;
  const result = await runCell(message.cell, {
    ...(logger ? { logger } : {}),
    shouldStop: () => stop,
    onStatus: (line) => void send({ type: 'status', line }),
  });
  await send({ type: 'result', result });
}

if (!process.send) {
  process.stderr.write('src/experiment/cell-worker.ts is started by `memgym compare --workers N` (it needs an IPC channel)\n');
  process.exitCode = 2;
} else {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stop = true));
  process.on('disconnect', () => process.exit(0));
  // Messages are handled in order: a `run` waits for `init`'s backend.
  let queue = Promise.resolve();
  process.on('message', (m) => {
    const message = m as CoordinatorMessage;
    if (message.type === 'stop') stop = true;
    else queue = queue.then(() => handle(message));
  });
}
