/**
 * The item encoder: token embeddings + positions → pre-LN blocks → final norm → mean pool → heads.
 * One forward encodes any number of items (of many episodes) at once. Callers run it inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs';
import { memoryAttention } from './attention.js';
import type { MatConfig } from './config.js';
import { embedTokens, layerNorm, mlp, standardize } from './layers.js';
import { linear } from './linalg.js';
import type { MatWeights } from './weights.js';

/** The encoder's tensors for N items, each [N, D]. */
export interface EncodedTensors {
  /** Pooled item representation: what the agent observes and what the context holds. */
  features: tf.Tensor2D;
  writeKeys: tf.Tensor2D;
  /**
   * v_w, standardised (zero mean, unit variance per row, no gain): memory rows join the answerer's keys
   * and values K' = [K; M], V' = [V; M], so they live on the scale of the token rows there, and a row's
   * norm (≈ √D) cannot grow to make the addressing softmax one-hot.
   */
  writeValues: tf.Tensor2D;
  readKeys: tf.Tensor2D;
}

/** Runs the token rows [N, L, D] through the encoder blocks (plain self-attention, no memory). */
function encoderBlocks(x: tf.Tensor3D, w: MatWeights, cfg: MatConfig): tf.Tensor3D {
  let h = x;
  for (const block of w.encoderBlocks) {
    h = tf.add(h, memoryAttention({ x: layerNorm(h, block.ln1) as tf.Tensor3D }, block, cfg.nHeads));
    h = tf.add(h, mlp(layerNorm(h, block.ln2), block));
  }
  return h;
}

/**
 * Encodes items.
 * @param tokens int32 [N, L]
 */
export function encodeTensors(tokens: tf.Tensor2D, w: MatWeights, cfg: MatConfig): EncodedTensors {
  const features = encodeFeatures(tokens, w, cfg);
  return {
    features,
    writeKeys: linear(features, w.writeKey.w as tf.Tensor2D, w.writeKey.b as tf.Tensor1D) as tf.Tensor2D,
    writeValues: standardize(linear(features, w.writeValue.w as tf.Tensor2D, w.writeValue.b as tf.Tensor1D)) as tf.Tensor2D,
    readKeys: linear(features, w.readKey.w as tf.Tensor2D, w.readKey.b as tf.Tensor1D) as tf.Tensor2D,
  };
}

/** The pooled item features [N, D] (no heads). */
function encodeFeatures(tokens: tf.Tensor2D, w: MatWeights, cfg: MatConfig): tf.Tensor2D {
  const x = tf.add(embedTokens(tokens, w.tokenEmbedding), w.positionEmbedding) as tf.Tensor3D;
  const h = layerNorm(encoderBlocks(x, w, cfg), w.encoderNorm);
  return tf.mean(h, 1) as tf.Tensor2D;
}
