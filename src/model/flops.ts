/**
 * Analytic forward FLOP counts of the MAT (2 FLOPs per multiply-add of every matrix product; element-wise
 * ops, norms and softmaxes are not counted).
 */
import type { MatConfig } from './config.js';

/** FLOPs of {@link Mat.encodeItems} for `items` items. */
export function encodeFlops(cfg: MatConfig, items: number): number {
  const { itemLen: l, dModel: d, dFF: f, vocabSize: v, nLayers } = cfg;
  const perLayer = 2 * l * d * 3 * d + 2 * 2 * l * l * d + 2 * l * d * d + 2 * 2 * l * d * f;
  const perItem = 2 * l * v * d + nLayers * perLayer + 3 * 2 * d * d;
  return items * perItem;
}

/** Shape of an answer call for {@link answerFlops}. */
export interface AnswerShape {
  batch: number;
  /** Context items per query (Wc). */
  contextItems: number;
  /** Memory slots per query (N). */
  slots: number;
  /** True when read keys are passed in (no encoder pass over the queries; none is made without memory either). */
  readKeysGiven?: boolean;
}

/** FLOPs of {@link Mat.answer} for a batch of the given shape. */
export function answerFlops(cfg: MatConfig, shape: AnswerShape): number {
  const { itemLen: l, dModel: d, dFF: f, vocabSize: v, answerLen: a, nLayers, readHops: h } = cfg;
  const wc = shape.contextItems;
  const n = shape.slots;
  const t = wc + l;
  const tq = t + h;
  const tk = t + n;
  const perLayer = 2 * t * d * 3 * d + 2 * 2 * tq * tk * d + 2 * tq * d * d + 2 * 2 * tq * d * f;
  const reads = h * 2 * 2 * n * d + (h - 1) * 2 * d * d;
  const perQuery = 2 * l * v * d + 2 * wc * d * d + reads + nLayers * perLayer + 2 * (h + 1) * d * a * v;
  const encode = shape.readKeysGiven || n === 0 ? 0 : encodeFlops(cfg, shape.batch);
  return shape.batch * perQuery + encode;
}
