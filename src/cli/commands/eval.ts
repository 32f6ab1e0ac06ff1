/**
 * `memgym eval`: evaluates one agent — a fixed policy, a saved learned agent (its directory) or a user's
 * agent module — on seeded episodes of a registered memory env; per-episode metrics go to
 * `episodes.csv` as they finish.
 */
import { join } from 'node:path';
import { CsvAppender } from '../../report/csv.js';
import { confidenceInterval } from '../../report/stats.js';
import { formatMeanCi } from '../../report/table.js';
import { z } from 'zod';
import { envKwargsField } from '../../../envs/common/family.js';
import { agentEntry } from '../../experiment/agent-spec-schema.js';
import { number } from '../../util/schemas.js';
import { configSchema } from '../../util/zod-config.js';
import { MAX_EPISODES, MAX_NUM_ENVS, checkSeedRange } from '../../experiment/limits.js';
import { buildAgent, parseAgentSpec } from '../../experiment/agents.js';
import { makeMemoryVectorEnv } from '../../experiment/envs.js';
import { DEFAULT_EVAL_POLICY, EVAL_POLICIES, evaluateAgentAsync, summarizeEpisodes } from '../../experiment/evaluate.js';
import type { Command, CommandContext } from '../command.js';
import {
  INTERRUPTED_EXIT_CODE,
  configDir,
  createRunDir,
  interruptible,
  intFlag,
  loadCommandConfig,
  progressFor,
  runSeed,
  setupBackend,
} from '../shared.js';

/** The eval config. */
export const evalConfigSchema = configSchema({
  env: z.string().default('memgym/Recall-Easy-v0'),
  envKwargs: envKwargsField.prefault({}),
  /** An agent entry (see src/experiment/agents.ts): a fixed policy name, a saved agent dir, a module path, or an object. */
  agent: agentEntry.default('lru'),
  episodes: number({ integer: true, min: 1, max: MAX_EPISODES }).default(32),
  numEnvs: number({ integer: true, min: 1, max: MAX_NUM_ENVS }).default(16),
  seed: number({ integer: true, min: 0 }).default(1_000_000),
  /** How a learned agent acts: `sample` (default) or `greedy`; see EVAL_POLICIES. */
  policy: z.enum(EVAL_POLICIES).default(DEFAULT_EVAL_POLICY),
  backend: z.string().optional(),
});
export type EvalConfig = z.output<typeof evalConfigSchema>;

async function run(ctx: CommandContext): Promise<number> {
  const config = loadCommandConfig(ctx, evalConfigSchema);
  const env = (ctx.flags.env as string | undefined) ?? config.env;
  // An agent from the config file: its paths are relative to the file; from --agent: to the working directory.
  const fromFlag = ctx.flags.agent as string | undefined;
  const spec = parseAgentSpec(fromFlag ?? config.agent, 'agent', fromFlag === undefined ? configDir(ctx) : undefined);
  const episodes = intFlag(ctx, 'episodes', { min: 1, max: MAX_EPISODES }) ?? config.episodes;
  const seed = runSeed(ctx, config.seed);
  checkSeedRange(ctx.global.seed === undefined ? 'seed' : '--seed', seed, episodes);
  const selection = await setupBackend(ctx, config.backend);
  const built = await buildAgent(spec, 'agent', { evalPolicy: config.policy });
  try {
    makeMemoryVectorEnv(env, config.envKwargs, 1).close(); // fail fast on a bad id, kwargs or checkpoint
    const runDir = createRunDir(
      ctx,
      `eval-${built.label.replace(/[^\w.-]+/g, '_')}`,
      { ...config, env, agent: spec, episodes },
      { seed, backend: selection.backend, env },
    );
    const csv = new CsvAppender(join(runDir.dir, 'episodes.csv'));
    const progress = progressFor(ctx, `eval ${built.label}`, episodes);
    const results = await interruptible(async (interrupted) =>
      evaluateAgentAsync({
        agent: built.agent,
        makeEnv: (n) => makeMemoryVectorEnv(env, { ...config.envKwargs, ...built.envKwargs }, n),
        episodes,
        baseSeed: seed,
        numEnvs: config.numEnvs,
        shouldStop: interrupted,
        onEpisode: (m, done) => {
          csv.append({ ...m });
          progress.update(done);
        },
      }),
    );
    progress.done();
    const summary = summarizeEpisodes(results);
    const ci = confidenceInterval(results.map((e) => e.accuracy));
    runDir.writeJson('summary.json', { env, agent: built.label, seed, ...summary, accuracyCi95: [ci.low, ci.high] });
    ctx.print(
      `${built.label} on ${env}: accuracy ${formatMeanCi(ci.mean, ci.halfWidth)} over ${results.length} episodes (95% CI), ` +
        `slots used ${summary.slotsUsed.toFixed(2)}, retrievals/query ${summary.retrievalsPerQuery.toFixed(2)}, return ${summary.return.toFixed(2)}`,
    );
    ctx.print(`run: ${runDir.dir}`);
    return results.length === episodes ? 0 : INTERRUPTED_EXIT_CODE;
  } finally {
    built.agent.dispose?.();
  }
}

const command: Command = {
  name: 'eval',
  summary: 'Evaluate a fixed policy, a saved agent directory or an agent module on seeded episodes.',
  usage: 'memgym eval [--config FILE] [--env ID] [--agent lru|runs/…/agent|./my-agent.ts] [--episodes N] [--seed N] [--out DIR]',
  flags: {
    'env=ID': 'registered env id',
    'agent=AGENT': 'fixed policy name, saved agent directory, or module path',
    'episodes=N': 'number of episodes',
  },
  run,
};
export default command;
