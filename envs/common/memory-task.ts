import type { SlotCountFn } from '../../src/memory/slot-count.js';
import type { Rng } from '../../src/util/rng.js';
import type { Episode, EpisodeGenerator } from './episode.js';
import type { MemoryEpisode, MemoryMechanics } from './memory-episode.js';
import { SupportIndex } from './oracle-info.js';
import type { MemoryReader } from './reader.js';

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
 * Encodes the items of several episodes in ONE reader forward and begins them: `states[i]` begins
 * `prepared[i]`.
 */
export function beginEpisodes(reader: MemoryReader, states: readonly MemoryEpisode[], prepared: readonly PreparedEpisode[]): void {
  if (prepared.length === 0) return;
  const first = prepared[0] as PreparedEpisode;
  const L = first.episode.itemLen;
  let total = 0;
  for (const p of prepared) total += p.episode.length;
  const tokens = new Int32Array(total * L);
  let offset = 0;
  for (const p of prepared) {
    tokens.set(p.episode.tokens, offset * L);
    offset += p.episode.length;
  }
  const enc = reader.encode(tokens, total);
  const d = enc.dim;
  const soft = states.some((s) => s.mech.writeMode === 'soft');
  const initial = soft && reader.initialMemory ? reader.initialMemory((states[0] as MemoryEpisode).mech.maxSlots) : undefined;
  offset = 0;
  prepared.forEach((p, i) => {
    const T = p.episode.length;
    const slice = (a: Float32Array): Float32Array => a.subarray(offset * d, (offset + T) * d);
    const state = states[i] as MemoryEpisode;
    state.begin(
      p.episode,
      {
        count: T,
        dim: d,
        writeKeys: slice(enc.writeKeys),
        writeValues: slice(enc.writeValues),
        readKeys: slice(enc.readKeys),
        features: slice(enc.features),
      },
      p.slots,
      initial,
    );
    offset += T;
  });
}
