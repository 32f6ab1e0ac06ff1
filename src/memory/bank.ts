/**
 * The memory bank: the external memory `M ∈ R^{N×D}` the agent manages, with per-slot statistics.
 *
 * Slots `0 .. n−1` are active (`minSlots ≤ n ≤ maxSlots`); buffers are allocated once for `maxSlots`.
 * A slot is either occupied (holds content) or free (a zero row with reset statistics).
 *
 * Statistics of an occupied slot (free slots keep all of them at their reset values):
 * - `age`: ticks since its content was written (`store`, or a soft write giving it weight ≥ 1/n).
 * - `sinceAccess`: ticks since it was last accessed (written, or read with weight ≥ 1/occupied).
 * - `accessCount`: accesses of its current content; a `store` sets it to 1 (the write itself).
 * - `lastReadWeight`: its weight in the latest read (0 when not read yet).
 * - `writtenAt`: the bank clock when it was written (−1 when free).
 * - `tag`: an opaque integer envs use to remember which item a slot holds (−1 when free).
 */
import { MemoryError } from '../util/errors.js';
import { rowNorm, softRead, softWrite } from './math.js';

/** Options of a {@link MemoryBank}. */
export interface MemoryBankOptions {
  /** Slot dimension D. */
  dim: number;
  minSlots: number;
  maxSlots: number;
  /** Initial active slot count (default `minSlots`). */
  slots?: number;
  /** Forgetting decay applied by `tick()`: one λ ∈ [0, 1] or one per slot (default 1: no decay). */
  decay?: number | ArrayLike<number>;
  /** A slot whose L2 norm falls under ε becomes free (default 1e-6). */
  epsilon?: number;
}

/** A deep copy of a bank's state (see {@link MemoryBank.snapshot}). */
export interface MemoryBankSnapshot {
  dim: number;
  maxSlots: number;
  n: number;
  clock: number;
  baseDecay: number;
  memory: Float32Array;
  decay: Float32Array;
  occupied: Uint8Array;
  age: Int32Array;
  sinceAccess: Int32Array;
  accessCount: Int32Array;
  lastReadWeight: Float32Array;
  writtenAt: Int32Array;
  tag: Int32Array;
}

/** What {@link MemoryBank.shrink} removed. */
export interface ShrinkResult {
  /** The removed slot. Slots after it moved down by one. */
  slot: number;
  /** Whether it held content. */
  wasOccupied: boolean;
  /** Its tag (−1 when free). */
  tag: number;
}

/** The memory bank. See the module documentation for the statistics. */
export class MemoryBank {
  readonly dim: number;
  readonly minSlots: number;
  readonly maxSlots: number;
  readonly epsilon: number;
  /** Row-major `maxSlots × dim`; rows ≥ n and free rows are zero. */
  readonly memory: Float32Array;
  readonly occupied: Uint8Array;
  readonly age: Int32Array;
  readonly sinceAccess: Int32Array;
  readonly accessCount: Int32Array;
  readonly lastReadWeight: Float32Array;
  readonly writtenAt: Int32Array;
  readonly tag: Int32Array;
  /** Per-slot forgetting decay used by `tick()`; set it with {@link setDecay}. */
  readonly decay: Float32Array;
  private baseDecay = 1;
  private n: number;
  private clockValue = 0;

  constructor(opts: MemoryBankOptions) {
    const { dim, minSlots, maxSlots } = opts;
    if (!Number.isInteger(dim) || dim < 1) throw new MemoryError(`expected an integer dim >= 1, got ${dim}`);
    if (!Number.isInteger(minSlots) || minSlots < 1) throw new MemoryError(`expected an integer minSlots >= 1, got ${minSlots}`);
    if (!Number.isInteger(maxSlots) || maxSlots < minSlots) {
      throw new MemoryError(`expected an integer maxSlots >= minSlots (${minSlots}), got ${maxSlots}`);
    }
    const epsilon = opts.epsilon ?? 1e-6;
    if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new MemoryError(`expected epsilon >= 0, got ${epsilon}`);
    this.dim = dim;
    this.minSlots = minSlots;
    this.maxSlots = maxSlots;
    this.epsilon = epsilon;
    this.memory = new Float32Array(maxSlots * dim);
    this.occupied = new Uint8Array(maxSlots);
    this.age = new Int32Array(maxSlots);
    this.sinceAccess = new Int32Array(maxSlots);
    this.accessCount = new Int32Array(maxSlots);
    this.lastReadWeight = new Float32Array(maxSlots);
    this.writtenAt = new Int32Array(maxSlots).fill(-1);
    this.tag = new Int32Array(maxSlots).fill(-1);
    this.decay = new Float32Array(maxSlots).fill(1);
    this.n = this.checkCount(opts.slots ?? minSlots);
    if (opts.decay !== undefined) this.setDecay(opts.decay);
  }

  /** The active slot count n. */
  get size(): number {
    return this.n;
  }

  /** Ticks since construction or the last {@link clear}. */
  get clock(): number {
    return this.clockValue;
  }

  /** The number of occupied active slots. */
  occupiedCount(): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) c += this.occupied[i] as number;
    return c;
  }

  /** True when every active slot is occupied. */
  isFull(): boolean {
    return this.firstFree() < 0;
  }

  /** The lowest free active slot, or −1 when all are occupied. */
  firstFree(): number {
    for (let i = 0; i < this.n; i++) if (this.occupied[i] === 0) return i;
    return -1;
  }

  /** A view (no copy) of slot `slot`'s row. */
  row(slot: number): Float32Array {
    this.checkSlot(slot);
    return this.memory.subarray(slot * this.dim, (slot + 1) * this.dim);
  }

  /** Frees every slot, resets the clock and sets the slot count (default: unchanged). */
  clear(n: number = this.n): void {
    const count = this.checkCount(n);
    for (let i = 0; i < this.maxSlots; i++) this.clearSlot(i);
    this.n = count;
    this.clockValue = 0;
  }

  /**
   * Hard write: overwrites slot `slot` (< n) with `vector` and marks it occupied with `tag`.
   * Resets its statistics: age 0, sinceAccess 0, accessCount 1, lastReadWeight 0, writtenAt = clock.
   */
  store(slot: number, vector: ArrayLike<number>, tag = -1): void {
    this.checkSlot(slot);
    if (vector.length !== this.dim) throw new MemoryError(`expected a vector of length ${this.dim}, got ${vector.length}`);
    if (!Number.isInteger(tag)) throw new MemoryError(`expected an integer tag, got ${tag}`);
    const base = slot * this.dim;
    for (let j = 0; j < this.dim; j++) this.memory[base + j] = vector[j] as number;
    this.occupied[slot] = 1;
    this.age[slot] = 0;
    this.sinceAccess[slot] = 0;
    this.accessCount[slot] = 1;
    this.lastReadWeight[slot] = 0;
    this.writtenAt[slot] = this.clockValue;
    this.tag[slot] = tag;
  }

  /** Clears slot `slot` (< n): zero row, free, statistics reset. */
  forget(slot: number): void {
    this.checkSlot(slot);
    this.clearSlot(slot);
  }

  /**
   * Sets the slot count. Growing adds free slots at the end; shrinking drops slots `n' .. n−1` and
   * their contents (use {@link shrink} to choose which slot goes). Returns the new count.
   */
  resize(n: number): number {
    const count = this.checkCount(n);
    for (let i = count; i < this.n; i++) this.clearSlot(i);
    this.n = count;
    return count;
  }

  /** Adds one free slot at the end; returns its index. Throws at `maxSlots`. */
  grow(): number {
    if (this.n >= this.maxSlots) throw new MemoryError(`expected fewer than maxSlots (${this.maxSlots}) slots to grow, got ${this.n}`);
    this.n += 1;
    return this.n - 1;
  }

  /**
   * Removes slot `victim` (< n) and compacts: the rows, statistics, tags and decays of slots
   * `victim+1 .. n−1` move down by one, so the active slots stay `0 .. n−2`; the victim's content is
   * discarded. Throws at `minSlots`.
   */
  shrink(victim: number): ShrinkResult {
    this.checkSlot(victim);
    if (this.n <= this.minSlots) throw new MemoryError(`expected more than minSlots (${this.minSlots}) slots to shrink, got ${this.n}`);
    const result: ShrinkResult = { slot: victim, wasOccupied: this.occupied[victim] === 1, tag: this.tag[victim] as number };
    const d = this.dim;
    const last = this.n - 1;
    this.memory.copyWithin(victim * d, (victim + 1) * d, this.n * d);
    for (const arr of [
      this.occupied,
      this.age,
      this.sinceAccess,
      this.accessCount,
      this.lastReadWeight,
      this.writtenAt,
      this.tag,
      this.decay,
    ]) {
      arr.copyWithin(victim, victim + 1, this.n);
    }
    this.clearSlot(last);
    this.decay[last] = this.baseDecay;
    this.n = last;
    return result;
  }

  /**
   * Sets the forgetting decay of `tick()`: one λ for every slot, or one per slot (length in [n, maxSlots];
   * slots beyond the array get 1). Each λ must be in [0, 1].
   */
  setDecay(decay: number | ArrayLike<number>): void {
    if (typeof decay === 'number') {
      checkDecay(decay, 'decay');
      this.baseDecay = decay;
      this.decay.fill(decay);
      return;
    }
    if (decay.length < this.n || decay.length > this.maxSlots) {
      throw new MemoryError(`expected a per-slot decay of length in [${this.n}, ${this.maxSlots}], got ${decay.length}`);
    }
    for (let i = 0; i < decay.length; i++) checkDecay(decay[i] as number, `decay[${i}]`);
    this.baseDecay = 1;
    for (let i = 0; i < this.maxSlots; i++) this.decay[i] = i < decay.length ? (decay[i] as number) : 1;
  }

  /**
   * Advances one step without allocating: the clock, and every occupied slot's age and sinceAccess,
   * increase by 1; each occupied row decays `M_i ← λ_i·M_i`; a row whose L2 norm is then under ε is freed.
   */
  tick(): void {
    this.clockValue += 1;
    const d = this.dim;
    for (let i = 0; i < this.n; i++) {
      if (this.occupied[i] === 0) continue;
      this.age[i] = (this.age[i] as number) + 1;
      this.sinceAccess[i] = (this.sinceAccess[i] as number) + 1;
      const lambda = this.decay[i] as number;
      if (lambda !== 1) {
        const base = i * d;
        for (let j = 0; j < d; j++) this.memory[base + j] = (this.memory[base + j] as number) * lambda;
      }
      if (rowNorm(this.memory, d, i) < this.epsilon) this.clearSlot(i);
    }
  }

  /**
   * Soft read over the occupied active slots (free slots get weight 0), then {@link recordRead}.
   * With no occupied slot: zero content, zero weights, statistics unchanged.
   * @param scale inverse temperature of the dot-product scores (default 1, as in the seed).
   */
  read(readKey: ArrayLike<number>, scale = 1): { content: Float32Array; weights: Float32Array } {
    const result = softRead({ memory: this.memory, n: this.n, d: this.dim, readKey, mask: this.occupied, scale });
    this.recordRead(result.weights);
    return result;
  }

  /**
   * Records a read with the given per-slot weights (length ≥ n), e.g. the MAT's attention over the
   * slots: `lastReadWeight_i = w_i` for every active slot (0 for free ones), and an occupied slot counts
   * as accessed (accessCount += 1, sinceAccess = 0) when `w_i ≥ 1/occupiedCount` — at least the uniform
   * share, so the most-attended slot always qualifies.
   */
  recordRead(weights: ArrayLike<number>): void {
    if (weights.length < this.n) throw new MemoryError(`expected read weights of length >= ${this.n}, got ${weights.length}`);
    const k = this.occupiedCount();
    if (k === 0) return;
    const threshold = 1 / k - 1e-7;
    for (let i = 0; i < this.n; i++) {
      if (this.occupied[i] === 0) {
        this.lastReadWeight[i] = 0;
        continue;
      }
      const w = weights[i] as number;
      this.lastReadWeight[i] = w;
      if (w >= threshold) {
        this.accessCount[i] = (this.accessCount[i] as number) + 1;
        this.sinceAccess[i] = 0;
      }
    }
  }

  /**
   * The seed's soft write over all active slots (free rows are zero, so they score 0):
   * `w_i = softmax_i(k_w·M_i)`, `M_i ← λ·M_i + w_i·v_w`. `decay` is the write rule's λ (default 1),
   * independent of the forgetting decay of `tick()`.
   *
   * Afterwards a slot is occupied exactly when its norm is ≥ ε (the ε rule of `tick()`); a slot that
   * was free and becomes occupied starts with fresh statistics. A slot with `w_i ≥ 1/n` counts as
   * written: age 0, writtenAt = clock, sinceAccess 0, accessCount += 1. `tag`, when given, goes to the
   * slot with the largest weight (lowest index on ties); other newly occupied slots get −1. `scale` is the
   * inverse temperature of the scores (default 1, the seed's form; the memory env passes 1/√D like the MAT).
   */
  softWrite(
    writeKey: ArrayLike<number>,
    writeValue: ArrayLike<number>,
    decay: number | ArrayLike<number> = 1,
    tag?: number,
    scale = 1,
  ): { weights: Float32Array } {
    const { memory, weights } = softWrite({ memory: this.memory, n: this.n, d: this.dim, writeKey, writeValue, decay, scale });
    this.memory.set(memory.subarray(0, this.n * this.dim));
    const threshold = 1 / this.n - 1e-7;
    let best = 0;
    for (let i = 1; i < this.n; i++) if ((weights[i] as number) > (weights[best] as number)) best = i;
    for (let i = 0; i < this.n; i++) {
      if (rowNorm(this.memory, this.dim, i) < this.epsilon) {
        this.clearSlot(i);
        continue;
      }
      if (this.occupied[i] === 0) {
        this.occupied[i] = 1;
        this.age[i] = 0;
        this.sinceAccess[i] = 0;
        this.accessCount[i] = 0;
        this.lastReadWeight[i] = 0;
        this.writtenAt[i] = this.clockValue;
        this.tag[i] = -1;
      }
      if ((weights[i] as number) >= threshold) {
        this.age[i] = 0;
        this.writtenAt[i] = this.clockValue;
        this.sinceAccess[i] = 0;
        this.accessCount[i] = (this.accessCount[i] as number) + 1;
      }
    }
    if (tag !== undefined && this.occupied[best] === 1) this.tag[best] = tag;
    return { weights };
  }

  /** A deep copy of the whole state. */
  snapshot(): MemoryBankSnapshot {
    return {
      dim: this.dim,
      maxSlots: this.maxSlots,
      n: this.n,
      clock: this.clockValue,
      baseDecay: this.baseDecay,
      memory: this.memory.slice(),
      decay: this.decay.slice(),
      occupied: this.occupied.slice(),
      age: this.age.slice(),
      sinceAccess: this.sinceAccess.slice(),
      accessCount: this.accessCount.slice(),
      lastReadWeight: this.lastReadWeight.slice(),
      writtenAt: this.writtenAt.slice(),
      tag: this.tag.slice(),
    };
  }

  /** Restores a {@link snapshot} taken from a bank of the same dim and maxSlots. */
  restore(s: MemoryBankSnapshot): void {
    if (s.dim !== this.dim || s.maxSlots !== this.maxSlots) {
      throw new MemoryError(`expected a snapshot with dim ${this.dim} and maxSlots ${this.maxSlots}, got ${s.dim} and ${s.maxSlots}`);
    }
    this.n = this.checkCount(s.n);
    this.clockValue = s.clock;
    this.baseDecay = s.baseDecay;
    this.memory.set(s.memory);
    this.decay.set(s.decay);
    this.occupied.set(s.occupied);
    this.age.set(s.age);
    this.sinceAccess.set(s.sinceAccess);
    this.accessCount.set(s.accessCount);
    this.lastReadWeight.set(s.lastReadWeight);
    this.writtenAt.set(s.writtenAt);
    this.tag.set(s.tag);
  }

  /** An independent copy of this bank. */
  clone(): MemoryBank {
    const copy = new MemoryBank({ dim: this.dim, minSlots: this.minSlots, maxSlots: this.maxSlots, epsilon: this.epsilon, slots: this.n });
    copy.restore(this.snapshot());
    return copy;
  }

  private clearSlot(i: number): void {
    this.memory.fill(0, i * this.dim, (i + 1) * this.dim);
    this.occupied[i] = 0;
    this.age[i] = 0;
    this.sinceAccess[i] = 0;
    this.accessCount[i] = 0;
    this.lastReadWeight[i] = 0;
    this.writtenAt[i] = -1;
    this.tag[i] = -1;
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.n) {
      throw new MemoryError(`expected a slot in [0, ${this.n}), got ${slot}`);
    }
  }

  private checkCount(n: number): number {
    if (!Number.isInteger(n) || n < this.minSlots || n > this.maxSlots) {
      throw new MemoryError(`expected a slot count in [${this.minSlots}, ${this.maxSlots}], got ${n}`);
    }
    return n;
  }
}

function checkDecay(lambda: number, name: string): void {
  if (!(lambda >= 0 && lambda <= 1)) throw new MemoryError(`expected ${name} in [0, 1], got ${lambda}`);
}
