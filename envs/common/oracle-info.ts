import type { Episode } from './episode.js';
import type { MemoryEpisode } from './memory-episode.js';

/**
 * For each item, the ascending list of queries that use it as support (CSR layout), so that the
 * privileged oracle can ask "when is item j needed next, from step t on?" in O(log k).
 */
export class SupportIndex {
  private readonly offsets: Int32Array;
  private readonly uses: Int32Array;
  /** Per item kind (0–255): 1 when some query of the episode has an item of that kind as support. */
  private readonly neededKinds = new Uint8Array(256);

  constructor(ep: Episode) {
    const counts = new Int32Array(ep.length + 1);
    const k = ep.maxSupport;
    for (let q = 0; q < ep.length; q++) {
      if (ep.isQuery[q] !== 1) continue;
      for (let s = 0; s < k; s++) {
        const item = ep.support[q * k + s] as number;
        if (item >= 0) {
          counts[item + 1] = (counts[item + 1] as number) + 1;
          this.neededKinds[ep.kinds[item] as number] = 1;
        }
      }
    }
    for (let i = 1; i <= ep.length; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
    this.offsets = counts;
    this.uses = new Int32Array(counts[ep.length] as number);
    const fill = counts.slice(0, ep.length);
    for (let q = 0; q < ep.length; q++) {
      if (ep.isQuery[q] !== 1) continue;
      for (let s = 0; s < k; s++) {
        const item = ep.support[q * k + s] as number;
        if (item >= 0) {
          this.uses[fill[item] as number] = q;
          fill[item] = (fill[item] as number) + 1;
        }
      }
    }
  }

  /** Whether some query of the episode has an item of `kind` as support. */
  kindNeeded(kind: number): boolean {
    return this.neededKinds[kind] === 1;
  }

  /** The first query ≥ `from` that uses `item`, or −1 when none (or item < 0). */
  nextUse(item: number, from: number): number {
    if (item < 0) return -1;
    let lo = this.offsets[item] as number;
    let hi = this.offsets[item + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.uses[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < (this.offsets[item + 1] as number) ? (this.uses[lo] as number) : -1;
  }
}

/**
 * Privileged look-ahead for the Belady-style oracle policy, in `info.oracle` when the env is made with
 * `privileged: true`. Learned agents must not read it.
 */
export interface OracleInfo {
  /** The next query (> t) that needs the current item, −1 if none. */
  itemNextUse: number;
  /**
   * Whether items of the current item's kind are ever a query's support in this episode (false for
   * pure noise kinds): a per-kind, episode-wide fact, not a look-ahead at this item.
   */
  itemKindNeeded: boolean;
  /** Per slot: the next query (≥ t) that needs the slot's content, −1 if none or free. */
  slotNextUse: Int32Array;
  /** Whether the current query's support is all inside the working context (no RETRIEVE needed). */
  supportInContext: boolean;
  /** Whether the current item is a query. */
  isQuery: boolean;
}

/** The oracle's look-ahead for a state at its current step. */
export function oracleInfo(state: MemoryEpisode, index: SupportIndex): OracleInfo {
  const ep = state.episode as Episode;
  const t = state.t;
  const S = state.bank.maxSlots;
  const slotNextUse = new Int32Array(S).fill(-1);
  for (let i = 0; i < state.bank.size; i++) {
    if (state.bank.occupied[i] === 1) slotNextUse[i] = index.nextUse(state.bank.tag[i] as number, t);
  }
  const live = t < ep.length;
  const isQuery = live && ep.isQuery[t] === 1;
  let supportInContext = false;
  if (isQuery) {
    supportInContext = true;
    const W = state.mech.contextLen;
    for (let s = 0; s < ep.maxSupport; s++) {
      const item = ep.support[t * ep.maxSupport + s] as number;
      if (item >= 0 && item < t - W) supportInContext = false;
    }
  }
  return {
    itemNextUse: live ? index.nextUse(t, t + 1) : -1,
    itemKindNeeded: live && index.kindNeeded(ep.kinds[t] as number),
    slotNextUse,
    supportInContext,
    isQuery,
  };
}
