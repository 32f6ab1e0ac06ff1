/**
 * # Memorization capacity of transformers (`memgym capacity`)
 *
 * An empirical check of Kajitsuka & Sato (2024, arXiv 2409.17677; seed article 000): a transformer can
 * memorize N input–label pairs with Õ(√N) parameters in the next-token setting (one label per
 * sequence, nearly independent of the length n) and Õ(√(nN)) in the seq2seq setting (a label per
 * position). We measure how the parameters a *trained* transformer needs grow with N and set the fitted
 * exponent beside the theory's 0.5.
 *
 * ## Method
 * 1. **Data** ({@link generateDataset}): N distinct token sequences of length n, uniform without
 *    replacement over vocab^n, with uniform random labels — one per sequence (next-token) or one per
 *    position (seq2seq). Seeded; the data set for N is the first N rows of the one for the largest N
 *    (nested grids lower the variance between points).
 * 2. **Models** ({@link CapacityTransformer}): token embedding + learned positions, L pre-LN blocks
 *    (bidirectional single- or multi-head attention, ReLU MLP of width ffMult·d), final layer norm and a
 *    linear head on the last token (next-token) or on every position (seq2seq). The size grid is every
 *    width × depth of the config, ordered by exact parameter count ({@link sizeGrid}).
 * 3. **Recipe** ({@link trainToMemorize}): identical for every model — full-batch Adam (src/model's
 *    optimizer, global-norm clipping), constant learning rate (optional step drops), at most `maxSteps`
 *    updates; a model *memorizes* when the argmax prediction is right for every training label.
 * 4. **Search** ({@link searchMinimalSize}): for each N, walk the grid upward (or bisect) and stop at the
 *    first size that memorizes. With `warmStart` the walk for N starts at the minimum found for the
 *    previous (smaller) N, assuming the minimum does not shrink as N grows.
 * 5. **Fit** ({@link computeFits}): least squares of log(min params) on log N (next-token) and on log nN
 *    (seq2seq; with a single n the slope equals the one against N), with a t-interval on the slope;
 *    {@link scalingVerdict} says in words whether the interval supports 0.5, 1 (linear), both or neither.
 *    Bits per parameter = N · (labels per sequence) · log2(#labels) / params.
 * 6. **Memory-augmented variant** ({@link MemoryLookupModel}): a fixed small transformer whose read attends
 *    over N external memory slots, each holding one stored sequence's key (written by the encoder) and its
 *    label; the read-out is the attention-weighted mix of the slots' labels. Its *trainable* parameters
 *    (encoder, key projection, inverse temperature) do not depend on N; its *memory* holds N·(d_k + 1)
 *    numbers (key floats + a label id per slot). Both counts are reported, and fitted separately: the
 *    trainable count alone flatters the memory model, the sum is the honest storage.
 *
 * ## Outputs (under `runs/capacity-<timestamp>/` unless `--out`)
 * `config.json` at once; `trials.jsonl` one line per trained model and `minima.csv` one row per finished
 * search, both appended as they happen; at the end (also after Ctrl-C, from the finished rows)
 * `results.json`, `fits.csv` and `report.html` (summary, exponent table beside the theory, log–log SVG
 * plots with the fit and reference slopes 0.5 and 1, bits per parameter, all minima and trials).
 *
 * ## Limits (read before quoting a number)
 * - The minimum is an *upper bound for this recipe and budget*: a longer budget, another learning rate or
 *   optimizer, or several restarts can only lower it. At large N the step budget, not capacity, binds
 *   first, which steepens the slope; at small N the fixed embedding/head overhead (≈ (V + n + C + 2)·d
 *   parameters) flattens it.
 * - The theorem's Õ(√N) construction uses hand-set weights whose bit precision grows with N; float32
 *   weights found by gradient descent store a bounded number of bits each, so a near-linear measured
 *   exponent is expected and does not contradict the theorem — it measures what training achieves.
 * - The grid quantises the minimum (one grid step is ~1.3–2× in parameters); searches that hit the grid
 *   floor or find no memorizing size are censored and left out of the transformer fits.
 * - One seed per (N, size); success near the threshold is noisy. The warm start assumes monotonicity.
 * - The memory variant memorizes by lookup: it shows where the storage goes (into the slots), not that a
 *   transformer's weights became more efficient. Only the next-token setting is run for it.
 */
export {
  type CapacityDataset,
  type CapacitySetting,
  type DatasetOptions,
  datasetBits,
  generateDataset,
  labelsPerSequence,
  prefixDataset,
} from './data.js';
export {
  CapacityTransformer,
  countTransformerParams,
  validateShape,
  type HeadKind,
  type ParamBreakdown,
  type TransformerShape,
} from './model.js';
export { countMemoryParams, MemoryLookupModel, type MemoryModelShape, type MemoryParamCount } from './memory-model.js';
export { trainToMemorize, type Memorizer, type TrainOptions, type TrainResult } from './train.js';
export {
  searchMinimalSize,
  sizeGrid,
  type Censoring,
  type SearchOptions,
  type SearchResult,
  type SizeCandidate,
  type TrialOutcome,
} from './search.js';
export { fitScaling, scalingVerdict, type ScalingFit, type ScalingPoint } from './fit.js';
export {
  computeFits,
  fittable,
  summarise,
  summariseBits,
  type BitsSummary,
  type CapacityResults,
  type CapacityVariant,
  type MinimumRecord,
  type TrialRecord,
} from './results.js';
export { capacityConfigSchema, loadCapacityConfig, parseCapacityConfig, type CapacityConfig } from './config.js';
export { CAPACITY_FILES, runCapacity, writeCapacityOutputs, type RunCapacityOptions } from './run.js';
export { formatCapacityTables, renderCapacityReport } from './report.js';
