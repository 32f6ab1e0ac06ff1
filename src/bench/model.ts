/**
 * Forward benchmark of the MAT: items/s and achieved GFLOP/s of `encodeItems` (the item encoder) and
 * `answer` (memory-extended attention over a full working context and a full memory, the query encoding
 * included), on the active tfjs backend, and the kernel launches of one call of each. FLOPs are counted analytically (src/model/flops.ts). The
 * weights are random: they do not change the speed.
 */
import { answerFlops, type BackendName, DEFAULT_MAT_CONFIG, encodeFlops, Mat, type MatConfig, selectBackend } from '../model/index.js';
import { currentBackend } from '../model/backend.js';
import { Rng } from '../util/rng.js';
import { countKernels } from './kernels.js';
import { perSecond, timeLoop } from './timing.js';

/** Options of {@link benchModelForward}. */
export interface BenchModelOptions {
  /** Items encoded / queries answered per call (default 64). */
  batch?: number;
  /** Timed wall-clock budget of each entry point, in seconds (default 1). */
  seconds?: number;
  /** Timed calls of each entry point at least (default 3), after 2 warm-up calls. */
  minIterations?: number;
  /** Select this backend first (default: keep the active one; `selectBackend` must have run). */
  backend?: BackendName | 'auto';
  /** Overrides of the default MAT config (ignored when `model` is given). */
  config?: Partial<MatConfig>;
  /** An existing MAT to time (not disposed); default: a new one from `config`, disposed afterwards. */
  model?: Mat;
  /** Context items per query (default the MAT's contextLen). */
  contextItems?: number;
  /** Memory slots per query, all occupied (default the MAT's maxSlots). */
  slots?: number;
  /** Seed of the random inputs (default 0). */
  seed?: number;
}

/** Throughput of one entry point. */
export interface BenchFigures {
  /** Items encoded (encode) or queries answered (answer) per second. */
  itemsPerSecond: number;
  /** Achieved GFLOP/s. */
  gflops: number;
  /** Mean wall time of one call. */
  msPerCall: number;
  /** FLOPs of one call. */
  flopsPerCall: number;
  /** Timed calls. */
  calls: number;
  /** Kernel launches of one call (counted in an extra untimed call). */
  kernels?: number;
}

/** What {@link benchModelForward} returns. */
export interface BenchModelResult {
  backend: string;
  batch: number;
  contextItems: number;
  slots: number;
  /** Scalar parameters of the timed MAT. */
  parameters: number;
  encode: BenchFigures;
  answer: BenchFigures;
  /** Over both entry points: (encoded items + answered queries) / total time. */
  itemsPerSecond: number;
  /** Over both entry points: total FLOPs / total time. */
  gflops: number;
}

function figures(batch: number, flopsPerCall: number, calls: number, seconds: number, kernels: number): BenchFigures {
  const ms = calls > 0 ? (seconds * 1000) / calls : 0;
  return {
    itemsPerSecond: perSecond({ units: batch * calls, seconds }),
    gflops: seconds > 0 ? (flopsPerCall * calls) / (seconds * 1e9) : 0,
    msPerCall: ms,
    flopsPerCall,
    calls,
    kernels,
  };
}

/** Times batched forwards of the MAT and reports items/s and GFLOP/s of each entry point. */
export async function benchModelForward(opts: BenchModelOptions = {}): Promise<BenchModelResult> {
  const batch = opts.batch ?? 64;
  const seconds = opts.seconds ?? 1;
  const minIterations = opts.minIterations ?? 3;
  if (opts.backend !== undefined) await selectBackend({ preferred: opts.backend });
  const model = opts.model ?? Mat.create({ ...DEFAULT_MAT_CONFIG, ...opts.config });
  try {
    const cfg = model.config;
    const rng = new Rng(opts.seed ?? 0);
    const w = opts.contextItems ?? cfg.contextLen;
    const n = opts.slots ?? cfg.maxSlots;
    const tokens = Int32Array.from({ length: batch * cfg.itemLen }, () => rng.int(cfg.vocabSize));
    const vec = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal());
    const input = {
      batch,
      queryTokens: tokens,
      ...(w > 0 ? { context: vec(batch * w * cfg.dModel), contextMask: new Uint8Array(batch * w).fill(1) } : {}),
      ...(n > 0 ? { memory: vec(batch * n * cfg.dModel), memoryMask: new Uint8Array(batch * n).fill(1) } : {}),
    };
    const loop = { seconds, minIterations, warmupIterations: 2 };
    const enc = timeLoop(loop, () => {
      model.encodeItems(tokens, batch);
      return batch;
    });
    const ans = timeLoop(loop, () => {
      model.answer(input);
      return batch;
    });
    const encKernels = await countKernels(() => {
      model.encodeItems(tokens, batch);
    });
    const ansKernels = await countKernels(() => {
      model.answer(input);
    });
    const encFlops = encodeFlops(cfg, batch);
    const ansFlops = answerFlops(cfg, { batch, contextItems: w, slots: n });
    const total = enc.seconds + ans.seconds;
    return {
      backend: currentBackend(),
      batch,
      contextItems: w,
      slots: n,
      parameters: model.parameterCount(),
      encode: figures(batch, encFlops, enc.iterations, enc.seconds, encKernels),
      answer: figures(batch, ansFlops, ans.iterations, ans.seconds, ansKernels),
      itemsPerSecond: perSecond({ units: enc.units + ans.units, seconds: total }),
      gflops: total > 0 ? (encFlops * enc.iterations + ansFlops * ans.iterations) / (total * 1e9) : 0,
    };
  } finally {
    if (opts.model === undefined) model.dispose();
  }
}
