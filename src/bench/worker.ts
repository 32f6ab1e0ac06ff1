/**
 * Child-process entry of the bench: receives `{ config, backend }` over IPC, runs that backend's suite
 * and sends back progress messages and the result. One backend per process, so every backend starts
 * from a clean tfjs state (see run.ts). Not meant to be run by hand.
 */
import { runSuite } from './suite.js';
import type { BenchConfig } from './config.js';
import type { BackendName } from '../model/backend.js';
import type { WorkerMessage, WorkerRequest } from './run.js';
import { sendToParent } from '../util/child-entry.js';

const send = (message: WorkerMessage): Promise<void> => sendToParent(message);

async function handle(request: WorkerRequest): Promise<void> {
  try {
    const result = await runSuite(request.config as BenchConfig, request.backend as BackendName, {
      isolated: true,
      onProgress: (p) => {
        void send({ type: 'progress', progress: p });
      },
    });
    await send({ type: 'result', result });
  } catch (err) {
    await send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

if (!process.send) {
  process.stderr.write('src/bench/worker.ts is started by `memgym bench` (it needs an IPC channel)\n');
  process.exitCode = 2;
} else {
  process.once('message', (m) => {
    void handle(m as WorkerRequest);
  });
}
