import { afterEach, describe, expect, it, vi } from 'vitest';
import { interruptible, runTimestamp } from '../../src/cli/shared.js';

// interruptible keeps its handler after a stop (for the rest of the process); remove what a test left.
const initialListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
afterEach(() => {
  for (const s of ['SIGINT', 'SIGTERM'] as const)
    for (const l of process.listeners(s)) if (!initialListeners[s].includes(l)) process.off(s, l);
  vi.restoreAllMocks();
});

/** Mutes stderr and replaces process.exit with a spy (restored after each test). */
function silencedExit() {
  vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  return vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
}

describe('interruptible', () => {
  it('turns the first Ctrl-C into a flag and ignores a relayed echo within the window', async () => {
    const exit = silencedExit();
    const listeners = process.listenerCount('SIGINT');
    const seen = await interruptible(async (interrupted) => {
      const before = interrupted();
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT'); // the launcher's echo, at once
      return { before, after: interrupted() };
    }, 60_000);
    expect(seen).toEqual({ before: false, after: true });
    expect(exit).not.toHaveBeenCalled();
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1); // stopped: the handler stays
  });

  it('removes its handlers when the work ends without a signal', async () => {
    const listeners = process.listenerCount('SIGINT');
    await interruptible(async () => undefined);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
    expect(process.listenerCount('SIGTERM')).toBe(initialListeners.SIGTERM.length);
  });

  it('after a stop, a relayed echo arriving once the work has returned is still ignored (results are being written)', async () => {
    const exit = silencedExit();
    await interruptible(async () => {
      process.emit('SIGINT', 'SIGINT');
    }, 60_000);
    // bin/memgym.js forwards the group's Ctrl-C to the CLI: the echo may come after `work` has ended
    process.emit('SIGINT', 'SIGINT');
    expect(exit).not.toHaveBeenCalled();
  });

  it('after a stop, a real second Ctrl-C while results are written still exits with 130', async () => {
    const exit = silencedExit();
    await interruptible(async () => {
      process.emit('SIGINT', 'SIGINT');
    }, 1);
    await new Promise((r) => setTimeout(r, 5));
    process.emit('SIGINT', 'SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
  });

  it('exits with 130 on a second Ctrl-C after the window', async () => {
    const exit = silencedExit();
    await interruptible(async () => {
      process.emit('SIGINT', 'SIGINT');
      await new Promise((r) => setTimeout(r, 5));
      process.emit('SIGINT', 'SIGINT');
    }, 1);
    expect(exit).toHaveBeenCalledWith(130);
  });
});

describe('interruptible and SIGTERM', () => {
  it('treats SIGTERM like Ctrl-C: a stop flag, then exit 130 on a second signal', async () => {
    const exit = silencedExit();
    const listeners = process.listenerCount('SIGTERM');
    const seen = await interruptible(async (interrupted) => {
      process.emit('SIGTERM', 'SIGTERM');
      const after = interrupted();
      await new Promise((r) => setTimeout(r, 5));
      process.emit('SIGINT', 'SIGINT');
      return after;
    }, 1);
    expect(seen).toBe(true);
    expect(exit).toHaveBeenCalledWith(130);
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1); // stopped: the handler stays
  });
});

describe('runTimestamp', () => {
  it('formats UTC time for run names', () => {
    expect(runTimestamp(new Date('2026-12-01T00:04:08.123Z'))).toBe('2026-12-01_00-04-08');
  });
});
