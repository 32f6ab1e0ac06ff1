/**
 * `memgym list`: the registered envs, the learners, the fixed policies and the tfjs backends.
 */
import { defaultRegistry } from '../../core/registry.js';
import { BACKEND_ORDER } from '../../model/backend.js';
import { formatTable } from '../../report/table.js';
import { FIXED_POLICIES, FIXED_POLICY_NAMES } from '../../../agents/fixed/index.js';
import '../../../envs/index.js';
import { MemgymError } from '../../util/errors.js';
import { closestMatch } from '../../util/strings.js';
import type { Command, CommandContext } from '../command.js';

const LEARNERS: [string, string][] = [
  ['ppo', 'Proximal Policy Optimization (clipped surrogate, GAE; Schulman et al. 2017)'],
  ['a2c', 'Advantage actor-critic (synchronous A3C; Mnih et al. 2016)'],
  ['reinforce', 'REINFORCE with a learned baseline (Williams 1992)'],
  ['bc', "behaviour cloning of the oracle's actions (masked cross-entropy)"],
  ['dagger', 'DAgger on the oracle: roll out the policy, label with the oracle, aggregate, retrain (Ross et al. 2011)'],
];

/** What `memgym list TOPIC` can list. */
export const LIST_TOPICS = ['all', 'envs', 'agents', 'backends'] as const;

async function run(ctx: CommandContext): Promise<number> {
  const what = ctx.positionals[0] ?? 'all';
  if (!(LIST_TOPICS as readonly string[]).includes(what) || ctx.positionals.length > 1) {
    const bad = ctx.positionals.length > 1 ? ctx.positionals.slice(1).join(' ') : what;
    const hint = closestMatch(bad, LIST_TOPICS);
    throw new MemgymError(
      'USAGE',
      `unknown topic ${JSON.stringify(bad)}${hint ? ` — did you mean "${hint}"?` : ''} (expected one of ${LIST_TOPICS.join(', ')})`,
    );
  }
  if (what === 'all' || what === 'envs') {
    ctx.print('envs:');
    ctx.print(
      formatTable(
        ['id', 'description'],
        defaultRegistry.list().map((s) => [s.id, s.description ?? '']),
      ),
    );
  }
  if (what === 'all' || what === 'agents') {
    ctx.print('\nlearners (memgym train --agent NAME):');
    ctx.print(formatTable(['name', 'description'], LEARNERS));
    ctx.print('\nfixed policies (memgym eval --agent NAME):');
    ctx.print(
      formatTable(
        ['name', 'description'],
        FIXED_POLICY_NAMES.map((n) => [n, FIXED_POLICIES[n].description]),
      ),
    );
    ctx.print('\ncustom agents: --agent ./path/to/module.ts (default export: a class, factory or object with act(observation, info))');
  }
  if (what === 'all' || what === 'backends') {
    ctx.print(`\nbackends (auto tries them in this order): ${BACKEND_ORDER.join(' → ')}`);
  }
  return 0;
}

const command: Command = {
  name: 'list',
  summary: 'List registered envs, learners, fixed policies and backends.',
  usage: 'memgym list [envs|agents|backends]',
  flags: {},
  run,
};
export default command;
