import { parseArgs } from 'node:util';
import { MemgymError } from '../util/errors.js';
import { closestMatch } from '../util/strings.js';
import { createLogger } from '../util/logger.js';
import { attachNegativeValues, parseIntFlag, type OptionSpecs } from './flags.js';
import type { Command, CommandContext, GlobalOptions } from './command.js';

/** Subcommands, loaded lazily from `./commands/<name>.ts`. */
export const COMMANDS: Record<string, string> = {
  train: 'train a learned agent (PPO, A2C, REINFORCE) on a memory env',
  eval: 'evaluate a saved or fixed agent on seeded episodes',
  compare: 'compare learned agents with every fixed policy; table, CSV/JSON and an HTML report',
  pretrain: 'pre-train the memory-augmented transformer of a task family',
  bench: 'benchmark env steps/s, PPO steps/s and MAT forward speed',
  check: 'run the env checker on registered envs',
  list: 'list registered envs, agents and fixed policies',
  capacity: 'measure the memorization capacity of transformers (Kajitsuka & Sato 2024)',
  worker: 'process comparison cells from a BullMQ queue on Redis (compare --queue)',
  sweep: 'grid / random search over a learner’s hyperparameters, ranked by held-out accuracy',
};

const GLOBAL_FLAGS = {
  config: { type: 'string', short: 'c' },
  seed: { type: 'string', short: 's' },
  backend: { type: 'string', short: 'b' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`);
  return [
    'usage: memgym <command> [--config FILE] [--seed N] [--backend auto|wasm|cpu|tensorflow|tensorflow-gpu] [--out DIR]',
    '',
    'commands:',
    ...lines,
    '',
    "Run `memgym <command> --help` for a command's own flags.",
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  const flags = Object.entries(cmd.flags).map(([k, v]) => `  --${k.padEnd(20)} ${v}`);
  return [
    `usage: ${cmd.usage}`,
    '',
    cmd.summary,
    '',
    'options:',
    '  --config, -c FILE      JSON config (validated; unknown keys are errors)',
    '  --seed, -s N           seed (overrides the config)',
    '  --backend, -b NAME     tfjs backend: auto (default), tensorflow-gpu, tensorflow, wasm, cpu',
    '  --out, -o DIR          output directory',
    '  --quiet, -q            only errors on stderr',
    ...flags,
  ].join('\n');
}

async function loadCommand(name: string): Promise<Command> {
  const mod = (await import(/* @vite-ignore */ `./commands/${name}.js`)) as { default: Command };
  return mod.default;
}

/** Runs the CLI; returns the exit code. Errors of memgym are printed as one clear line, no stack. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  if (!(name in COMMANDS)) {
    const hint = closestMatch(name, Object.keys(COMMANDS));
    process.stderr.write(`memgym: unknown command "${name}"${hint ? ` — did you mean "${hint}"?` : ''}\n\n${usage()}\n`);
    return 2;
  }
  try {
    const cmd = await loadCommand(name);
    const options: OptionSpecs = { ...GLOBAL_FLAGS };
    for (const key of Object.keys(cmd.flags)) {
      const [flag, value] = key.split('=');
      options[flag as string] = { type: value === undefined ? 'boolean' : 'string' };
    }
    const parsed = parseArgs({ args: attachNegativeValues(rest, options), options, allowPositionals: true, strict: true });
    const v = parsed.values as Record<string, string | boolean | undefined>;
    if (v.help) {
      process.stdout.write(`${commandHelp(cmd)}\n`);
      return 0;
    }
    const seedText = v.seed as string | undefined;
    // Seeds are non-negative safe integers (beyond 2^53, seed + 1 === seed: every episode the same).
    const seed = seedText === undefined ? undefined : parseIntFlag('seed', seedText);
    const global: GlobalOptions = {
      config: v.config as string | undefined,
      seed,
      backend: v.backend as string | undefined,
      out: v.out as string | undefined,
      quiet: Boolean(v.quiet),
    };
    const logger = createLogger({ level: global.quiet ? 'error' : ((process.env.MEMGYM_LOG_LEVEL as 'info' | undefined) ?? 'warn') });
    const ctx: CommandContext = {
      global,
      flags: v,
      positionals: parsed.positionals,
      logger,
      print: (line) => process.stdout.write(`${line}\n`),
    };
    const code = await cmd.run(ctx);
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof MemgymError) {
      process.stderr.write(`memgym ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`memgym ${name}: ${err.message}\nRun \`memgym ${name} --help\` for its options.\n`);
      return 2;
    }
    throw err;
  }
}

const isEntry = process.argv[1] !== undefined && /main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`memgym: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
