import { describe, expect, it } from 'vitest';
import { createProgress, renderProgressLine } from '../../src/util/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; out: string[] } {
  const out: string[] = [];
  const stream = { isTTY, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, out };
}

describe('progress', () => {
  it('renders percentage, counts and ETA', () => {
    const line = renderProgressLine('train', 5, 10, 4, 'loss=0.5', 10);
    expect(line).toBe('train [#####.....]  50% 5/10 00:04<00:04 loss=0.5');
  });

  it('plain mode prints rate-limited lines and a final line', () => {
    let t = 0;
    const { stream, out } = fakeStream(false);
    const p = createProgress({ label: 'eval', total: 4, stream, now: () => t, plainEverySeconds: 10 });
    p.update(1);
    t = 1000;
    p.update(2); // within 10 s: suppressed
    t = 20_000;
    p.update(3);
    p.done('ok');
    expect(out).toHaveLength(3);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out[2]).toContain('ok');
  });

  it('tty mode redraws one line in place', () => {
    let t = 0;
    const { stream, out } = fakeStream(true);
    const p = createProgress({ label: 'x', total: 2, stream, now: () => t });
    p.update(1);
    t = 500;
    p.done();
    expect(out[0]?.startsWith('\r')).toBe(true);
    expect(out.at(-1)?.endsWith('\n')).toBe(true);
  });
});
