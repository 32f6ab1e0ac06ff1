/**
 * `memgym check`: runs the env checker (`checkEnv`) on registered envs — all of them, or the ids given
 * as arguments — and prints one line per check that failed. Exit code 1 when any env fails.
 */
import { checkEnv } from '../../core/check-env.js';
import { defaultRegistry } from '../../core/registry.js';
import { MemgymError } from '../../util/errors.js';
import '../../../envs/index.js';
import type { Command, CommandContext } from '../command.js';
import { setupBackend } from '../shared.js';

async function run(ctx: CommandContext): Promise<number> {
  const reader = (ctx.flags.reader as string | undefined) ?? 'mat';
  if (reader !== 'mat' && reader !== 'ideal') throw new MemgymError('USAGE', `--reader: expected "mat" or "ideal", got "${reader}"`);
  const ids = ctx.positionals.length > 0 ? ctx.positionals : defaultRegistry.ids();
  for (const id of ids) defaultRegistry.spec(id); // unknown ids fail before any work, with a suggestion
  if (reader === 'mat') await setupBackend(ctx);
  let failed = 0;
  for (const id of ids) {
    const result = checkEnv(() => defaultRegistry.make(id, { reader }), { seed: ctx.global.seed ?? 0, maxSteps: 120 });
    const bad = result.checks.filter((c) => !c.passed);
    ctx.print(`${result.passed ? 'ok  ' : 'FAIL'} ${id} (${result.checks.length} checks, reader ${reader})`);
    for (const c of bad) ctx.print(`     ✗ ${c.name}: ${c.message ?? ''}`);
    if (!result.passed) failed += 1;
  }
  ctx.print(failed === 0 ? `all ${ids.length} envs pass` : `${failed} of ${ids.length} envs fail`);
  return failed === 0 ? 0 : 1;
}

const command: Command = {
  name: 'check',
  summary: 'Run the env checker on registered envs (all, or the ids given).',
  usage: 'memgym check [ID ...] [--reader mat|ideal] [--seed N]',
  flags: { 'reader=KIND': 'mat (the pretrained MAT, default) or ideal (model-free reader)' },
  run,
};
export default command;
