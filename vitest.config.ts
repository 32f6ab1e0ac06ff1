import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. Vitest's default on this 2-core machine is one worker (cores − 1),
 * which ran the 137 files one by one with a core idle: most files run a single wasm process. The first
 * group runs two files at a time. The second runs alone, one file at a time: the tests that time signals
 * and process deaths (Ctrl-C through the launcher, a SIGKILLed queue worker, the installed package's
 * Ctrl-C), which a neighbour's load would make slow and flaky.
 */
const serial = ['test/cli/interrupt.test.ts', 'test/cli/queue.test.ts', 'test/cli/launcher.test.ts', 'test/package/**/*.test.ts'];

const common = {
  // tfjs-wasm is single-threaded per process; forks keep backends isolated between files.
  pool: 'forks' as const,
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: { ...common, name: 'parallel', include: ['test/**/*.test.ts'], exclude: serial, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        test: { ...common, name: 'serial', include: serial, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
