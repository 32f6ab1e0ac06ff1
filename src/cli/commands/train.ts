/**
 * `memgym train`: trains a learner (PPO, A2C, REINFORCE, or BC / DAgger on the oracle) on a registered memory env, writes every
 * update's diagnostics to `updates.jsonl` as it comes, checkpoints the agent periodically (Ctrl-C stops
 * after the current update and keeps the agent), then evaluates it greedily on seeded episodes.
 */
import { join } from 'node:path';
import { JsonlAppender } from '../../report/csv.js';
import { confidenceInterval } from '../../report/stats.js';
import { formatMeanCi } from '../../report/table.js';
import { linePlot } from '../../report/svg.js';
import { htmlReport } from '../../report/html.js';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { envKwargsField } from '../../../envs/common/family.js';
import { agentEntry } from '../../experiment/agent-spec-schema.js';
import { number } from '../../util/schemas.js';
import { configSchema } from '../../util/zod-config.js';
import { MAX_EPISODES, MAX_NUM_ENVS, MAX_TIMESTEPS, checkSeedRange } from '../../experiment/limits.js';
import { ConfigError } from '../../util/errors.js';
import { LEARNER_TYPES, checkAgentSpec, parseAgentSpec, type AgentSpec, type LearnerType } from '../../experiment/agents.js';
import { makeMemoryVectorEnv } from '../../experiment/envs.js';
import { DEFAULT_EVAL_POLICY, EVAL_POLICIES, evaluateAgentAsync, summarizeEpisodes } from '../../experiment/evaluate.js';
import { trainLearner } from '../../experiment/train.js';
import type { Command, CommandContext } from '../command.js';
import {
  INTERRUPTED_EXIT_CODE,
  createRunDir,
  interruptible,
  intFlag,
  loadCommandConfig,
  progressFor,
  runSeed,
  setupBackend,
} from '../shared.js';

/** The train config (configs/train-*.json). */
export const trainConfigSchema = configSchema({
  env: z.string().default('memgym/Recall-Easy-v0'),
  envKwargs: envKwargsField.prefault({}),
  /** A learner entry: "ppo" | "a2c" | "reinforce" | "bc" | "dagger" or { type, hyperparameters, network, init }. */
  agent: agentEntry.default('ppo'),
  numEnvs: number({ integer: true, min: 1, max: MAX_NUM_ENVS }).default(8),
  totalTimesteps: number({ integer: true, min: 1, max: MAX_TIMESTEPS }).default(50_000),
  checkpointEvery: number({ integer: true, min: 1 }).default(10),
  seed: number({ integer: true, min: 0 }).default(1),
  eval: z
    .strictObject({
      episodes: number({ integer: true, min: 1, max: MAX_EPISODES }).default(32),
      seed: number({ integer: true, min: 0 }).default(1_000_000),
      numEnvs: number({ integer: true, min: 1, max: MAX_NUM_ENVS }).default(16),
      /** How the trained agent acts: `sample` (default) or `greedy`; see EVAL_POLICIES. */
      policy: z.enum(EVAL_POLICIES).default(DEFAULT_EVAL_POLICY),
    })
    .prefault({}),
  backend: z.string().optional(),
});
export type TrainConfig = z.output<typeof trainConfigSchema>;

/** The learner spec of a train config (`ConfigError` for a non-learner). */
export function learnerSpec(entry: unknown): AgentSpec & { type: LearnerType } {
  const spec = parseAgentSpec(entry, 'agent');
  if (!(LEARNER_TYPES as readonly string[]).includes(spec.type)) {
    throw new ConfigError(
      'agent',
      `expected a learner (${LEARNER_TYPES.join(', ')}) to train, got type "${spec.type}"; use \`memgym eval\` for fixed or custom agents`,
    );
  }
  return spec as AgentSpec & { type: LearnerType };
}

async function run(ctx: CommandContext): Promise<number> {
  const config = loadCommandConfig(ctx, trainConfigSchema);
  const env = (ctx.flags.env as string | undefined) ?? config.env;
  const spec = learnerSpec((ctx.flags.agent as string | undefined) ?? config.agent);
  const totalTimesteps = intFlag(ctx, 'steps', { min: 1, max: MAX_TIMESTEPS }) ?? config.totalTimesteps;
  const seed = runSeed(ctx, config.seed);
  checkSeedRange(ctx.global.seed === undefined ? 'seed' : '--seed', seed, config.numEnvs);
  checkSeedRange('eval.seed', config.eval.seed, config.eval.episodes);
  // The backend first: a MAT loaded before it would put its weights on tfjs's default (cpu) backend.
  const selection = await setupBackend(ctx, config.backend);
  makeMemoryVectorEnv(env, config.envKwargs, 1).close(); // fail fast: unknown id, bad kwargs, missing checkpoint
  await checkAgentSpec(spec, 'agent'); // bad hyperparameters or network
  const runDir = createRunDir(
    ctx,
    `train-${spec.type}`,
    { ...config, env, agent: spec, totalTimesteps },
    { seed, backend: selection.backend, env },
  );
  const updates = new JsonlAppender(join(runDir.dir, 'updates.jsonl'));
  const agentDir = join(runDir.dir, 'agent');
  ctx.print(`training ${spec.type} on ${env} for ${totalTimesteps} steps (${config.numEnvs} envs, seed ${seed}) → ${runDir.dir}`);
  return interruptible(async (interrupted) => {
    const trained = await trainLearner({
      spec,
      env,
      envKwargs: config.envKwargs,
      numEnvs: config.numEnvs,
      totalTimesteps,
      seed,
      logger: runDir.logger,
      progress: progressFor(ctx, `train ${spec.type}`, totalTimesteps),
      onUpdate: (u) => updates.append(u),
      saveDir: agentDir,
      checkpointEvery: config.checkpointEvery,
      shouldStop: interrupted,
    });
    try {
      const last = trained.updates.at(-1);
      ctx.print(
        `trained ${trained.globalStep} steps in ${trained.seconds.toFixed(1)} s (${(trained.globalStep / trained.seconds).toFixed(0)} steps/s)` +
          `${trained.stoppedEarly ? ' — stopped early' : ''}; agent saved to ${agentDir}`,
      );
      const curve = trained.updates
        .filter((u) => u.episodicReturnMean !== null)
        .map((u) => ({ x: u.globalStep, y: u.episodicReturnMean as number }));
      writeFileSync(
        join(runDir.dir, 'report.html'),
        htmlReport({
          title: `memgym train: ${spec.type} on ${env}`,
          meta: { seed, backend: selection.backend, steps: trained.globalStep },
          sections: [
            {
              heading: 'Learning curve',
              html: linePlot({
                title: 'Training return',
                xLabel: 'env steps',
                yLabel: 'episodic return',
                series: [{ name: spec.type, points: curve }],
              }),
            },
          ],
        }),
      );
      const base = {
        env,
        agent: spec.type,
        seed,
        globalStep: trained.globalStep,
        seconds: trained.seconds,
        stoppedEarly: trained.stoppedEarly,
        lastUpdate: last ?? null,
      };
      if (interrupted()) {
        // Ctrl-C: the user asked to stop; the agent and the curve are kept, the evaluation is not run.
        runDir.writeJson('summary.json', { ...base, evaluation: null, interrupted: true });
        ctx.print(`interrupted: evaluation skipped (run \`memgym eval --agent ${agentDir}\` for it)`);
        ctx.print(`run: ${runDir.dir}`);
        return INTERRUPTED_EXIT_CODE;
      }
      trained.agent.deterministic = config.eval.policy === 'greedy';
      const evalProgress = progressFor(ctx, 'eval', config.eval.episodes);
      const episodes = await evaluateAgentAsync({
        agent: trained.agent,
        makeEnv: (n) => makeMemoryVectorEnv(env, config.envKwargs, n),
        episodes: config.eval.episodes,
        baseSeed: config.eval.seed,
        numEnvs: config.eval.numEnvs,
        shouldStop: interrupted,
        onEpisode: (_, done) => evalProgress.update(done),
      });
      evalProgress.done();
      const summary = summarizeEpisodes(episodes);
      const ci = confidenceInterval(episodes.map((e) => e.accuracy));
      const complete = episodes.length === config.eval.episodes;
      runDir.writeJson('summary.json', {
        ...base,
        evaluation: { ...summary, accuracyCi95: [ci.low, ci.high] },
        ...(complete ? {} : { interrupted: true }),
      });
      ctx.print(
        `${config.eval.policy} evaluation on ${episodes.length} episodes: accuracy ${formatMeanCi(ci.mean, ci.halfWidth)} (95% CI over episodes), ` +
          `slots used ${summary.slotsUsed.toFixed(2)}, retrievals/query ${summary.retrievalsPerQuery.toFixed(2)}`,
      );
      ctx.print(`run: ${runDir.dir}`);
      return complete ? 0 : INTERRUPTED_EXIT_CODE;
    } finally {
      trained.agent.dispose();
    }
  });
}

const command: Command = {
  name: 'train',
  summary: 'Train PPO, A2C, REINFORCE, BC or DAgger on a memory env; saves the agent and a learning curve, then evaluates it.',
  usage:
    'memgym train [--config configs/train-ppo-recall.json] [--env ID] [--agent ppo|a2c|reinforce|bc|dagger] [--steps N] [--seed N] [--out DIR]',
  flags: {
    'env=ID': 'registered env id (overrides the config)',
    'agent=NAME': 'ppo, a2c, reinforce, bc or dagger',
    'steps=N': 'total env steps',
  },
  run,
};
export default command;
