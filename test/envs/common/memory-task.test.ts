/**
 * Chunked item encoding (memory-task.ts `encodeAhead`, the vector env's `encodeChunk`): the same
 * observations, rewards and infos as encoding whole episodes at reset, bit for bit, with the MAT and the
 * ideal reader; the chunks only move when the encoder runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTask, clearModelCache } from '../../../envs/common/family.js';
import type { MemoryTask } from '../../../envs/common/memory-task.js';
import { DEFAULT_ENCODE_CHUNK, MemoryVectorEnv } from '../../../envs/common/memory-vector-env.js';
import { RECALL_FAMILY } from '../../../envs/recall/index.js';
import { Rng } from '../../../src/util/rng.js';
import { useWasm } from '../../helpers/tf.js';

/** Observations and rewards of `steps` lock-steps of B = 3 envs under a seeded random valid-action policy. */
function trace(task: MemoryTask, encodeChunk: number, steps: number): number[][] {
  const env = new MemoryVectorEnv(task, 3, 'next-step', { encodeChunk });
  const rng = new Rng('actions');
  const out: number[][] = [];
  let { observations } = env.reset({ seed: 11 });
  let encodeCalls = 0;
  for (let t = 0; t < steps; t++) {
    for (const o of observations) out.push([...o.item, ...o.slots, ...o.global]);
    const actions = env.actionMasks().map((mask) => {
      const valid = [...mask.keys()].filter((a) => mask[a] === 1);
      return valid[rng.int(valid.length)] as number;
    });
    const r = env.step(actions);
    out.push([...r.rewards, ...r.terminated]);
    observations = r.observations;
    encodeCalls += env.states.filter((s) => s.encoded < (s.episode?.length ?? 0)).length;
  }
  expect(encodeCalls > 0).toBe(encodeChunk !== Number.POSITIVE_INFINITY);
  return out;
}

describe('chunked item encoding', () => {
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => clearModelCache());

  it('gives the whole-episode observations and rewards with the MAT reader', () => {
    const task = buildTask(RECALL_FAMILY, { preset: 'easy', reader: 'mat' }); // the committed checkpoint
    const length = task.generator.generate(task.params, new Rng(0)).length;
    const steps = 2 * length + 9; // past two episode ends
    const whole = trace(task, Number.POSITIVE_INFINITY, steps);
    expect(trace(task, 7, steps)).toEqual(whole);
    expect(trace(task, DEFAULT_ENCODE_CHUNK, steps)).toEqual(whole);
  });

  it('gives the whole-episode observations with the ideal reader', () => {
    const task = buildTask(RECALL_FAMILY, { preset: 'easy', reader: 'ideal' });
    expect(trace(task, 1, 80)).toEqual(trace(task, Number.POSITIVE_INFINITY, 80));
  });

  it('rejects a chunk that is not an integer >= 1', () => {
    const task = buildTask(RECALL_FAMILY, { preset: 'easy', reader: 'ideal' });
    expect(() => new MemoryVectorEnv(task, 2, 'next-step', { encodeChunk: 0 })).toThrow(
      /expected encodeChunk to be an integer >= 1 or Infinity, got 0/,
    );
    expect(() => new MemoryVectorEnv(task, 2, 'next-step', { encodeChunk: 2.5 })).toThrow(RangeError);
  });
});
