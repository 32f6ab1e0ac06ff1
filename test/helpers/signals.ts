/** Test helper: run a command in its own process group and signal the group, as a terminal's Ctrl-C does. */
import { spawn } from 'node:child_process';

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** ms from the last signal sent to the group leader's exit. */
  exitAfterMs: number;
  /** The group leader's pid (= the process group id). */
  pid: number;
}

export interface SignalPlan {
  /** Polled every 100 ms with the output so far; the first signal goes when it returns true. */
  ready: (stdout: string) => boolean;
  signal?: NodeJS.Signals;
  /** Send the signal again this many ms after the first (a second Ctrl-C). */
  againAfterMs?: number;
  cwd: string;
  timeoutMs?: number;
  /** Signal the group leader alone (a `kill PID`), not the whole group (a terminal's Ctrl-C). */
  leaderOnly?: boolean;
}

/** Whether any process of the group `pgid` is still alive, polled for up to `ms` (false: the group is gone). */
export async function groupAlive(pgid: number, ms = 10_000): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return false;
    }
    if (performance.now() >= until) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `command args` detached (its own group), signals the group per `plan`, resolves on exit. */
export function runAndSignal(command: string, args: string[], plan: SignalPlan): Promise<Finished> {
  const signal = plan.signal ?? 'SIGINT';
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: plan.cwd, detached: true, env: { ...process.env, MEMGYM_LOG_LEVEL: 'warn' } });
    const group = -(child.pid as number);
    let stdout = '';
    let stderr = '';
    let sent = false;
    let lastSentAt = 0;
    const send = (): void => {
      lastSentAt = performance.now();
      try {
        process.kill(plan.leaderOnly === true ? -group : group, signal);
      } catch {
        // the group is gone already
      }
    };
    const poll = setInterval(() => {
      if (sent || !plan.ready(stdout)) return;
      sent = true;
      send();
      if (plan.againAfterMs !== undefined) setTimeout(send, plan.againAfterMs);
    }, 100);
    const guard = setTimeout(() => {
      process.kill(group, 'SIGKILL');
      fail(new Error(`no exit in time; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, plan.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Timed at 'exit', resolved at 'close': at 'exit' the child's last output may still be unread in
    // its pipes (a message written just before exiting came back empty under load).
    // A process left alive in the group keeps the pipes open: then resolve 2 s after 'exit'.
    let exited: { code: number | null; sig: NodeJS.Signals | null; afterMs: number } | undefined;
    let resolved = false;
    const finish = (): void => {
      if (resolved || exited === undefined) return;
      resolved = true;
      done({ code: exited.code, signal: exited.sig, stdout, stderr, exitAfterMs: exited.afterMs, pid: child.pid as number });
    };
    child.on('exit', (code, sig) => {
      exited = { code, sig, afterMs: performance.now() - lastSentAt };
      clearInterval(poll);
      clearTimeout(guard);
      setTimeout(finish, 2000);
    });
    child.on('close', finish);
  });
}
