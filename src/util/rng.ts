import seedrandom from 'seedrandom';

/** The saved state of an {@link Rng}; restore it with {@link Rng.fromState}. */
export type RngState = seedrandom.State.Arc4;

/**
 * The one source of randomness in memgym: a seeded ARC4 generator (seedrandom).
 * No code in src/, envs/ or agents/ uses `Math.random()`.
 */
export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;

  constructor(seed: number | string) {
    this.prng = seedrandom(String(seed), { state: true });
  }

  /** Rebuilds a generator from a saved state (checkpoints, resumable runs). */
  static fromState(state: RngState): Rng {
    const rng = Object.create(Rng.prototype) as Rng;
    (rng as unknown as { prng: unknown }).prng = seedrandom('', { state: state });
    return rng;
  }

  /** A copy of the internal state. */
  state(): RngState {
    return this.prng.state();
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng.double();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng.double() * n);
  }

  /** An integer in [lo, hi] (inclusive). */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.prng.double();
  }

  /** A standard normal draw (Box–Muller). */
  normal(mean = 0, std = 1): number {
    let u = this.prng.double();
    while (u <= 1e-300) u = this.prng.double();
    const v = this.prng.double();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.prng.double() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice() from an empty array');
    return items[this.int(items.length)] as T;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] as number;
    let r = this.prng.double() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    // Floating-point slack: the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    throw new RangeError('categorical() needs at least one positive weight');
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A 32-bit integer seed for a child generator, drawn from this one. */
  nextSeed(): number {
    return this.prng.int32() >>> 0;
  }
}

/** A fresh seed when the user gave none: derived from the clock, never from `Math.random()`. */
export function entropySeed(): number {
  const t = process.hrtime.bigint();
  return Number(t % 4294967296n);
}
