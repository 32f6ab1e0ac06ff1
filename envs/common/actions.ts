import { NOOP, RETRIEVE, STORE_AUTO, STORE_BASE, numActions, type MemoryOp } from '../../src/memory/layout.js';
import { InvalidActionError } from '../../src/util/errors.js';

export { NOOP, RETRIEVE, STORE_AUTO, STORE_BASE, numActions } from '../../src/memory/layout.js';

/**
 * The flat Discrete action layout of every memory env (S = maxSlots):
 *
 * | index            | op          | meaning                                                        |
 * |------------------|-------------|----------------------------------------------------------------|
 * | 0                | NOOP        | do nothing with the current item                               |
 * | 1                | RETRIEVE    | the MAT reads memory for the current item (pays retrieveCost)  |
 * | 2                | STORE_AUTO  | store the item; when full, evict the lowest-relevance slot     |
 * | 3 … 3+S−1        | STORE_i     | store the item in slot i, overwriting it                       |
 * | 3+S … 3+2S−1     | FORGET_i    | clear slot i                                                   |
 * | 3+2S             | GROW        | add a slot (≤ maxSlots)                                        |
 * | 3+2S+1           | SHRINK      | remove the lowest-relevance slot (≥ minSlots)                  |
 */

/** A decoded action; `slot` is set for STORE and FORGET only. */
export interface MemoryAction {
  op: MemoryOp;
  slot?: number;
}

/** The index layout for one maxSlots, with encode/decode. */
export class ActionLayout {
  readonly maxSlots: number;
  readonly n: number;
  readonly forgetBase: number;
  readonly grow: number;
  readonly shrink: number;

  constructor(maxSlots: number) {
    if (!Number.isInteger(maxSlots) || maxSlots < 1) {
      throw new RangeError(`expected maxSlots to be a positive integer, got ${maxSlots}`);
    }
    this.maxSlots = maxSlots;
    this.n = numActions(maxSlots);
    this.forgetBase = STORE_BASE + maxSlots;
    this.grow = STORE_BASE + 2 * maxSlots;
    this.shrink = this.grow + 1;
  }

  /** `{ op, slot }` → action index. */
  encode(action: MemoryAction): number {
    switch (action.op) {
      case 'NOOP':
        return NOOP;
      case 'RETRIEVE':
        return RETRIEVE;
      case 'STORE_AUTO':
        return STORE_AUTO;
      case 'GROW':
        return this.grow;
      case 'SHRINK':
        return this.shrink;
      case 'STORE':
      case 'FORGET': {
        const slot = action.slot;
        if (slot === undefined || !Number.isInteger(slot) || slot < 0 || slot >= this.maxSlots) {
          throw new InvalidActionError(`${action.op} needs a slot: expected an integer in [0, ${this.maxSlots}), got ${String(slot)}`);
        }
        return (action.op === 'STORE' ? STORE_BASE : this.forgetBase) + slot;
      }
    }
  }

  /** Action index → `{ op, slot }`. */
  decode(index: number): MemoryAction {
    if (!Number.isInteger(index) || index < 0 || index >= this.n) {
      throw new InvalidActionError(`expected an integer in [0, ${this.n}), got ${String(index)}`);
    }
    if (index === NOOP) return { op: 'NOOP' };
    if (index === RETRIEVE) return { op: 'RETRIEVE' };
    if (index === STORE_AUTO) return { op: 'STORE_AUTO' };
    if (index === this.grow) return { op: 'GROW' };
    if (index === this.shrink) return { op: 'SHRINK' };
    if (index < this.forgetBase) return { op: 'STORE', slot: index - STORE_BASE };
    return { op: 'FORGET', slot: index - this.forgetBase };
  }

  /** A readable name, e.g. `STORE_3`. */
  name(index: number): string {
    const a = this.decode(index);
    return a.slot === undefined ? a.op : `${a.op}_${a.slot}`;
  }
}
