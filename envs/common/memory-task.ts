import type { SlotCountFn } from '../../src/memory/slot-count.js';
import type { Rng } from '../../src/util/rng.js';
import type { Episode, EpisodeGenerator } from './episode.js';
import type { MemoryEpisode, MemoryMechanics } from './memory-episode.js';
import { SupportIndex } from './oracle-info.js';
import type { ItemEncodings, MemoryReader } from './reader.js';

/** Everything a memory env (single or vector) is built from. */
export interface MemoryTask<P = unknown> {
  generator: EpisodeGenerator<P>;
  params: P;
  mechanics: MemoryMechanics;
  /** N = f(complexity), evaluated at reset. */
  slotCount: SlotCountFn;
  reader: MemoryReader;
  /** Adds `info.oracle` (look-ahead) for the oracle policy. */
  privileged: boolean;
}

/** A generated episode with its support index, ready to begin. */
export interface PreparedEpisode {
  episode: Episode;
  supportIndex: SupportIndex | null;
  slots: number;
}

/** Draws an episode from the task's generator (no encoding yet). */
export function drawEpisode<P>(task: MemoryTask<P>, rng: Rng): PreparedEpisode {
  const episode = task.generator.generate(task.params, rng);
  return {
    episode,
    supportIndex: task.privileged ? new SupportIndex(episode) : null,
    slots: task.slotCount(episode.complexity),
  };
}

/**
 * Begins `prepared[i]` in `states[i]` and encodes their first `chunk` items (all items by default) in
 * ONE reader forward. With a finite `chunk` the rest is encoded later by {@link encodeAhead}, as the
 * episodes reach it.
 */
export function beginEpisodes(
  reader: MemoryReader,
  states: readonly MemoryEpisode[],
  prepared: readonly PreparedEpisode[],
  chunk = Number.POSITIVE_INFINITY,
): void {
  if (prepared.length === 0) return;
  const d = reader.dim;
  const soft = states.some((s) => s.mech.writeMode === 'soft');
  const initial = soft && reader.initialMemory ? reader.initialMemory((states[0] as MemoryEpisode).mech.maxSlots) : undefined;
  prepared.forEach((p, i) => {
    const T = p.episode.length;
    const empty = (): Float32Array => new Float32Array(T * d);
    const enc: ItemEncodings = { count: T, dim: d, writeKeys: empty(), writeValues: empty(), readKeys: empty(), features: empty() };
    (states[i] as MemoryEpisode).begin(p.episode, enc, p.slots, initial, 0);
  });
  encodeAhead(reader, states, chunk);
}

/**
 * For every episode in `states` whose current item is not encoded yet, encodes its next `chunk` items
 * (up to its end), all of them in ONE reader forward, into the episode's encodings. Readers encode each
 * item on its own (the MAT's item encoder sees one item; test/envs/common/memory-task.test.ts checks
 * chunked against whole-episode encodings bit for bit), so the chunk size changes only when the work is
 * done: at reset (chunk ∞) or spread over the episode.
 */
export function encodeAhead(reader: MemoryReader, states: readonly MemoryEpisode[], chunk: number): void {
  if (!(chunk >= 1)) throw new RangeError(`expected an encode chunk >= 1, got ${chunk}`);
  const due: { state: MemoryEpisode; from: number; count: number }[] = [];
  let total = 0;
  for (const state of states) {
    const ep = state.episode;
    if (ep === null || state.done || state.t < state.encoded) continue;
    const count = Math.min(chunk, ep.length - state.encoded);
    due.push({ state, from: state.encoded, count });
    total += count;
  }
  if (due.length === 0) return;
  const L = (due[0] as (typeof due)[number]).state.episode?.itemLen ?? 0;
  const tokens = new Int32Array(total * L);
  let offset = 0;
  for (const { state, from, count } of due) {
    tokens.set((state.episode as Episode).tokens.subarray(from * L, (from + count) * L), offset * L);
    offset += count;
  }
  const enc = reader.encode(tokens, total);
  const d = enc.dim;
  offset = 0;
  for (const { state, from, count } of due) {
    const target = state.enc as ItemEncodings;
    const copy = (src: Float32Array, dst: Float32Array): void => dst.set(src.subarray(offset * d, (offset + count) * d), from * d);
    copy(enc.writeKeys, target.writeKeys);
    copy(enc.writeValues, target.writeValues);
    copy(enc.readKeys, target.readKeys);
    copy(enc.features, target.features);
    state.encoded = from + count;
    offset += count;
  }
}
