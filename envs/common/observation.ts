import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { numActions } from './actions.js';

/**
 * The observation of every memory env (a Dict; wrap in FlattenObservation for a flat Box).
 *
 * | key          | shape            | content                                                               |
 * |--------------|------------------|-----------------------------------------------------------------------|
 * | `item`       | D + 9            | the MAT's features of the current item, one-hot kind (8), isQuery     |
 * | `slots`      | S × 7 (flat)     | per slot: {@link SLOT_FEATURES}                                        |
 * | `global`     | 4                | {@link GLOBAL_FEATURES}                                               |
 * | `actionMask` | 3 + 2S + 2       | 1 for each valid action                                               |
 * | `memory`     | S × D (flat)     | raw memory rows, only with `observeMemory: true`                      |
 *
 * Slots ≥ N (inactive) and free slots have all-zero features except `active`.
 */
export interface MemoryObservation {
  item: Float32Array;
  slots: Float32Array;
  global: Float32Array;
  actionMask: Uint8Array;
  memory?: Float32Array;
}

/**
 * Per-slot features, in order: `active` (slot index < N), `occupied`, `age` and `sinceAccess` (in
 * steps, divided by the episode length), `logAccessCount` (ln(1 + accesses)), `relevance` (the
 * configured relevance score; 0 when free), `similarity` (cosine of the current item's read key and
 * the slot; 0 when free).
 */
export const SLOT_FEATURES = ['active', 'occupied', 'age', 'sinceAccess', 'logAccessCount', 'relevance', 'similarity'] as const;
export const SLOT_FEATURE_DIM = SLOT_FEATURES.length;

/** Global features, in order: episode progress t/T, occupied slots / S, current N / S, isQuery. */
export const GLOBAL_FEATURES = ['progress', 'slotsUsed', 'slotCount', 'isQuery'] as const;
export const GLOBAL_FEATURE_DIM = GLOBAL_FEATURES.length;

/** One-hot item-kind width (families use at most this many kinds). */
export const MAX_KINDS = 8;

/** Item feature width for MAT features of dimension `dim`. */
export function itemFeatureDim(dim: number): number {
  return dim + MAX_KINDS + 1;
}

/** Feature indices within a slot row. */
export const SLOT = Object.fromEntries(SLOT_FEATURES.map((name, i) => [name, i])) as Record<(typeof SLOT_FEATURES)[number], number>;

export type MemoryObservationSpace = Dict<{
  item: Box;
  slots: Box;
  global: Box;
  actionMask: MultiBinary;
  memory?: Box;
}>;

/** The observation space for a MAT dimension, maxSlots and observeMemory flag. */
export function memoryObservationSpace(dim: number, maxSlots: number, observeMemory: boolean): MemoryObservationSpace {
  const spaces = {
    item: new Box(-Infinity, Infinity, [itemFeatureDim(dim)]),
    slots: new Box(-Infinity, Infinity, [maxSlots * SLOT_FEATURE_DIM]),
    global: new Box(0, 1, [GLOBAL_FEATURE_DIM]),
    actionMask: new MultiBinary(numActions(maxSlots)),
    ...(observeMemory ? { memory: new Box(-Infinity, Infinity, [maxSlots * dim]) } : {}),
  };
  return new Dict(spaces);
}
