/**
 * A compact transformer classifier for the capacity experiment: token embedding + learned positions,
 * L pre-LN blocks (bidirectional multi-head self-attention, ReLU MLP), a final layer norm and a linear head —
 * on the last token (next-token setting), on the mean over positions, or on every position (seq2seq).
 *
 * Written on bare tf.Variables (ParamStore) so that its parameter count is exact and its initialisation
 * seeded; matrix products use the explicit-transpose wrappers of src/model/linalg.ts (fast on wasm).
 * Every tensor-returning method creates intermediates: call it inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import { embedTokens, layerNorm, mlp, type BlockWeights, type LayerNormWeights } from '../model/layers.js';
import { bmm, linear } from '../model/linalg.js';
import { ParamStore } from '../model/params.js';

/**
 * How the classifier reads its output: last token, mean over tokens, or every position (seq2seq); `none`
 * builds the encoder only (no final norm or head; used by the memory variant, which reads its own way).
 */
export type HeadKind = 'last' | 'mean' | 'per-position' | 'none';

/** The architecture of one {@link CapacityTransformer}. */
export interface TransformerShape {
  vocabSize: number;
  /** n: tokens per sequence. */
  length: number;
  numLabels: number;
  /** d: model width. */
  width: number;
  /** L: number of blocks (≥ 0; 0 = embedding + head only). */
  depth: number;
  /** Attention heads; must divide `width`. */
  heads: number;
  /** MLP hidden width = ffMult · width. */
  ffMult: number;
  head: HeadKind;
}

/** Scalar parameters by part. */
export interface ParamBreakdown {
  /** Token table V·d + positions n·d. */
  embedding: number;
  /** The L blocks (attention, MLP, their layer norms). */
  blocks: number;
  /** Final layer norm + linear head. */
  head: number;
  total: number;
}

/** Same weights as the MAT's pre-LN block (names and shapes), initialised by the capacity recipe. */
type Block = BlockWeights;

/** The exact parameter count of a shape, without building it. */
export function countTransformerParams(s: TransformerShape): ParamBreakdown {
  const d = s.width;
  const f = s.ffMult * d;
  const embedding = s.vocabSize * d + s.length * d;
  const perBlock = 2 * d + 4 * (d * d + d) + 2 * d + (d * f + f) + (f * d + d);
  const blocks = s.depth * perBlock;
  const head = s.head === 'none' ? 0 : 2 * d + d * s.numLabels + s.numLabels;
  return { embedding, blocks, head, total: embedding + blocks + head };
}

/** Checks a shape; throws ModelError naming the bad field. */
export function validateShape(s: TransformerShape): void {
  const ints: [keyof TransformerShape, number][] = [
    ['vocabSize', 2],
    ['length', 1],
    ['numLabels', 2],
    ['width', 1],
    ['depth', 0],
    ['heads', 1],
    ['ffMult', 1],
  ];
  for (const [key, min] of ints) {
    const v = s[key] as number;
    if (!Number.isInteger(v) || v < min) throw new ModelError(`${key}: expected an integer >= ${min}, got ${v}`);
  }
  if (s.width % s.heads !== 0) throw new ModelError(`heads: expected a divisor of width ${s.width}, got ${s.heads}`);
}

/** The compact transformer classifier. */
export class CapacityTransformer {
  readonly shape: TransformerShape;
  private readonly store: ParamStore;
  private readonly tokenTable: tf.Variable;
  private readonly positions: tf.Variable;
  private readonly blocks: Block[];
  private readonly readout: { ln: LayerNormWeights; w: tf.Variable; b: tf.Variable } | undefined;

  private constructor(shape: TransformerShape, seed: number) {
    validateShape(shape);
    this.shape = { ...shape };
    const { width: d, depth, ffMult, vocabSize, length, numLabels } = shape;
    const f = ffMult * d;
    const store = new ParamStore(seed);
    this.store = store;
    this.tokenTable = store.normal('tok', [vocabSize, d], 1);
    this.positions = store.normal('pos', [length, d], 1);
    const resid = 1 / Math.sqrt(2 * Math.max(1, depth));
    const ln = (name: string): LayerNormWeights => ({
      gain: store.constant(`${name}.gain`, [d], 1),
      bias: store.constant(`${name}.bias`, [d], 0),
    });
    this.blocks = Array.from({ length: depth }, (_, i) => {
      const p = `b${i}`;
      return {
        ln1: ln(`${p}.ln1`),
        wQ: store.normal(`${p}.wQ`, [d, d], 1 / Math.sqrt(d)),
        bQ: store.constant(`${p}.bQ`, [d], 0),
        wK: store.normal(`${p}.wK`, [d, d], 1 / Math.sqrt(d)),
        bK: store.constant(`${p}.bK`, [d], 0),
        wV: store.normal(`${p}.wV`, [d, d], 1 / Math.sqrt(d)),
        bV: store.constant(`${p}.bV`, [d], 0),
        wOut: store.normal(`${p}.wO`, [d, d], resid / Math.sqrt(d)),
        bOut: store.constant(`${p}.bO`, [d], 0),
        ln2: ln(`${p}.ln2`),
        w1: store.normal(`${p}.w1`, [d, f], 1 / Math.sqrt(d)),
        b1: store.constant(`${p}.b1`, [f], 0),
        w2: store.normal(`${p}.w2`, [f, d], resid / Math.sqrt(f)),
        b2: store.constant(`${p}.b2`, [d], 0),
      };
    });
    this.readout =
      shape.head === 'none'
        ? undefined
        : {
            ln: ln('lnF'),
            w: store.normal('head.w', [d, numLabels], 1 / Math.sqrt(d)),
            b: store.constant('head.b', [numLabels], 0),
          };
    const expected = countTransformerParams(shape).total;
    if (store.count() !== expected) throw new ModelError(`parameter count: expected ${expected}, got ${store.count()}`);
  }

  /** Builds a model with seeded weights. */
  static create(shape: TransformerShape, seed: number): CapacityTransformer {
    return new CapacityTransformer(shape, seed);
  }

  /** Scalar parameters by part. */
  params(): ParamBreakdown {
    return countTransformerParams(this.shape);
  }

  /** The trainable variables. */
  variables(): tf.Variable[] {
    return this.store.variables();
  }

  /**
   * Token rows after the blocks (before the final norm): tokens int32 [B, n] → [B, n, d]; with the `last`
   * or `none` head and depth ≥ 1 only the last row is computed in the final block, so the result is
   * [B, 1, d] (take the last row either way).
   */
  encode(tokens: tf.Tensor2D): tf.Tensor3D {
    const [b, n] = tokens.shape;
    if (n !== this.shape.length) throw new ModelError(`tokens: expected ${this.shape.length} per row, got ${n}`);
    let x: tf.Tensor3D = tf.add(embedTokens(tokens, this.tokenTable), this.positions) as tf.Tensor3D;
    const { heads, width: d } = this.shape;
    const dh = d / heads;
    this.blocks.forEach((w, i) => {
      // With the `last` head only the last position of the final block is read: compute its query,
      // residual and MLP for that row alone (exact, and n× cheaper for that block).
      const lastOnly = (this.shape.head === 'last' || this.shape.head === 'none') && i === this.blocks.length - 1;
      const h = layerNorm(x, w.ln1);
      const hq = lastOnly ? (tf.slice(h, [0, n - 1, 0], [b, 1, d]) as tf.Tensor3D) : h;
      const tq = lastOnly ? 1 : n;
      const q = linear(hq, w.wQ as tf.Tensor2D, w.bQ as tf.Tensor1D) as tf.Tensor3D;
      const k = linear(h, w.wK as tf.Tensor2D, w.bK as tf.Tensor1D) as tf.Tensor3D;
      const v = linear(h, w.wV as tf.Tensor2D, w.bV as tf.Tensor1D) as tf.Tensor3D;
      let att: tf.Tensor3D;
      if (heads === 1) {
        const scores = tf.mul(bmm(q, tf.transpose(k, [0, 2, 1]) as tf.Tensor3D), 1 / Math.sqrt(dh)) as tf.Tensor3D;
        att = bmm(tf.softmax(scores) as tf.Tensor3D, v);
      } else {
        const split = (t: tf.Tensor3D, rows: number, perm: number[]): tf.Tensor4D =>
          tf.transpose(tf.reshape(t, [b, rows, heads, dh]), perm) as tf.Tensor4D;
        const scores = tf.mul(bmm(split(q, tq, [0, 2, 1, 3]), split(k, n, [0, 2, 3, 1])), 1 / Math.sqrt(dh)) as tf.Tensor4D;
        const out = bmm(tf.softmax(scores) as tf.Tensor4D, split(v, n, [0, 2, 1, 3]));
        att = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [b, tq, d]);
      }
      const xq = lastOnly ? (tf.slice(x, [0, n - 1, 0], [b, 1, d]) as tf.Tensor3D) : x;
      let y = tf.add(xq, linear(att, w.wOut as tf.Tensor2D, w.bOut as tf.Tensor1D)) as tf.Tensor3D;
      y = tf.add(y, mlp(layerNorm(y, w.ln2), w)) as tf.Tensor3D;
      x = y;
    });
    return x;
  }

  /**
   * Logits: [B, C] for the `last` and `mean` heads, [B·n, C] (row-major over sequence, position) for
   * `per-position`.
   */
  logits(tokens: tf.Tensor2D): tf.Tensor2D {
    const r = this.readout;
    if (!r) throw new ModelError('logits: expected a model with a head, got head "none" (use encode)');
    const x = this.encode(tokens);
    const [b, n, d] = x.shape; // n = 1 when encode kept only the last row
    let rows: tf.Tensor2D;
    if (this.shape.head === 'per-position') rows = tf.reshape(x, [b * n, d]);
    else if (this.shape.head === 'mean') rows = tf.mean(x, 1) as tf.Tensor2D;
    else rows = tf.reshape(tf.slice(x, [0, n - 1, 0], [b, 1, d]), [b, d]);
    return linear(layerNorm(rows, r.ln), r.w as tf.Tensor2D, r.b as tf.Tensor1D) as tf.Tensor2D;
  }

  /** Frees the weights. */
  dispose(): void {
    this.store.dispose();
  }
}
