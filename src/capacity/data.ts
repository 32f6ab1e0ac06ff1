/**
 * Memorization data sets: N distinct random token sequences of length n over a vocabulary, each with random
 * labels — one label per sequence (next-token setting) or one per position (seq2seq setting).
 *
 * Data sets are nested: the first N sequences of a data set of size N' ≥ N are themselves a valid data set
 * of size N ({@link prefixDataset}), so a run draws the largest N once per setting and length and every
 * smaller N uses a prefix. This lowers the variance between grid points.
 */
import { ConfigError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** The two settings of Kajitsuka & Sato (2024). */
export type CapacitySetting = 'next-token' | 'seq2seq';

/** Options of {@link generateDataset}. */
export interface DatasetOptions {
  setting: CapacitySetting;
  /** N: number of sequences (≥ 1). */
  count: number;
  /** n: tokens per sequence (≥ 1). */
  length: number;
  /** Token ids are in [0, vocabSize) (≥ 2). */
  vocabSize: number;
  /** Labels are in [0, numLabels) (≥ 2). */
  numLabels: number;
  seed: number | string;
}

/** A memorization data set; arrays are row-major. */
export interface CapacityDataset {
  setting: CapacitySetting;
  count: number;
  length: number;
  vocabSize: number;
  numLabels: number;
  /** Tokens [count, length]; all rows are distinct. */
  tokens: Int32Array;
  /** Labels [count] (next-token) or [count, length] (seq2seq). */
  labels: Int32Array;
}

/** Labels per sequence: 1 for next-token, n for seq2seq. */
export function labelsPerSequence(setting: CapacitySetting, length: number): number {
  return setting === 'next-token' ? 1 : length;
}

/** Bits of label information in a data set: N · (labels per sequence) · log2(numLabels). */
export function datasetBits(d: Pick<CapacityDataset, 'setting' | 'count' | 'length' | 'numLabels'>): number {
  return d.count * labelsPerSequence(d.setting, d.length) * Math.log2(d.numLabels);
}

function checkInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ConfigError(name, `expected an integer >= ${min}, got ${value}`);
}

/**
 * Draws N distinct sequences (uniform over all vocab^n sequences without replacement) and uniform labels.
 * Deterministic in `seed`.
 *
 * @throws ConfigError when vocab^n < N (not enough distinct sequences) or an argument is out of range.
 */
export function generateDataset(opts: DatasetOptions): CapacityDataset {
  const { setting, count, length, vocabSize, numLabels } = opts;
  checkInt('count', count, 1);
  checkInt('length', length, 1);
  checkInt('vocabSize', vocabSize, 2);
  checkInt('numLabels', numLabels, 2);
  const space = vocabSize ** length;
  if (space < count) {
    throw new ConfigError(
      'count',
      `expected at most vocabSize^length = ${vocabSize}^${length} = ${space} distinct sequences, got N = ${count}`,
    );
  }
  const rng = new Rng(`capacity-data:${setting}:${opts.seed}`);
  const tokens = new Int32Array(count * length);
  if (space <= 4 * count) {
    // Dense case: shuffle all codes and take the first N (rejection would crawl).
    const codes = rng.shuffle(Array.from({ length: space }, (_, i) => i)).slice(0, count);
    codes.forEach((code, row) => {
      let c = code;
      for (let j = length - 1; j >= 0; j--) {
        tokens[row * length + j] = c % vocabSize;
        c = Math.floor(c / vocabSize);
      }
    });
  } else {
    const seen = new Set<string>();
    const row = new Array<number>(length);
    for (let i = 0; i < count; ) {
      for (let j = 0; j < length; j++) row[j] = rng.int(vocabSize);
      const key = row.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      for (let j = 0; j < length; j++) tokens[i * length + j] = row[j] as number;
      i++;
    }
  }
  const labels = new Int32Array(count * labelsPerSequence(setting, length));
  for (let i = 0; i < labels.length; i++) labels[i] = rng.int(numLabels);
  return { setting, count, length, vocabSize, numLabels, tokens, labels };
}

/** The first `count` sequences of `d` (and their labels): itself a data set of distinct sequences. */
export function prefixDataset(d: CapacityDataset, count: number): CapacityDataset {
  if (!Number.isInteger(count) || count < 1 || count > d.count) {
    throw new RangeError(`expected a prefix size in [1, ${d.count}], got ${count}`);
  }
  const per = labelsPerSequence(d.setting, d.length);
  return {
    ...d,
    count,
    tokens: d.tokens.slice(0, count * d.length),
    labels: d.labels.slice(0, count * per),
  };
}
