import { Box } from '../../src/core/spaces/box.js';
import { Dict } from '../../src/core/spaces/dict.js';
import { MultiBinary } from '../../src/core/spaces/multi-binary.js';
import { GLOBAL, GLOBAL_FEATURE_DIM, SLOT_FEATURE_DIM, itemFeatureDim, numActions } from '../../src/memory/layout.js';

/**
 * The observation of every memory env (a Dict; wrap in FlattenObservation for a flat Box).
 *
 * | key          | shape            | content                                                               |
 * |--------------|------------------|-----------------------------------------------------------------------|
 * | `item`       | D + 9            | the MAT's features of the current item, one-hot kind (8), isQuery     |
 * | `slots`      | S × 12 (flat)    | per slot: `SLOT_FEATURES` (src/memory/layout.ts), key history last    |
 * | `global`     | 7                | `GLOBAL_FEATURES` (src/memory/layout.ts), key history last            |
 * | `actionMask` | 3 + 2S + 2       | 1 for each valid action                                               |
 * | `memory`     | S × D (flat)     | raw memory rows, only with `observeMemory: true`                      |
 *
 * Slots ≥ N (inactive) and free slots have all-zero features except `active`; a slot whose item has no
 * key (recall's noise) has all-zero key history.
 */
export interface MemoryObservation {
  item: Float32Array;
  slots: Float32Array;
  global: Float32Array;
  actionMask: Uint8Array;
  memory?: Float32Array;
}

export { GLOBAL, GLOBAL_FEATURE_DIM, MAX_KINDS, SLOT, SLOT_FEATURE_DIM, itemFeatureDim } from '../../src/memory/layout.js';

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
    global: new Box(0, globalHigh(), [GLOBAL_FEATURE_DIM]),
    actionMask: new MultiBinary(numActions(maxSlots)),
    ...(observeMemory ? { memory: new Box(-Infinity, Infinity, [maxSlots * dim]) } : {}),
  };
  return new Dict(spaces);
}

/** Upper bounds of the global features: 1, except the key-history counts (ln(1 + n), unbounded). */
function globalHigh(): Float32Array {
  const high = new Float32Array(GLOBAL_FEATURE_DIM).fill(1);
  high[GLOBAL.keyQueries] = Infinity;
  high[GLOBAL.keyWrites] = Infinity;
  return high;
}
