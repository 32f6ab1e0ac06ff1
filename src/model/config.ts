/**
 * The configuration of the memory-augmented transformer (MAT): sizes and seed.
 */
import { ConfigError, describeValue } from '../util/errors.js';

/** Sizes of the MAT. All are positive integers except `contextLen` and `seed` (≥ 0). */
export interface MatConfig {
  /** Number of token ids; tokens are integers in [0, vocabSize). */
  vocabSize: number;
  /** L: tokens per item (facts, queries, windows are all items of this length). */
  itemLen: number;
  /** D: model width, also the dimension of a memory slot. */
  dModel: number;
  /** Attention heads; must divide `dModel`. */
  nHeads: number;
  /** Transformer blocks in the item encoder and in the answerer (each). */
  nLayers: number;
  /** Hidden width of the MLP in each block. */
  dFF: number;
  /** W: the working context, how many recent items the answerer sees directly (0 = none). */
  contextLen: number;
  /** S: the most memory slots the model is used with (sizes the soft-write initial memory). */
  maxSlots: number;
  /** A: tokens per answer (1 for question answering, > 1 for forecasts). */
  answerLen: number;
  /**
   * H: soft reads per query (default 1, the seed's single read). With H > 1 the reads chain as in
   * end-to-end memory networks (Sukhbaatar et al. 2015): k⁽¹⁾ = k_r, c⁽ʰ⁾ = Σ_i softmax_i(k⁽ʰ⁾·M_i/√D)·M_i,
   * k⁽ʰ⁺¹⁾ = k⁽ʰ⁾ + c⁽ʰ⁾W_h + b_h, so a second read can follow what the first found (the holder of an object
   * to where the holder went); every c⁽ʰ⁾ joins the queries, Q' = [Q; c⁽¹⁾ᵀ; …; c⁽ᴴ⁾ᵀ].
   */
  readHops: number;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** The default MAT: D = 64, 4 heads, 2 layers, dFF = 128, W = 4. */
export const DEFAULT_MAT_CONFIG: Readonly<MatConfig> = Object.freeze({
  vocabSize: 64,
  itemLen: 4,
  dModel: 64,
  nHeads: 4,
  nLayers: 2,
  dFF: 128,
  contextLen: 4,
  maxSlots: 16,
  answerLen: 1,
  readHops: 1,
  seed: 0,
});

const KEYS = Object.keys(DEFAULT_MAT_CONFIG) as (keyof MatConfig)[];

/**
 * Fills the defaults into a partial config and validates it.
 * @throws ConfigError for an unknown key, a non-integer or out-of-range value, or heads not dividing D.
 */
export function resolveMatConfig(partial: Partial<MatConfig> = {}, path = 'model'): MatConfig {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new ConfigError(path, `expected an object, got ${describeValue(partial)}`);
  }
  for (const key of Object.keys(partial)) {
    if (!(KEYS as string[]).includes(key)) {
      throw new ConfigError(`${path}.${key}`, `unknown key; expected one of ${KEYS.join(', ')}`);
    }
  }
  const config = { ...DEFAULT_MAT_CONFIG, ...partial } as MatConfig;
  for (const key of KEYS) {
    const value = config[key];
    const min = key === 'contextLen' || key === 'seed' ? 0 : 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new ConfigError(`${path}.${key}`, `expected an integer >= ${min}, got ${describeValue(value)}`);
    }
  }
  if (config.dModel % config.nHeads !== 0) {
    throw new ConfigError(`${path}.nHeads`, `expected a divisor of dModel (${config.dModel}), got ${config.nHeads}`);
  }
  return config;
}

/** True when two configs have the same values for every key. */
export function sameMatConfig(a: MatConfig, b: MatConfig): boolean {
  return KEYS.every((k) => a[k] === b[k]);
}
