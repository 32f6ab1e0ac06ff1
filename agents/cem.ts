/**
 * CEM: the noisy cross-entropy method (Szita & Lőrincz 2006, who used it to learn Tetris with a linear
 * evaluation function where policy-gradient and value methods fell behind) over the linear slot-value
 * rule of agents/linear-rule.ts — a learned memory controller that searches the rule directly instead of
 * following a gradient through a critic, so sparse 0/1 answer rewards cost it nothing but samples.
 *
 * Each iteration draws P candidates θ_k ~ N(μ, σ²) (θ_0 = μ itself, so the incumbent competes on the
 * same episodes), runs candidate k on E episodes in sub-envs kE … kE + E − 1 of the training VectorEnv
 * (P = ⌊B / E⌋; extra sub-envs run μ and are not scored), with **the same E episode seeds for every
 * candidate** (common random numbers: candidates differ by their choices, not their episodes), scores
 * each by its mean episode return, and refits μ and σ² to the best ⌈eliteFraction · P⌉ (ties: the lower
 * index, so μ wins a tie), σ² plus `noise` so the search does not collapse. μ starts at
 * {@link KEY_COUNT_THETA} (the key-count rule) and is the policy that acts; acting is deterministic.
 *
 * Every iteration is one logged update (`updates.jsonl`): `episodicReturnMean` over all its episodes,
 * `incumbentReturn` (μ's), `eliteReturnMean`, `searchStd` (mean σ); the gradient fields are NaN. Shipped as
 * an agent module: `{ "type": "module", "module": "agents/cem.ts", "options": { "hyperparameters": { … } } }`
 * (the path relative to the config file); `compare` trains it per seed like a built-in learner.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOOP } from '../envs/common/actions.js';
import type { MemoryObservation } from '../envs/common/observation.js';
import type { Info } from '../src/core/env.js';
import type { VectorEnv } from '../src/core/vector.js';
import type { Agent, LearnOptions } from '../src/rl/agent.js';
import { resolveHyperparameters } from '../src/rl/hyperparameters.js';
import type { TrainingResult, UpdateStats } from '../src/rl/training-types.js';
import { mean } from '../src/report/stats.js';
import { CheckpointError, ConfigError } from '../src/util/errors.js';
import { Rng } from '../src/util/rng.js';
import { asMemoryObservation } from './fixed/slots.js';
import { KEY_COUNT_THETA, RULE_PARAMS, decideLinearRule } from './linear-rule.js';

/** CEM hyperparameters. */
export interface CemHyperparameters {
  /** E: episodes per candidate per iteration (P = ⌊numEnvs / E⌋ candidates). */
  episodesPerCandidate: number;
  /** The fraction of candidates μ and σ are refitted to. */
  eliteFraction: number;
  /** σ of the first iteration, every parameter. */
  initStd: number;
  /** Added to σ² at every refit (Szita & Lőrincz's noise). */
  noise: number;
  /** Seeds the candidates and the training episodes when `learn` gets no seed. */
  seed: number;
}

export const CEM_DEFAULTS: Readonly<CemHyperparameters> = {
  episodesPerCandidate: 4,
  eliteFraction: 0.25,
  initStd: 0.5,
  noise: 0.01,
  seed: 0,
};

/** Options of {@link CemAgent} (a module agent's `options`). */
export interface CemOptions {
  hyperparameters?: Partial<CemHyperparameters>;
  /** μ to start from (default {@link KEY_COUNT_THETA}), `RULE_PARAMS` finite numbers in `RULE_FEATURES` order, then freeValue, margin. */
  theta?: readonly number[];
}

/** What a saved CEM agent holds (`cem.json`). */
interface SavedCem {
  name: 'cem';
  mean: number[];
  std: number[];
  hyperparameters: CemHyperparameters;
}

const SAVED = 'cem.json';

/** Training episode seeds of a run: far below the evaluation seeds (≥ 10⁶) for seeds < 10. */
const SEED_STRIDE = 100_003;

export class CemAgent implements Agent<MemoryObservation> {
  readonly name = 'cem';
  readonly hyperparameters: CemHyperparameters;
  /** μ: the parameters the agent acts with. */
  mean: Float64Array;
  std: Float64Array;

  constructor(options: CemOptions = {}) {
    this.hyperparameters = resolveHyperparameters(CEM_DEFAULTS, options.hyperparameters ?? {});
    const hp = this.hyperparameters;
    const check = (key: keyof CemHyperparameters, ok: boolean, what: string): void => {
      if (!ok) throw new ConfigError(`hyperparameters.${key}`, `expected ${what}, got ${hp[key]}`);
    };
    check('episodesPerCandidate', Number.isInteger(hp.episodesPerCandidate) && hp.episodesPerCandidate >= 1, 'a positive integer');
    check('eliteFraction', hp.eliteFraction > 0 && hp.eliteFraction <= 1, 'a number in (0, 1]');
    check('initStd', hp.initStd >= 0, 'a non-negative number');
    check('noise', hp.noise >= 0, 'a non-negative number');
    const theta = options.theta ?? KEY_COUNT_THETA;
    if (!isRuleVector(theta)) {
      throw new ConfigError('theta', `expected ${RULE_PARAMS} finite numbers, got ${JSON.stringify(theta)}`);
    }
    this.mean = Float64Array.from(theta);
    this.std = new Float64Array(RULE_PARAMS).fill(hp.initStd);
  }

  act(observation: MemoryObservation, _info?: Info): number {
    return decideLinearRule(asMemoryObservation(observation, this.name), this.mean);
  }

  async learn(env: VectorEnv<MemoryObservation, number>, options: LearnOptions): Promise<TrainingResult> {
    const hp = this.hyperparameters;
    const B = env.numEnvs;
    const E = hp.episodesPerCandidate;
    const P = Math.floor(B / E);
    if (P < 2) {
      throw new ConfigError(
        'hyperparameters.episodesPerCandidate',
        `expected at most numEnvs / 2 = ${Math.floor(B / 2)} (2 candidates), got ${E}`,
      );
    }
    const elites = Math.max(1, Math.ceil(hp.eliteFraction * P));
    const seed = options.seed ?? hp.seed;
    const rng = new Rng(`${seed}/cem`);
    const updates: UpdateStats[] = [];
    let globalStep = 0;
    let stoppedEarly = false;
    for (let iteration = 1; globalStep < options.totalTimesteps && !stoppedEarly; iteration++) {
      const started = performance.now();
      const thetas = Array.from({ length: P }, (_, k) =>
        k === 0 ? this.mean : this.mean.map((m, j) => rng.normal(m, this.std[j] as number)),
      );
      const episodeSeeds = Array.from({ length: B }, (_, b) => seed * SEED_STRIDE + (iteration - 1) * E + (b % E));
      const run = runEpisodes(env, episodeSeeds, (b) => thetas[b < P * E ? Math.floor(b / E) : 0] as Float64Array);
      globalStep += run.steps * B;
      const fitness = Array.from({ length: P }, (_, k) => mean(run.returns.subarray(k * E, k * E + E)));
      const order = fitness.map((f, k) => ({ f, k })).sort((a, b) => b.f - a.f || a.k - b.k);
      const chosen = order.slice(0, elites).map(({ k }) => thetas[k] as Float64Array);
      const next = refit(chosen, hp.noise);
      const incumbentReturn = fitness[0] as number;
      const eliteReturnMean = mean(order.slice(0, elites).map(({ f }) => f));
      this.mean = next.mean;
      this.std = next.std;
      const seconds = (performance.now() - started) / 1000;
      const stats: UpdateStats = {
        update: iteration,
        numUpdates: Math.max(iteration, Math.ceil(options.totalTimesteps / Math.max(1, run.steps * B))),
        globalStep,
        learningRate: Number.NaN,
        policyLoss: Number.NaN,
        valueLoss: Number.NaN,
        entropy: Number.NaN,
        approxKl: Number.NaN,
        clipFraction: Number.NaN,
        gradNorm: Number.NaN,
        explainedVariance: Number.NaN,
        epochsRun: 0,
        stepsPerSecond: seconds > 0 ? (run.steps * B) / seconds : Number.POSITIVE_INFINITY,
        episodes: P * E,
        episodicReturnMean: mean(run.returns.subarray(0, P * E)),
        episodicLengthMean: mean(run.lengths.subarray(0, P * E)),
        incumbentReturn,
        eliteReturnMean,
        searchStd: mean(this.std),
      };
      updates.push(stats);
      options.logger?.info({ ...stats }, 'cem iteration');
      if (options.onUpdate && (await options.onUpdate(stats)) === false) stoppedEarly = true;
    }
    return { updates, globalStep, stoppedEarly };
  }

  async save(dir: string): Promise<void> {
    const saved: SavedCem = { name: 'cem', mean: Array.from(this.mean), std: Array.from(this.std), hyperparameters: this.hyperparameters };
    writeFileSync(join(dir, SAVED), `${JSON.stringify(saved, null, 2)}\n`);
  }

  async load(dir: string): Promise<void> {
    const file = join(dir, SAVED);
    let saved: Partial<SavedCem>;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedCem>;
    } catch (err) {
      throw new CheckpointError(`${file}: cannot read a saved cem agent (${(err as Error).message})`);
    }
    const vector = (v: unknown, what: string): Float64Array => {
      if (!isRuleVector(v)) {
        throw new CheckpointError(`${file}: expected ${what} as ${RULE_PARAMS} finite numbers, got ${JSON.stringify(v)}`);
      }
      return Float64Array.from(v);
    };
    if (saved.name !== 'cem') throw new CheckpointError(`${file}: expected name "cem", got ${JSON.stringify(saved.name)}`);
    this.mean = vector(saved.mean, 'mean');
    this.std = vector(saved.std, 'std');
  }
}

export default CemAgent;

/** Whether `v` is a θ of the linear rule: `RULE_PARAMS` finite numbers. */
function isRuleVector(v: unknown): v is readonly number[] {
  return Array.isArray(v) && v.length === RULE_PARAMS && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** What {@link runEpisodes} measured: per sub-env, its first episode's return and length. */
interface EpisodeRun {
  returns: Float64Array;
  lengths: Float64Array;
  /** Vector steps taken (until every sub-env ended its first episode). */
  steps: number;
}

/** Resets every sub-env with its seed and steps until each has ended one episode, acting by `thetaOf(b)`. */
function runEpisodes(env: VectorEnv<MemoryObservation, number>, seeds: number[], thetaOf: (b: number) => Float64Array): EpisodeRun {
  const B = env.numEnvs;
  let observations = env.reset({ seed: seeds }).observations;
  const returns = new Float64Array(B);
  const lengths = new Float64Array(B);
  const done = new Uint8Array(B);
  const actions = new Array<number>(B).fill(NOOP);
  let remaining = B;
  let steps = 0;
  while (remaining > 0) {
    for (let b = 0; b < B; b++) actions[b] = done[b] ? NOOP : decideLinearRule(observations[b] as MemoryObservation, thetaOf(b));
    const r = env.step(actions);
    steps++;
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      returns[b] = (returns[b] as number) + (r.rewards[b] as number);
      lengths[b] = (lengths[b] as number) + 1;
      if (r.terminated[b] || r.truncated[b]) {
        done[b] = 1;
        remaining--;
      }
    }
    observations = r.observations;
  }
  return { returns, lengths, steps };
}

/** μ and σ of the elites, σ² plus `noise`. */
export function refit(elites: readonly Float64Array[], noise: number): { mean: Float64Array; std: Float64Array } {
  const n = elites.length;
  const d = (elites[0] as Float64Array).length;
  const mu = new Float64Array(d);
  const std = new Float64Array(d);
  for (const e of elites) for (let j = 0; j < d; j++) mu[j] = (mu[j] as number) + (e[j] as number) / n;
  for (let j = 0; j < d; j++) {
    let v = 0;
    for (const e of elites) v += ((e[j] as number) - (mu[j] as number)) ** 2 / n;
    std[j] = Math.sqrt(v + noise);
  }
  return { mean: mu, std };
}
