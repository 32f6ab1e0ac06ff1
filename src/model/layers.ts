/**
 * Small layers for the MAT, written on bare tf.Variables: embedding, layer norm, MLP, pre-LN block weights.
 * Every function here returns intermediate tensors; callers run them inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { constant } from './constants.js';
import * as op from './direct-ops.js';
import type { MatConfig } from './config.js';
import { linear, mm } from './linalg.js';
import type { ParamStore } from './params.js';

/** Gain and bias of a layer norm. */
export interface LayerNormWeights {
  gain: tf.Variable;
  bias: tf.Variable;
}

/** The weights of one pre-LN transformer block: x + Attn(LN(x)), then x + MLP(LN(x)). */
export interface BlockWeights {
  ln1: LayerNormWeights;
  /** Q, K, V projections [D, D] and their biases [D] (three matMuls beat one fused matMul + split on wasm). */
  wQ: tf.Variable;
  bQ: tf.Variable;
  wK: tf.Variable;
  bK: tf.Variable;
  wV: tf.Variable;
  bV: tf.Variable;
  /** Output projection of attention [D, D] and its bias. */
  wOut: tf.Variable;
  bOut: tf.Variable;
  ln2: LayerNormWeights;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/** Creates layer-norm weights `${prefix}.gain` (ones) and `${prefix}.bias` (zeros). */
export function createLayerNorm(store: ParamStore, prefix: string, dim: number): LayerNormWeights {
  return { gain: store.constant(`${prefix}.gain`, [dim], 1), bias: store.constant(`${prefix}.bias`, [dim], 0) };
}

/** Creates the weights of one block under `prefix`; linear weights ~ N(0, 1/fanIn). */
export function createBlock(store: ParamStore, prefix: string, cfg: MatConfig): BlockWeights {
  const d = cfg.dModel;
  const f = cfg.dFF;
  const residualScale = 1 / Math.sqrt(2 * cfg.nLayers);
  return {
    ln1: createLayerNorm(store, `${prefix}.ln1`, d),
    wQ: store.normal(`${prefix}.attn.wQ`, [d, d], 1 / Math.sqrt(d)),
    bQ: store.constant(`${prefix}.attn.bQ`, [d], 0),
    wK: store.normal(`${prefix}.attn.wK`, [d, d], 1 / Math.sqrt(d)),
    bK: store.constant(`${prefix}.attn.bK`, [d], 0),
    wV: store.normal(`${prefix}.attn.wV`, [d, d], 1 / Math.sqrt(d)),
    bV: store.constant(`${prefix}.attn.bV`, [d], 0),
    wOut: store.normal(`${prefix}.attn.wOut`, [d, d], residualScale / Math.sqrt(d)),
    bOut: store.constant(`${prefix}.attn.bOut`, [d], 0),
    ln2: createLayerNorm(store, `${prefix}.ln2`, d),
    w1: store.normal(`${prefix}.mlp.w1`, [d, f], 1 / Math.sqrt(d)),
    b1: store.constant(`${prefix}.mlp.b1`, [f], 0),
    w2: store.normal(`${prefix}.mlp.w2`, [f, d], residualScale / Math.sqrt(f)),
    b2: store.constant(`${prefix}.mlp.b2`, [d], 0),
  };
}

/** Normalisation over the last axis without gain or bias: zero mean, unit variance per row. */
export function standardize(x: tf.Tensor, eps = 1e-5): tf.Tensor {
  const last = x.rank - 1;
  const centred = op.sub(x, op.mean(x, last, true));
  const variance = op.mean(op.square(centred), last, true);
  return op.mul(centred, op.rsqrt(op.add(variance, constant(eps))));
}

/** Layer norm over the last axis. */
export function layerNorm(x: tf.Tensor, w: LayerNormWeights, eps = 1e-5): tf.Tensor {
  return op.add(op.mul(standardize(x, eps), w.gain), w.bias);
}

/** The block's MLP: relu(x W1 + b1) W2 + b2 (on the last axis). */
export function mlp(x: tf.Tensor, w: BlockWeights): tf.Tensor {
  const hidden = op.relu(linear(x, w.w1 as tf.Tensor2D, w.b1 as tf.Tensor1D));
  return linear(hidden, w.w2 as tf.Tensor2D, w.b2 as tf.Tensor1D);
}

/**
 * Token embedding as one-hot @ table (a matMul: its gradient needs no scatter kernel, which wasm lacks).
 * @param tokens int32 [N, L] → float32 [N, L, D]
 */
export function embedTokens(tokens: tf.Tensor2D, table: tf.Variable): tf.Tensor3D {
  const [n, len] = tokens.shape;
  const [vocab, d] = table.shape as [number, number];
  const oneHot = tf.cast(tf.oneHot(tf.reshape(tokens, [-1]) as tf.Tensor1D, vocab), 'float32') as tf.Tensor2D;
  return tf.reshape(mm(oneHot, table as tf.Tensor2D), [n, len, d]);
}
