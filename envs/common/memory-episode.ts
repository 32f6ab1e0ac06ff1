import { MemoryBank } from '../../src/memory/bank.js';
import { addressScale, cosineRow } from '../../src/memory/math.js';
import { argminRelevance, relevanceScores, type RelevanceParams } from '../../src/memory/relevance.js';
import { InvalidActionError } from '../../src/util/errors.js';
import { ActionLayout, NOOP, RETRIEVE, STORE_AUTO, STORE_BASE } from './actions.js';
import type { Episode } from './episode.js';
import { GLOBAL, GLOBAL_FEATURE_DIM, itemFeatureDim, MAX_KINDS, SLOT, SLOT_FEATURE_DIM, type MemoryObservation } from './observation.js';
import type { AnswerRequest, ItemEncodings } from './reader.js';

/** Knobs of the memory mechanics shared by every family (see the env docs for defaults). */
export interface MemoryMechanics {
  minSlots: number;
  maxSlots: number;
  /** Reward subtracted per RETRIEVE. */
  retrieveCost: number;
  /** Reward subtracted per step per active slot: −slotCost·N. */
  slotCost: number;
  /** Forgetting decay λ applied to every occupied slot each step (1 = none). */
  decay: number;
  /** A slot whose norm falls under ε is free. */
  epsilon: number;
  relevance: RelevanceParams;
  /** `hard`: STORE_AUTO overwrites a free or the least relevant slot; `soft`: the seed's soft write. */
  writeMode: 'hard' | 'soft';
  /** λ of the soft write rule M_i ← λM_i + w_i·v_w (writeMode `soft`). */
  softWriteDecay: number;
  observeMemory: boolean;
  contextLen: number;
  /**
   * Whether GROW and SHRINK can be valid (default true). False fixes N at the formula's value for the
   * whole episode: the fair budget of a comparison, where no agent may hold more slots than another.
   */
  resizable?: boolean;
}

/** What happened in one step, before the reader answered. */
export interface PendingStep {
  action: number;
  /** The query to answer, or null when the item is not a query. */
  request: AnswerRequest | null;
  /** Tag (item index) of the content evicted or overwritten by this action, −1 when none. */
  evicted: number;
}

/** The result of one completed step. */
export interface StepOutcome {
  reward: number;
  terminated: boolean;
  info: Record<string, unknown>;
}

/**
 * The state of one memory-env episode: the item stream, the memory bank and the statistics, kept in
 * typed arrays. The env applies an action with {@link apply}, asks the reader to answer the pending
 * query (batched across sub-envs by the vector env), then calls {@link complete}. Pure bookkeeping: no
 * tensors, no randomness.
 */
export class MemoryEpisode {
  readonly mech: MemoryMechanics;
  readonly layout: ActionLayout;
  readonly bank: MemoryBank;
  episode: Episode | null = null;
  enc: ItemEncodings | null = null;
  /** Items [0, encoded) have their encodings in `enc` (the vector env encodes the rest in chunks as t reaches them). */
  encoded = 0;
  t = 0;
  queries = 0;
  correct = 0;
  retrievals = 0;
  private readonly scores: Float32Array;
  private readonly noMemory: Uint8Array;
  /** The key history (src/memory/layout.ts `KEY_HISTORY`): per key, the queries and writes streamed so far. */
  private keyQueries = new Int32Array(0);
  private keyWrites = new Int32Array(0);
  /** Per item: its key's query count when it arrived, and whether a later item superseded it. */
  private queriesAtArrival = new Int32Array(0);
  private superseded = new Uint8Array(0);

  constructor(mech: MemoryMechanics, dim: number) {
    this.mech = mech;
    this.layout = new ActionLayout(mech.maxSlots);
    this.bank = new MemoryBank({ dim, minSlots: mech.minSlots, maxSlots: mech.maxSlots, decay: mech.decay, epsilon: mech.epsilon });
    this.scores = new Float32Array(mech.maxSlots);
    this.noMemory = new Uint8Array(mech.maxSlots);
  }

  /**
   * Starts an episode with `slots` active slots. In soft-write mode the slots start from `initialMemory`
   * (maxSlots × D, the reader's M₀; see `MemoryReader.initialMemory`), holding no item (tag −1).
   * `encoded`: how many leading items `enc` already holds (default all); the others must be filled in
   * before the episode reaches them (memory-task.ts `encodeAhead`).
   */
  begin(episode: Episode, enc: ItemEncodings, slots: number, initialMemory?: Float32Array, encoded = episode.length): void {
    this.episode = episode;
    this.enc = enc;
    this.encoded = encoded;
    this.t = 0;
    this.queries = 0;
    this.correct = 0;
    this.retrievals = 0;
    let keys = episode.complexity.numKeys ?? 0;
    for (let t = 0; t < episode.length; t++) keys = Math.max(keys, (episode.keyOf[t] as number) + 1);
    if (this.keyQueries.length < keys) {
      this.keyQueries = new Int32Array(keys);
      this.keyWrites = new Int32Array(keys);
    } else {
      this.keyQueries.fill(0);
      this.keyWrites.fill(0);
    }
    if (this.superseded.length < episode.length) {
      this.queriesAtArrival = new Int32Array(episode.length);
      this.superseded = new Uint8Array(episode.length);
    } else {
      this.queriesAtArrival.fill(0);
      this.superseded.fill(0);
    }
    this.bank.clear(slots);
    if (this.mech.writeMode === 'soft' && initialMemory !== undefined) {
      const d = this.bank.dim;
      for (let i = 0; i < slots; i++) this.bank.store(i, initialMemory.subarray(i * d, (i + 1) * d), -1);
    }
  }

  get done(): boolean {
    return this.episode !== null && this.t >= this.episode.length;
  }

  private ep(): Episode {
    if (this.episode === null) throw new Error('MemoryEpisode used before begin()');
    return this.episode;
  }

  /** The encodings, with the current item among the encoded ones (when the episode is not over). */
  private encodings(): ItemEncodings {
    if (this.enc === null) throw new Error('MemoryEpisode used before begin()');
    if (this.t >= this.encoded && !this.done) throw new Error(`MemoryEpisode: item ${this.t} is not encoded yet (${this.encoded} are)`);
    return this.enc;
  }

  private rowOf(arr: Float32Array, item: number): Float32Array {
    const d = this.bank.dim;
    return arr.subarray(item * d, (item + 1) * d);
  }

  /** The mask of valid actions for the current state (written into `out` when given). */
  actionMask(out: Uint8Array = new Uint8Array(this.layout.n)): Uint8Array {
    out.fill(0);
    out[NOOP] = 1;
    if (this.done) return out;
    const bank = this.bank;
    const n = bank.size;
    out[RETRIEVE] = 1;
    out[STORE_AUTO] = 1;
    for (let i = 0; i < n; i++) {
      out[STORE_BASE + i] = 1;
      if (bank.occupied[i] === 1) out[this.layout.forgetBase + i] = 1;
    }
    if (this.mech.resizable === false) return out;
    if (n < bank.maxSlots) out[this.layout.grow] = 1;
    if (n > bank.minSlots) out[this.layout.shrink] = 1;
    return out;
  }

  /** The current observation (fresh arrays: safe to keep in a rollout buffer). */
  observe(): MemoryObservation {
    const ep = this.ep();
    const enc = this.encodings();
    const bank = this.bank;
    const d = bank.dim;
    const S = bank.maxSlots;
    const T = ep.length;
    const item = new Float32Array(itemFeatureDim(d));
    const slots = new Float32Array(S * SLOT_FEATURE_DIM);
    const global = new Float32Array(GLOBAL_FEATURE_DIM);
    const live = !this.done;
    const t = this.t;
    const isQuery = live && ep.isQuery[t] === 1 ? 1 : 0;
    const readKey = live ? this.rowOf(enc.readKeys, t) : null;
    const currentKey = live ? (ep.keyOf[t] as number) : -1;
    const replaces = live ? (ep.supersedes[t] as number) : -1;
    if (live) {
      item.set(this.rowOf(enc.features, t), 0);
      item[d + Math.min(ep.kinds[t] as number, MAX_KINDS - 1)] = 1;
      item[d + MAX_KINDS] = isQuery;
      relevanceScores(bank, readKey, this.mech.relevance, this.scores);
    }
    for (let i = 0; i < bank.size; i++) {
      const o = i * SLOT_FEATURE_DIM;
      slots[o + SLOT.active] = 1;
      if (bank.occupied[i] === 0) continue;
      slots[o + SLOT.occupied] = 1;
      slots[o + SLOT.age] = (bank.age[i] as number) / T;
      slots[o + SLOT.sinceAccess] = (bank.sinceAccess[i] as number) / T;
      slots[o + SLOT.logAccessCount] = Math.log1p(bank.accessCount[i] as number);
      if (live) {
        const r = this.scores[i] as number;
        slots[o + SLOT.relevance] = Number.isFinite(r) ? r : 0;
        slots[o + SLOT.similarity] = readKey ? cosineRow(bank.memory, d, i, readKey) : 0;
      }
      const held = bank.tag[i] as number;
      const key = held >= 0 ? (ep.keyOf[held] as number) : -1;
      if (key < 0) continue;
      const queries = this.keyQueries[key] as number;
      slots[o + SLOT.keyed] = 1;
      slots[o + SLOT.stale] = this.superseded[held] === 1 || replaces === held ? 1 : 0;
      slots[o + SLOT.keyQueries] = Math.log1p(queries);
      slots[o + SLOT.keyWrites] = Math.log1p(this.keyWrites[key] as number);
      slots[o + SLOT.itemQueries] = Math.log1p(queries - (this.queriesAtArrival[held] as number));
    }
    global[GLOBAL.progress] = Math.min(1, t / T);
    global[GLOBAL.slotsUsed] = bank.occupiedCount() / S;
    global[GLOBAL.slotCount] = bank.size / S;
    global[GLOBAL.isQuery] = isQuery;
    if (currentKey >= 0) {
      global[GLOBAL.keyed] = 1;
      global[GLOBAL.keyQueries] = Math.log1p(this.keyQueries[currentKey] as number);
      global[GLOBAL.keyWrites] = Math.log1p(this.keyWrites[currentKey] as number);
    }
    const obs: MemoryObservation = { item, slots, global, actionMask: this.actionMask() };
    if (this.mech.observeMemory) obs.memory = bank.memory.slice();
    return obs;
  }

  /**
   * Applies `action` to the current item. Throws InvalidActionError for an action outside the space
   * or masked out (e.g. FORGET of a free slot, GROW at maxSlots) — nothing changes then.
   */
  apply(action: number): PendingStep {
    const layout = this.layout;
    if (typeof action !== 'number' || !Number.isInteger(action) || action < 0 || action >= layout.n) {
      throw new InvalidActionError(`expected an integer in [0, ${layout.n}), got ${String(action)}`);
    }
    const mask = this.actionMask();
    if (mask[action] !== 1) {
      throw new InvalidActionError(`action ${action} (${layout.name(action)}) is not valid now: ${this.whyInvalid(action)}`);
    }
    const ep = this.ep();
    const enc = this.encodings();
    const bank = this.bank;
    const t = this.t;
    let evicted = -1;
    const readKey = this.rowOf(enc.readKeys, t);
    if (action === RETRIEVE) {
      this.retrievals += 1;
      bank.read(readKey, addressScale(bank.dim));
    } else if (action === STORE_AUTO) {
      if (this.mech.writeMode === 'soft') {
        bank.softWrite(this.rowOf(enc.writeKeys, t), this.rowOf(enc.writeValues, t), this.mech.softWriteDecay, t, addressScale(bank.dim));
      } else {
        let slot = bank.firstFree();
        if (slot < 0) {
          slot = argminRelevance(bank, readKey, this.mech.relevance, this.scores);
          evicted = bank.tag[slot] as number;
        }
        bank.store(slot, this.rowOf(enc.writeValues, t), t);
      }
    } else if (action >= STORE_BASE && action < layout.forgetBase) {
      const slot = action - STORE_BASE;
      evicted = bank.occupied[slot] === 1 ? (bank.tag[slot] as number) : -1;
      bank.store(slot, this.rowOf(enc.writeValues, t), t);
    } else if (action >= layout.forgetBase && action < layout.grow) {
      bank.forget(action - layout.forgetBase);
    } else if (action === layout.grow) {
      bank.grow();
    } else if (action === layout.shrink) {
      const victim = argminRelevance(bank, readKey, this.mech.relevance, this.scores);
      const removed = bank.shrink(victim >= 0 ? victim : bank.size - 1);
      evicted = removed.tag;
    }
    const request = ep.isQuery[t] === 1 ? this.request(action === RETRIEVE) : null;
    return { action, request, evicted };
  }

  private whyInvalid(action: number): string {
    if (this.done) return 'the episode is over; call reset()';
    const n = this.bank.size;
    const a = this.layout.decode(action);
    if (a.op === 'STORE') return `slot ${a.slot} is not active: expected a slot in [0, ${n})`;
    if (a.op === 'FORGET')
      return (a.slot ?? 0) < n ? `slot ${a.slot} is already free` : `slot ${a.slot} is not active: expected a slot in [0, ${n})`;
    if ((a.op === 'GROW' || a.op === 'SHRINK') && this.mech.resizable === false) return 'the slot count is fixed (resizable: false)';
    if (a.op === 'GROW') return `already at maxSlots (${this.bank.maxSlots})`;
    if (a.op === 'SHRINK') return `already at minSlots (${this.bank.minSlots})`;
    return 'masked out';
  }

  /** Counts item t into its key's history once its step is over (see `KEY_HISTORY` in src/memory/layout.ts). */
  private recordKeyHistory(t: number, isQuery: boolean): void {
    const ep = this.ep();
    const key = ep.keyOf[t] as number;
    const old = ep.supersedes[t] as number;
    if (old >= 0) this.superseded[old] = 1;
    if (key < 0) return;
    this.queriesAtArrival[t] = this.keyQueries[key] as number;
    if (isQuery) this.keyQueries[key] = (this.keyQueries[key] as number) + 1;
    else this.keyWrites[key] = (this.keyWrites[key] as number) + 1;
  }

  /** Builds the reader request for the current query item. */
  private request(useMemory: boolean): AnswerRequest {
    const ep = this.ep();
    const enc = this.encodings();
    const d = this.bank.dim;
    const W = this.mech.contextLen;
    const S = this.bank.maxSlots;
    const t = this.t;
    const L = ep.itemLen;
    const context = new Float32Array(W * d);
    const contextMask = new Uint8Array(W);
    const contextTags = new Int32Array(W).fill(-1);
    for (let j = 0; j < W; j++) {
      const item = t - W + j;
      if (item < 0) continue;
      context.set(this.rowOf(enc.features, item), j * d);
      contextMask[j] = 1;
      contextTags[j] = item;
    }
    const memoryTags = new Int32Array(S).fill(-1);
    let memoryMask = this.noMemory;
    if (useMemory) {
      memoryMask = new Uint8Array(S);
      for (let i = 0; i < this.bank.size; i++) {
        if (this.bank.occupied[i] === 1) {
          memoryMask[i] = 1;
          memoryTags[i] = this.bank.tag[i] as number;
        }
      }
    }
    const A = ep.answerLen;
    return {
      queryTokens: ep.tokens.subarray(t * L, (t + 1) * L),
      queryIndex: t,
      readKey: this.rowOf(enc.readKeys, t),
      context,
      contextMask,
      contextTags,
      memory: useMemory ? this.bank.memory.slice() : new Float32Array(S * d),
      memoryMask,
      memoryTags,
      support: ep.support.subarray(t * ep.maxSupport, (t + 1) * ep.maxSupport),
      expected: ep.answers.subarray(t * A, (t + 1) * A),
    };
  }

  /**
   * Completes the step with the reader's prediction for a pending query (or null), advances time
   * (bank tick) and returns the reward and info.
   */
  complete(pending: PendingStep, prediction: Int32Array | null, isCorrect: (p: Int32Array, a: Int32Array) => boolean): StepOutcome {
    const ep = this.ep();
    const t = this.t;
    const isQuery = ep.isQuery[t] === 1;
    let correct: boolean | null = null;
    let reward = 0;
    if (isQuery) {
      if (prediction === null || pending.request === null) throw new Error('a query step needs a prediction');
      correct = isCorrect(prediction, pending.request.expected);
      this.queries += 1;
      if (correct) {
        this.correct += 1;
        reward += 1;
      }
    }
    if (pending.action === RETRIEVE) reward -= this.mech.retrieveCost;
    reward -= this.mech.slotCost * this.bank.size;
    this.recordKeyHistory(t, isQuery);
    this.bank.tick();
    this.t += 1;
    const terminated = this.t >= ep.length;
    const info: Record<string, unknown> = {
      correct,
      isQuery,
      slotsUsed: this.bank.occupiedCount(),
      slots: this.bank.size,
      evicted: pending.evicted,
      actionMask: this.actionMask(),
    };
    if (terminated) {
      info.accuracy = this.queries > 0 ? this.correct / this.queries : 0;
      info.queries = this.queries;
      info.correctAnswers = this.correct;
      info.retrievals = this.retrievals;
    }
    return { reward, terminated, info };
  }
}
