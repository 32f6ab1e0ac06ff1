/**
 * The full set of MAT weights, created in a fixed order with seeded initialisers.
 */
import type * as tf from '@tensorflow/tfjs';
import type { MatConfig } from './config.js';
import { type BlockWeights, createBlock, createLayerNorm, type LayerNormWeights } from './layers.js';
import { ParamStore } from './params.js';

/** A linear head: weight [dIn, dOut], bias [dOut]. */
export interface HeadWeights {
  w: tf.Variable;
  b: tf.Variable;
}

/** Every weight of the MAT. */
export interface MatWeights {
  /** Token embedding [V, D], shared by the item encoder and the answerer's query tokens. */
  tokenEmbedding: tf.Variable;
  /** Position embedding of the L tokens of an item [L, D]. */
  positionEmbedding: tf.Variable;
  encoderBlocks: BlockWeights[];
  encoderNorm: LayerNormWeights;
  /** Write key k_w, write value v_w, read key k_r heads (D → D each). */
  writeKey: HeadWeights;
  writeValue: HeadWeights;
  readKey: HeadWeights;
  /** Projection of a context item's features into the answerer (D → D). */
  contextProjection: HeadWeights;
  /** Recency embedding of the W context positions [W, D]; absent when W = 0. */
  contextPosition: tf.Variable | undefined;
  answerBlocks: BlockWeights[];
  answerNorm: LayerNormWeights;
  /** Output head [(H + 1)·D, A·V]: reads the H memory-read rows and the pooled query rows. */
  output: HeadWeights;
  /** Initial memory of the soft write [S, D] (breaks the symmetry of identical empty slots). */
  memoryInit: tf.Variable;
  /** The hop links W_h, b_h (D → D) of reads 2 … H: k⁽ʰ⁺¹⁾ = k⁽ʰ⁾ + c⁽ʰ⁾W_h + b_h; empty when H = 1. */
  hops: HeadWeights[];
}

function head(store: ParamStore, name: string, dIn: number, dOut: number, std: number): HeadWeights {
  return { w: store.normal(`${name}.w`, [dIn, dOut], std), b: store.constant(`${name}.b`, [dOut], 0) };
}

/**
 * Creates all weights in `store`. Linear heads use N(0, 1/fanIn); the key heads too, since memory scores
 * are scaled by 1/√D (see memory-ops.ts) and standardised slot rows keep them near unit scale.
 */
export function createMatWeights(store: ParamStore, cfg: MatConfig): MatWeights {
  const d = cfg.dModel;
  const tokenEmbedding = store.normal('embed.token', [cfg.vocabSize, d], 0.5);
  const positionEmbedding = store.normal('embed.position', [cfg.itemLen, d], 0.1);
  const encoderBlocks: BlockWeights[] = [];
  for (let i = 0; i < cfg.nLayers; i++) encoderBlocks.push(createBlock(store, `encoder.block${i}`, cfg));
  const encoderNorm = createLayerNorm(store, 'encoder.norm', d);
  const writeKey = head(store, 'encoder.writeKey', d, d, 1 / Math.sqrt(d));
  const writeValue = head(store, 'encoder.writeValue', d, d, 1 / Math.sqrt(d));
  const readKey = head(store, 'encoder.readKey', d, d, 1 / Math.sqrt(d));
  const contextProjection = head(store, 'answer.context', d, d, 1 / Math.sqrt(d));
  const contextPosition = cfg.contextLen > 0 ? store.normal('answer.contextPosition', [cfg.contextLen, d], 0.1) : undefined;
  const answerBlocks: BlockWeights[] = [];
  for (let i = 0; i < cfg.nLayers; i++) answerBlocks.push(createBlock(store, `answer.block${i}`, cfg));
  const answerNorm = createLayerNorm(store, 'answer.norm', d);
  const reads = cfg.readHops;
  const output = head(store, 'answer.output', (reads + 1) * d, cfg.answerLen * cfg.vocabSize, 1 / Math.sqrt((reads + 1) * d));
  const memoryInit = store.normal('memory.init', [cfg.maxSlots, d], 1);
  // Created last, so that a one-read model draws exactly the weights it drew before hops existed.
  const hops: HeadWeights[] = [];
  for (let h = 1; h < reads; h++) hops.push(head(store, `answer.hop${h}`, d, d, 1 / Math.sqrt(d)));
  return {
    tokenEmbedding,
    positionEmbedding,
    encoderBlocks,
    encoderNorm,
    writeKey,
    writeValue,
    readKey,
    contextProjection,
    contextPosition,
    answerBlocks,
    answerNorm,
    output,
    memoryInit,
    hops,
  };
}
