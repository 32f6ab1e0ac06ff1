import type { Logger } from '../util/logger.js';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string | undefined;
  seed?: number | undefined;
  backend?: string | undefined;
  out?: string | undefined;
  quiet: boolean;
}

/** What a command receives: parsed global options, its own flags, positionals, and a logger. */
export interface CommandContext {
  global: GlobalOptions;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  logger: Logger;
  /** Writes a line of user-facing output (tables, paths) to stdout. */
  print(line: string): void;
}

/** A CLI subcommand, loaded lazily. */
export interface Command {
  name: string;
  summary: string;
  /** Extra flags: name → description; a trailing `=VALUE` in the key means it takes a value. */
  flags: Record<string, string>;
  usage: string;
  run(ctx: CommandContext): Promise<number | void>;
}
