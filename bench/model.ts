/**
 * Forward micro-benchmark of the MAT: items/s and achieved GFLOP/s of `encodeItems` and `answer` at the
 * default size (FLOPs counted analytically, see src/model/flops.ts).
 *
 * Run: `npx tsx bench/model.ts [batch] [iterations]`
 */
import { pathToFileURL } from 'node:url';
import {
  answerFlops,
  type BackendName,
  DEFAULT_MAT_CONFIG,
  encodeFlops,
  Mat,
  type MatConfig,
  selectBackend,
} from '../src/model/index.js';
import { Rng } from '../src/util/rng.js';

/** Options of {@link benchModelForward}. */
export interface BenchModelOptions {
  /** Items encoded / queries answered per call (default 64). */
  batch?: number;
  /** Timed calls of each entry point (default 20), after 2 warm-up calls. */
  iterations?: number;
  /** Backend preference (default `auto`). */
  backend?: BackendName | 'auto';
  /** Overrides of the default MAT config. */
  config?: Partial<MatConfig>;
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
}

/** What {@link benchModelForward} returns. */
export interface BenchModelResult {
  backend: string;
  batch: number;
  iterations: number;
  encode: BenchFigures;
  /** Answer with a full context (W items) and a full memory (maxSlots slots), the query encoding included. */
  answer: BenchFigures;
  /** Over both entry points: (encoded items + answered queries) / total time. */
  itemsPerSecond: number;
  /** Over both entry points: total FLOPs / total time. */
  gflops: number;
}

function time(iterations: number, fn: () => void): number {
  fn();
  fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

function figures(items: number, flops: number, ms: number): BenchFigures {
  return { itemsPerSecond: (items * 1000) / ms, gflops: flops / (ms * 1e6), msPerCall: ms, flopsPerCall: flops };
}

/** Times batched forwards of the MAT (default size) and reports items/s and GFLOP/s. */
export async function benchModelForward(opts: BenchModelOptions = {}): Promise<BenchModelResult> {
  const batch = opts.batch ?? 64;
  const iterations = opts.iterations ?? 20;
  const { backend } = await selectBackend({ preferred: opts.backend ?? 'auto' });
  const model = Mat.create({ ...DEFAULT_MAT_CONFIG, ...opts.config });
  try {
    const cfg = model.config;
    const rng = new Rng(0);
    const tokens = Int32Array.from({ length: batch * cfg.itemLen }, () => rng.int(cfg.vocabSize));
    const w = cfg.contextLen;
    const n = cfg.maxSlots;
    const vec = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal());
    const input = {
      batch,
      queryTokens: tokens,
      context: vec(batch * w * cfg.dModel),
      contextMask: new Uint8Array(batch * w).fill(1),
      memory: vec(batch * n * cfg.dModel),
      memoryMask: new Uint8Array(batch * n).fill(1),
    };
    const encodeMs = time(iterations, () => model.encodeItems(tokens, batch));
    const answerMs = time(iterations, () => model.answer(input));
    const encFlops = encodeFlops(cfg, batch);
    const ansFlops = answerFlops(cfg, { batch, contextItems: w, slots: n });
    return {
      backend,
      batch,
      iterations,
      encode: figures(batch, encFlops, encodeMs),
      answer: figures(batch, ansFlops, answerMs),
      itemsPerSecond: (2 * batch * 1000) / (encodeMs + answerMs),
      gflops: (encFlops + ansFlops) / ((encodeMs + answerMs) * 1e6),
    };
  } finally {
    model.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const batch = process.argv[2] ? Number(process.argv[2]) : undefined;
  const iterations = process.argv[3] ? Number(process.argv[3]) : undefined;
  console.log(JSON.stringify(await benchModelForward({ batch, iterations }), null, 2));
}
