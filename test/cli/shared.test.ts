import { afterEach, describe, expect, it, vi } from 'vitest';
import { interruptible, runTimestamp } from '../../src/cli/shared.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('interruptible', () => {
  it('turns the first Ctrl-C into a flag and ignores a relayed echo within the window', async () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const listeners = process.listenerCount('SIGINT');
    const seen = await interruptible(async (interrupted) => {
      const before = interrupted();
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT'); // the launcher's echo, at once
      return { before, after: interrupted() };
    }, 60_000);
    expect(seen).toEqual({ before: false, after: true });
    expect(exit).not.toHaveBeenCalled();
    expect(process.listenerCount('SIGINT')).toBe(listeners); // the handler is removed afterwards
  });

  it('exits with 130 on a second Ctrl-C after the window', async () => {
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
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
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
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
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});

describe('runTimestamp', () => {
  it('formats UTC time for run names', () => {
    expect(runTimestamp(new Date('2026-12-01T00:04:08.123Z'))).toBe('2026-12-01_00-04-08');
  });
});
