import type { MaskedEnv, ResetOptions, ResetResult, StepResult, EnvSpec, Info } from '../../src/core/env.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { ResetNeededError } from '../../src/util/errors.js';
import { entropySeed, Rng } from '../../src/util/rng.js';
import { MemoryEpisode } from './memory-episode.js';
import { beginEpisodes, drawEpisode, type MemoryTask, type PreparedEpisode } from './memory-task.js';
import { memoryObservationSpace, type MemoryObservation, type MemoryObservationSpace } from './observation.js';
import { oracleInfo } from './oracle-info.js';

/**
 * A single memory env: one episode of a task family at a time, the MAT (reader) in the loop.
 * See the family envs (`envs/recall`, `envs/story-qa`, `envs/forecast`) for the full documentation.
 * For many episodes at once use {@link MemoryVectorEnv}, which batches the MAT across sub-envs.
 */
export class MemoryEnv<P = unknown> implements MaskedEnv<MemoryObservation> {
  readonly observationSpace: MemoryObservationSpace;
  readonly actionSpace: Discrete;
  readonly metadata: Readonly<Record<string, unknown>>;
  spec?: EnvSpec | undefined;
  readonly task: MemoryTask<P>;
  readonly state: MemoryEpisode;
  private rng: Rng | null = null;
  private prepared: PreparedEpisode | null = null;

  constructor(task: MemoryTask<P>) {
    this.task = task;
    const dim = task.reader.dim;
    this.state = new MemoryEpisode(task.mechanics, dim);
    this.observationSpace = memoryObservationSpace(dim, task.mechanics.maxSlots, task.mechanics.observeMemory);
    this.actionSpace = new Discrete(this.state.layout.n);
    this.metadata = { family: task.generator.family, reader: task.reader.name, renderModes: [] };
  }

  reset(opts: ResetOptions = {}): ResetResult<MemoryObservation> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    else if (this.rng === null) this.rng = new Rng(entropySeed());
    this.prepared = drawEpisode(this.task, this.rng);
    beginEpisodes(this.task.reader, [this.state], [this.prepared]);
    return { observation: this.state.observe(), info: this.info({}) };
  }

  step(action: number): StepResult<MemoryObservation> {
    if (this.prepared === null) throw new ResetNeededError();
    if (this.state.done) throw new ResetNeededError('the episode is over: call reset() before step()');
    const pending = this.state.apply(action);
    const prediction = pending.request ? this.task.reader.answer([pending.request]) : null;
    const outcome = this.state.complete(pending, prediction, (p, a) => this.task.generator.isCorrect(p, a));
    return {
      observation: this.state.observe(),
      reward: outcome.reward,
      terminated: outcome.terminated,
      truncated: false,
      info: this.info(outcome.info),
    };
  }

  actionMasks(): Uint8Array {
    return this.state.actionMask();
  }

  /** The current episode (items, queries, answers): for analysis and the oracle, not for learned agents. */
  currentEpisode(): PreparedEpisode | null {
    return this.prepared;
  }

  private info(base: Info): Info {
    const info: Info = { ...base, actionMask: this.state.actionMask(), slots: this.state.bank.size };
    if (this.prepared?.supportIndex) info.oracle = oracleInfo(this.state, this.prepared.supportIndex);
    return info;
  }

  close(): void {
    // The reader (MAT) is shared and owned by whoever built the task; nothing to release here.
  }
}
