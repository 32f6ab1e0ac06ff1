#!/usr/bin/env node
// The launcher of `memgym` (npx memgym, npm start, node bin/memgym.js): runs the TypeScript CLI in a child
// `node --import tsx src/cli/main.ts …`, tsx as a loader only. Not the tsx CLI: its signal relay kills a
// child that does not exit quickly after Ctrl-C, which is exactly what the CLI must not do (it finishes
// the current unit of work and writes its results first).
//
// Signals: a terminal's Ctrl-C reaches the whole process group, the child included; a SIGINT/SIGTERM sent
// to this process alone (kill PID, a supervisor) is forwarded to the child. The child stops cleanly on the
// first one and exits at once on a second one; if it cannot run its handler (busy in synchronous work),
// a second signal here, later than the relay window, kills it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { constants } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = import.meta.resolve('tsx');
// `memgym-source`: inside the CLI, a custom agent's `import … from 'memgym'` resolves to these sources
// (the modules the CLI runs), not to the built dist/ (see "exports" in package.json).
const args = ['--import', tsx, '--conditions=memgym-source', join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit' });

// Launchers (npm, a shell) may relay the one Ctrl-C again within milliseconds: not a second Ctrl-C.
const RELAY_WINDOW_MS = 1000;
let firstSignalAt = 0;
const onSignal = (signal) => {
  const now = performance.now();
  if (firstSignalAt === 0) {
    firstSignalAt = now;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return;
  }
  if (now - firstSignalAt < RELAY_WINDOW_MS) return;
  process.stderr.write(`\nsecond ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: exiting now\n`);
  child.kill('SIGKILL');
  process.exit(128 + constants.signals.SIGINT);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

child.on('error', (err) => {
  process.stderr.write(`memgym: cannot start the CLI: ${err.message}\n`);
  process.exit(1);
});
// A child ended by a signal exits like a shell reports it: 128 + the signal's number (SIGINT → 130).
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
});
