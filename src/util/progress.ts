/**
 * Progress reporting for long work (training, evaluation, pre-training). On a TTY it draws a single
 * updating bar on stderr; otherwise it prints a plain line every `plainEverySeconds`. Library code
 * receives a `Progress` and never writes to the terminal itself.
 */
export interface Progress {
  /** Sets the completed amount (absolute) and an optional short status text. */
  update(done: number, status?: string): void;
  /** Finishes the bar (prints the final state and a newline on a TTY). */
  done(status?: string): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Where to write; default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Force TTY (bar) or plain mode; default: the stream's isTTY. */
  tty?: boolean;
  /** Plain mode: at most one line per this many seconds (default 10). */
  plainEverySeconds?: number;
  /** Clock in ms (injectable for tests); default performance.now. */
  now?: () => number;
}

/** A progress reporter that does nothing (the default for library calls). */
export const silentProgress: Progress = { update() {}, done() {} };

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** Renders one progress line: `label [#####.....] 50% 5/10 00:03<00:03 status`. */
export function renderProgressLine(label: string, done: number, total: number, elapsedSeconds: number, status = '', width = 24): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(frac * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const eta = frac > 0 ? (elapsedSeconds * (1 - frac)) / frac : Number.NaN;
  const pct = `${Math.floor(frac * 100)}`.padStart(3);
  const tail = status ? ` ${status}` : '';
  return `${label} [${bar}] ${pct}% ${done}/${total} ${formatDuration(elapsedSeconds)}<${formatDuration(eta)}${tail}`;
}

/** Creates a progress reporter: a bar on a TTY, periodic plain lines otherwise. */
export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean(stream.isTTY);
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const every = (opts.plainEverySeconds ?? 10) * 1000;
  let lastDraw = -Infinity;
  let current = 0;
  let finished = false;
  const draw = (status: string | undefined, final: boolean): void => {
    const line = renderProgressLine(opts.label, current, opts.total, (now() - start) / 1000, status);
    if (tty) stream.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
  return {
    update(done, status) {
      if (finished) return;
      current = done;
      const t = now();
      if (tty ? t - lastDraw >= 100 : t - lastDraw >= every) {
        lastDraw = t;
        draw(status, false);
      }
    },
    done(status) {
      if (finished) return;
      finished = true;
      draw(status, true);
    },
  };
}
