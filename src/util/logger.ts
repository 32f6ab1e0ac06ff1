import pino from 'pino';

/** The structured logger type used across memgym (pino). Inject it; never log from env or loss code. */
export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Write JSON lines to this file instead of stderr. */
  file?: string;
}

/** A pino logger writing JSON lines to stderr (or a file). */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  if (opts.file) return pino({ level }, pino.destination({ dest: opts.file, mkdir: true, sync: true }));
  return pino({ level }, pino.destination(2));
}

/** A logger that drops everything: the default in tests and library code. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
