/**
 * Tiny vector envs with known optima for the RL tests, implementing VectorEnv directly (both autoreset
 * modes). Every sub-env i is seeded with seed + i; stepping an action its mask forbids throws.
 *
 * - bandit: one step, obs [1], reward = payout[action]; optimal return = max payout.
 * - identity: obs one-hot(target), reward 1 when action == target, truncated after `length` steps;
 *   optimal return = length.
 * - masked: identity with a random mask each step (the target always valid); mask in the observation
 *   `{ features, actionMask }` or only through `actionMasks()`; invalid actions throw.
 * - chain: `length` steps, obs one-hot(position) ‖ [correct so far / length]; the right action at position
 *   p is `p % 2`; reward only at the end = correct / length; optimal 1, random 0.5.
 * - slot: a memory-style observation {item, slots, global, actionMask} with S slots of which N are active
 *   and exactly one active slot is empty; reward 1 for STORE into that slot; one step; optimal 1.
 */
import type { Info } from '../../src/core/env.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import type { Space } from '../../src/core/space.js';
import type { AutoresetMode, VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from '../../src/core/vector.js';
import type { Agent } from '../../src/rl/agent.js';
import { actBatch } from '../../src/rl/agent.js';
import { InvalidActionError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { SLOT_FEATURE_DIM } from '../../src/memory/layout.js';

/** Logic of one sub-env. */
export interface TinyCore<Obs> {
  reset(rng: Rng): Obs;
  step(action: number, rng: Rng): { observation: Obs; reward: number; terminated: boolean; truncated: boolean };
  mask(): Uint8Array | undefined;
}

export interface TinyVecOptions {
  numEnvs?: number;
  autoresetMode?: AutoresetMode;
}

/** A VectorEnv over `TinyCore`s. */
export class TinyVecEnv<Obs> implements VectorEnv<Obs, number> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleActionSpace: Discrete;
  readonly singleObservationSpace: Space<Obs>;
  readonly actionMasks?: () => Uint8Array[];
  /** Steps taken (for tests). */
  steps = 0;
  private readonly cores: TinyCore<Obs>[];
  private rngs: Rng[];
  private readonly pending: boolean[];
  private last: Obs[] = [];

  constructor(makeCore: () => TinyCore<Obs>, numActions: number, obsSpace: Space<Obs>, opts: TinyVecOptions & { envMasks?: boolean } = {}) {
    this.numEnvs = opts.numEnvs ?? 4;
    this.autoresetMode = opts.autoresetMode ?? 'next-step';
    this.singleActionSpace = new Discrete(numActions);
    this.singleObservationSpace = obsSpace;
    this.cores = Array.from({ length: this.numEnvs }, makeCore);
    this.rngs = this.cores.map((_, i) => new Rng(i));
    this.pending = this.cores.map(() => false);
    if (opts.envMasks) this.actionMasks = () => this.cores.map((c) => c.mask() ?? new Uint8Array(numActions).fill(1));
  }

  private info(b: number): Info {
    const m = this.cores[b]?.mask();
    return m ? { actionMask: m } : {};
  }

  reset(opts: VectorResetOptions = {}): VectorResetResult<Obs> {
    const seed = opts.seed;
    this.rngs = this.cores.map((_, i) => new Rng(Array.isArray(seed) ? (seed[i] as number) : typeof seed === 'number' ? seed + i : i));
    this.pending.fill(false);
    this.last = this.cores.map((c, i) => c.reset(this.rngs[i] as Rng));
    return { observations: [...this.last], infos: this.cores.map((_, i) => this.info(i)) };
  }

  step(actions: readonly number[]): VectorStepResult<Obs> {
    this.steps++;
    const B = this.numEnvs;
    const rewards = new Float32Array(B);
    const terminated = new Uint8Array(B);
    const truncated = new Uint8Array(B);
    const infos: Info[] = [];
    for (let b = 0; b < B; b++) {
      const core = this.cores[b] as TinyCore<Obs>;
      const rng = this.rngs[b] as Rng;
      if (this.pending[b]) {
        this.pending[b] = false;
        this.last[b] = core.reset(rng);
        infos.push({ ...this.info(b), autoreset: true });
        continue;
      }
      const a = actions[b] as number;
      const mask = core.mask();
      if (!Number.isInteger(a) || a < 0 || a >= this.singleActionSpace.n || (mask && mask[a] !== 1)) {
        throw new InvalidActionError(`sub-env ${b}: expected a valid action, got ${a}`);
      }
      const r = core.step(a, rng);
      rewards[b] = r.reward;
      terminated[b] = r.terminated ? 1 : 0;
      truncated[b] = r.truncated ? 1 : 0;
      const info: Info = this.info(b);
      if (r.terminated || r.truncated) {
        if (this.autoresetMode === 'next-step') {
          this.pending[b] = true;
          this.last[b] = r.observation;
        } else {
          const finalInfo = info;
          this.last[b] = core.reset(rng);
          infos.push({ ...this.info(b), finalObservation: r.observation, finalInfo });
          continue;
        }
      } else {
        this.last[b] = r.observation;
      }
      infos.push(info);
    }
    return { observations: [...this.last], rewards, terminated, truncated, infos };
  }

  close(): void {}
}

function oneHot(n: number, i: number): Float32Array {
  const v = new Float32Array(n);
  v[i] = 1;
  return v;
}

/** One-step bandit with deterministic payouts. */
export function banditEnv(payout: readonly number[] = [0.2, 0.5, 1, 0.1], opts: TinyVecOptions = {}): TinyVecEnv<Float32Array> {
  const core = (): TinyCore<Float32Array> => ({
    reset: () => new Float32Array([1]),
    step: (a) => ({ observation: new Float32Array([1]), reward: payout[a] as number, terminated: true, truncated: false }),
    mask: () => undefined,
  });
  return new TinyVecEnv(core, payout.length, new Box(0, 1, [1]), opts);
}

/** Copy the observation: one-hot target, reward 1 when action == target; truncated after `length` steps. */
export function identityEnv(k = 4, length = 8, opts: TinyVecOptions = {}): TinyVecEnv<Float32Array> {
  const core = (): TinyCore<Float32Array> => {
    let target = 0;
    let t = 0;
    return {
      reset: (rng) => {
        t = 0;
        target = rng.int(k);
        return oneHot(k, target);
      },
      step: (a, rng) => {
        const reward = a === target ? 1 : 0;
        t++;
        target = rng.int(k);
        return { observation: oneHot(k, target), reward, terminated: false, truncated: t >= length };
      },
      mask: () => undefined,
    };
  };
  return new TinyVecEnv(core, k, new Box(0, 1, [k]), opts);
}

/** Observation of {@link maskedEnv} when the mask rides in the observation. */
export interface MaskedObs {
  features: Float32Array;
  actionMask: Uint8Array;
}

/** Identity with a random mask per step (target always valid, each other action valid with p = 0.4). */
export function maskedEnv(
  k = 6,
  length = 4,
  opts: TinyVecOptions & { maskVia?: 'observation' | 'env' } = {},
): TinyVecEnv<MaskedObs | Float32Array> {
  const via = opts.maskVia ?? 'observation';
  const core = (): TinyCore<MaskedObs | Float32Array> => {
    let target = 0;
    let t = 0;
    let mask = new Uint8Array(k);
    const draw = (rng: Rng): MaskedObs | Float32Array => {
      target = rng.int(k);
      mask = new Uint8Array(k);
      for (let a = 0; a < k; a++) mask[a] = a === target || rng.bernoulli(0.4) ? 1 : 0;
      const features = oneHot(k, target);
      return via === 'observation' ? { features, actionMask: mask } : features;
    };
    return {
      reset: (rng) => {
        t = 0;
        return draw(rng);
      },
      step: (a, rng) => {
        const reward = a === target ? 1 : 0;
        t++;
        return { observation: draw(rng), reward, terminated: t >= length, truncated: false };
      },
      mask: () => mask,
    };
  };
  return new TinyVecEnv(core, k, new Box(0, 1, [k]) as unknown as Space<MaskedObs | Float32Array>, {
    ...opts,
    envMasks: via === 'env',
  });
}

/** Delayed-reward chain: reward only at the last step = fraction of correct actions (right action = p % 2). */
export function chainEnv(length = 6, opts: TinyVecOptions = {}): TinyVecEnv<Float32Array> {
  const obsOf = (p: number, correct: number): Float32Array => {
    const v = new Float32Array(length + 1);
    if (p < length) v[p] = 1;
    v[length] = correct / length;
    return v;
  };
  const core = (): TinyCore<Float32Array> => {
    let p = 0;
    let correct = 0;
    return {
      reset: () => {
        p = 0;
        correct = 0;
        return obsOf(0, 0);
      },
      step: (a) => {
        if (a === p % 2) correct++;
        p++;
        const done = p >= length;
        return { observation: obsOf(p, correct), reward: done ? correct / length : 0, terminated: done, truncated: false };
      },
      mask: () => undefined,
    };
  };
  return new TinyVecEnv(core, 2, new Box(0, 1, [length + 1]), opts);
}

/** Memory-style observation of {@link slotEnv}. */
export interface SlotObs {
  item: Float32Array;
  slots: Float32Array;
  global: Float32Array;
  actionMask: Uint8Array;
}

/**
 * One-step "store into the free slot" task with the memory action layout (S = maxSlots): N ∈ [2, S]
 * active slots, exactly one of them empty; reward 1 for STORE_i into it.
 */
export function slotEnv(maxSlots = 4, opts: TinyVecOptions = {}): TinyVecEnv<SlotObs> {
  const S = maxSlots;
  const A = 3 + 2 * S + 2;
  const core = (): TinyCore<SlotObs> => {
    let free = 0;
    let mask = new Uint8Array(A);
    const draw = (rng: Rng): SlotObs => {
      const n = rng.intBetween(2, S);
      free = rng.int(n);
      const slots = new Float32Array(S * SLOT_FEATURE_DIM);
      mask = new Uint8Array(A);
      mask[0] = 1; // NOOP
      mask[1] = 1; // RETRIEVE
      mask[2] = 1; // STORE_AUTO
      for (let i = 0; i < n; i++) {
        const occupied = i === free ? 0 : 1;
        slots.set(
          [1, occupied, occupied * rng.next(), occupied * rng.next(), occupied * rng.next(), rng.next(), rng.next()],
          i * SLOT_FEATURE_DIM,
        );
        mask[3 + i] = 1;
        if (occupied) mask[3 + S + i] = 1;
      }
      const item = new Float32Array([rng.next(), rng.next()]);
      const global = new Float32Array([(n - 1) / S, n / S, 0]);
      return { item, slots, global, actionMask: mask };
    };
    return {
      reset: (rng) => draw(rng),
      step: (a, rng) => {
        const reward = a === 3 + free ? 1 : 0;
        return { observation: draw(rng), reward, terminated: true, truncated: false };
      },
      mask: () => mask,
    };
  };
  return new TinyVecEnv(core, A, new Box(0, 1, [1]) as unknown as Space<SlotObs>, opts);
}

/** Mean undiscounted return of `episodes` episodes of `agent` on `env` (seeded reset). */
export function evaluate<Obs>(agent: Agent<Obs>, env: TinyVecEnv<Obs>, episodes: number, seed = 12345): number {
  let { observations, infos } = env.reset({ seed });
  const ret = new Float64Array(env.numEnvs);
  const returns: number[] = [];
  while (returns.length < episodes) {
    const actions = actBatch(agent, observations, infos);
    const res = env.step(Array.from(actions));
    for (let b = 0; b < env.numEnvs; b++) {
      if (res.infos[b]?.autoreset) continue;
      ret[b] = (ret[b] as number) + (res.rewards[b] as number);
      if (res.terminated[b] || res.truncated[b]) {
        returns.push(ret[b] as number);
        ret[b] = 0;
      }
    }
    observations = res.observations;
    infos = res.infos;
  }
  return returns.slice(0, episodes).reduce((a, b) => a + b, 0) / episodes;
}

/**
 * One action, constant observation [1], reward 1 per step, episodes of `length` steps ending by
 * truncation or termination. With truncation bootstrapped correctly V = 1/(1−γ); treated as termination
 * (length 2) V would be the mean of 1 + γ and 1.
 */
export function constantEnv(length: number, end: 'truncated' | 'terminated', opts: TinyVecOptions = {}): TinyVecEnv<Float32Array> {
  const core = (): TinyCore<Float32Array> => {
    let t = 0;
    return {
      reset: () => {
        t = 0;
        return new Float32Array([1]);
      },
      step: () => {
        t++;
        const done = t >= length;
        return {
          observation: new Float32Array([1]),
          reward: 1,
          terminated: done && end === 'terminated',
          truncated: done && end === 'truncated',
        };
      },
      mask: () => undefined,
    };
  };
  return new TinyVecEnv(core, 1, new Box(0, 1, [1]), opts);
}
