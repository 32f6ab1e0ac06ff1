/**
 * A synthetic recall task for the MAT tests: items are facts [FACT, key, value], a query is
 * [QUERY, key, PAD]; memory holds facts about distinct keys, with or without the queried one.
 */
import type { AnswerTrainingBatch, MatConfig } from '../../src/model/index.js';
import type { Rng } from '../../src/util/rng.js';

export const PAD = 0;
export const FACT = 1;
export const QUERY = 2;

/** The task's sizes. */
export interface RecallTask {
  keys: number;
  values: number;
  slots: number;
}

export const TASK: RecallTask = { keys: 8, values: 8, slots: 4 };

/** A tiny MAT config for the task. */
export function recallConfig(task: RecallTask = TASK, overrides: Partial<MatConfig> = {}): Partial<MatConfig> {
  return {
    vocabSize: 3 + task.keys + task.values,
    itemLen: 3,
    dModel: 32,
    nHeads: 2,
    nLayers: 1,
    dFF: 64,
    contextLen: 2,
    maxSlots: task.slots,
    answerLen: 1,
    seed: 1,
    ...overrides,
  };
}

const keyToken = (_task: RecallTask, k: number): number => 3 + k;
const valueToken = (task: RecallTask, v: number): number => 3 + task.keys + v;

/**
 * A batch of B queries. `present`: the queried fact is in memory (else only distractor facts are).
 * `mode`: 'slots' fills the slots directly; 'softWrite' writes the facts with the seed's soft write.
 */
export function recallBatch(
  rng: Rng,
  batch: number,
  present: boolean,
  mode: 'slots' | 'softWrite' = 'slots',
  task: RecallTask = TASK,
): AnswerTrainingBatch {
  const s = task.slots;
  const queryTokens = new Int32Array(batch * 3);
  const answers = new Int32Array(batch);
  const memTokens = new Int32Array(batch * s * 3);
  const mask = new Float32Array(batch * s).fill(1);
  for (let b = 0; b < batch; b++) {
    const keys = rng.shuffle(Array.from({ length: task.keys }, (_, i) => i)).slice(0, s + 1);
    const queried = keys[0] as number;
    const value = rng.int(task.values);
    queryTokens.set([QUERY, keyToken(task, queried), PAD], b * 3);
    answers[b] = valueToken(task, value);
    const facts = keys.slice(1, s + 1).map((k) => [k, rng.int(task.values)] as [number, number]);
    if (present) facts[0] = [queried, value];
    rng.shuffle(facts);
    facts.forEach(([k, v], i) => memTokens.set([FACT, keyToken(task, k), valueToken(task, v)], (b * s + i) * 3));
  }
  const memory =
    mode === 'slots'
      ? { kind: 'slots' as const, slots: s, tokens: memTokens, mask }
      : { kind: 'softWrite' as const, writes: s, tokens: memTokens, slots: s, decay: 0.9 };
  return { batch, queryTokens, answers, memory };
}
