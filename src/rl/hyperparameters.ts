/** Hyperparameters shared by the policy-gradient agents, and their validation. */
import { ConfigError, describeValue } from '../util/errors.js';

/** Hyperparameters every policy-gradient agent has (CleanRL names). */
export interface AgentHyperparameters {
  learningRate: number;
  /** Steps per env per rollout. */
  numSteps: number;
  gamma: number;
  /** Normalise advantages per minibatch. */
  normAdv: boolean;
  /** Divide rewards by the running std of the discounted return (SB3's `norm_reward`). */
  normReward: boolean;
  /** Train only the critic for this many first updates (a warm-up after an imitation `init`). */
  freezeActorUpdates: number;
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  annealLr: boolean;
  seed: number;
}

const POSITIVE_INTS = new Set(['numSteps', 'numMinibatches', 'updateEpochs', 'iterations', 'epochs', 'batchSize', 'maxDatasetSize']);
const UNIT_INTERVAL = new Set(['gamma', 'gaeLambda', 'betaStart', 'betaDecay']);

/** Merges `overrides` into `defaults`, checking names, types and ranges (ConfigError on a bad one). */
export function resolveHyperparameters<H extends object>(defaults: H, overrides: Partial<H> = {}, prefix = 'hyperparameters'): H {
  const out = { ...defaults } as Record<string, unknown>;
  const known = Object.keys(defaults);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const path = `${prefix}.${key}`;
    if (!known.includes(key)) throw new ConfigError(path, `unknown hyperparameter; expected one of ${known.join(', ')}`);
    const def = (defaults as Record<string, unknown>)[key];
    const nullable = key === 'targetKl';
    if (value === null ? !nullable : typeof value !== typeof def && !(nullable && typeof value === 'number')) {
      throw new ConfigError(path, `expected ${nullable ? 'a number or null' : `a ${typeof def}`}, got ${describeValue(value)}`);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ConfigError(path, `expected a finite number, got ${value}`);
      if (POSITIVE_INTS.has(key) && (!Number.isInteger(value) || value < 1)) {
        throw new ConfigError(path, `expected a positive integer, got ${value}`);
      }
      if (UNIT_INTERVAL.has(key) && (value < 0 || value > 1)) throw new ConfigError(path, `expected a number in [0, 1], got ${value}`);
      if (key === 'freezeActorUpdates' && (!Number.isInteger(value) || value < 0)) {
        throw new ConfigError(path, `expected a non-negative integer, got ${value}`);
      }
      if (key === 'seed' && !Number.isInteger(value)) throw new ConfigError(path, `expected an integer, got ${value}`);
      if ((key === 'learningRate' || key === 'maxGradNorm' || key === 'clipCoef' || key === 'targetKl') && value <= 0) {
        throw new ConfigError(path, `expected a positive number, got ${value}`);
      }
    }
    out[key] = value;
  }
  return out as H;
}
