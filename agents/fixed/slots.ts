/**
 * Reading the memory observation for the fixed policies: per-slot features, the query flag, free slots,
 * victim selection, and converting the normalised times (age / T, sinceAccess / T) back to steps.
 * Everything here is pure except {@link EpisodeClock}, which the agent wrapper keeps per env stream.
 */
import { NOOP, RETRIEVE, STORE_BASE } from '../../envs/common/actions.js';
import { GLOBAL, GLOBAL_FEATURE_DIM, SLOT, SLOT_FEATURE_DIM, type MemoryObservation } from '../../envs/common/observation.js';
import { AgentError, describeValue } from '../../src/util/errors.js';

const GLOBAL_PROGRESS = GLOBAL.progress;
const GLOBAL_IS_QUERY = GLOBAL.isQuery;

/** Throws `AgentError` unless `obs` is a memory env's Dict observation (not a flattened one). */
export function asMemoryObservation(obs: unknown, policy: string): MemoryObservation {
  const o = obs as Partial<MemoryObservation> | null;
  const ok =
    o !== null &&
    typeof o === 'object' &&
    o.slots instanceof Float32Array &&
    o.global instanceof Float32Array &&
    o.actionMask instanceof Uint8Array &&
    o.slots.length % SLOT_FEATURE_DIM === 0 &&
    o.global.length === GLOBAL_FEATURE_DIM;
  if (!ok) {
    throw new AgentError(
      `${policy}: expected a memory env's Dict observation { item, slots (S×${SLOT_FEATURE_DIM}), global (${GLOBAL_FEATURE_DIM}), actionMask } ` +
        `(fixed policies need the unflattened observation), got ${describeValue(obs)}`,
    );
  }
  return o as MemoryObservation;
}

/** S, the number of slot rows (maxSlots). */
export function slotRows(obs: MemoryObservation): number {
  return obs.slots.length / SLOT_FEATURE_DIM;
}

/** One feature of one slot, e.g. `slotFeature(obs, 2, 'age')`. */
export function slotFeature(obs: MemoryObservation, slot: number, feature: keyof typeof SLOT): number {
  return obs.slots[slot * SLOT_FEATURE_DIM + SLOT[feature]] as number;
}

/** Whether the current item is a query (global feature `isQuery`). */
export function isQueryItem(obs: MemoryObservation): boolean {
  return (obs.global[GLOBAL_IS_QUERY] as number) >= 0.5;
}

/** Episode progress t / T in [0, 1]. */
export function progressOf(obs: MemoryObservation): number {
  return obs.global[GLOBAL_PROGRESS] as number;
}

/** Whether slot `slot` is active (index < N) and holds content. */
export function isOccupied(obs: MemoryObservation, slot: number): boolean {
  return slotFeature(obs, slot, 'active') >= 0.5 && slotFeature(obs, slot, 'occupied') >= 0.5;
}

/** Indices of the occupied active slots, ascending. */
export function occupiedSlots(obs: MemoryObservation): number[] {
  const out: number[] = [];
  for (let i = 0; i < slotRows(obs); i++) if (isOccupied(obs, i)) out.push(i);
  return out;
}

/** The lowest active free slot, or −1 when memory is full. */
export function firstFreeSlot(obs: MemoryObservation): number {
  for (let i = 0; i < slotRows(obs); i++) {
    if (slotFeature(obs, i, 'active') >= 0.5 && slotFeature(obs, i, 'occupied') < 0.5) return i;
  }
  return -1;
}

/**
 * Among `candidates`, the slot whose key is lexicographically largest (the one to evict first); ties
 * go to the lowest slot index. −1 when there is no candidate.
 */
export function pickVictim(candidates: readonly number[], key: (slot: number) => readonly number[]): number {
  let best = -1;
  let bestKey: readonly number[] = [];
  for (const slot of candidates) {
    const k = key(slot);
    if (best < 0 || lexGreater(k, bestKey)) {
      best = slot;
      bestKey = k;
    }
  }
  return best;
}

function lexGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x > y;
  }
  return false;
}

/** `action` when the mask allows it, else NOOP (always valid in a memory env). */
export function validOrNoop(obs: MemoryObservation, action: number): number {
  return obs.actionMask[action] === 1 ? action : NOOP;
}

/** STORE_i as an action index. */
export function storeAction(slot: number): number {
  return STORE_BASE + slot;
}

/** FORGET_i as an action index. */
export function forgetAction(obs: MemoryObservation, slot: number): number {
  return STORE_BASE + slotRows(obs) + slot;
}

/**
 * The rule shared by the store-everything policies (fifo, lru, lfu, relevance): RETRIEVE at a
 * query; otherwise store the item in the lowest free active slot, or, when memory is full, over the
 * slot `victim(occupied)` names. Always a valid action (NOOP when the mask allows nothing else).
 */
export function storeEverything(obs: MemoryObservation, victim: (occupied: readonly number[]) => number): number {
  if (isQueryItem(obs)) return validOrNoop(obs, RETRIEVE);
  const free = firstFreeSlot(obs);
  if (free >= 0) return validOrNoop(obs, storeAction(free));
  const slot = victim(occupiedSlots(obs));
  return slot >= 0 ? validOrNoop(obs, storeAction(slot)) : NOOP;
}

/** A normalised time feature (age / T, sinceAccess / T) back in whole steps. */
export function toSteps(feature: number, episodeLength: number): number {
  return Math.round(feature * episodeLength);
}

/**
 * Infers the episode length T of one env stream from the `progress` feature (t / T): the clock counts
 * the observations it sees from the episode's first one (progress 0) and sets T = round(t / progress)
 * at the first later one. A repeated observation (same progress) is not counted again; a drop in
 * progress without passing 0 means the clock lost track (T unknown until the next episode start).
 */
export class EpisodeClock {
  private t = -1;
  private lastProgress = Number.NaN;
  private length: number | undefined = undefined;

  /** Feeds the progress of the observation about to be acted on. */
  observe(progress: number): void {
    if (progress === 0) {
      this.t = 0;
      this.length = undefined;
    } else if (progress === this.lastProgress) {
      return;
    } else if (!(progress > this.lastProgress)) {
      this.t = -1;
      this.length = undefined;
    } else if (this.t >= 0) {
      this.t += 1;
      if (this.length === undefined) this.length = Math.max(1, Math.round(this.t / progress));
    }
    this.lastProgress = progress;
  }

  /** T when known. */
  get episodeLength(): number | undefined {
    return this.length;
  }
}
