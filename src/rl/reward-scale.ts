/**
 * Reward scaling by the running standard deviation of the discounted return, as SB3's
 * `VecNormalize(norm_reward=True)` and Gymnasium's `NormalizeReward` do: per env,
 * G ← γ·G + r (reset to 0 after a terminal or truncated step), the running variance of every G seen
 * (Chan et al.'s parallel update over each rollout's returns) and r ← r / √(Var[G] + ε). The mean is not
 * subtracted, so the sign of a reward is kept. The critic then learns returns of order 1: the value loss
 * no longer dominates the clipped gradient norm of a shared network, and PPO's value clipping range
 * (`clipCoef`) is in the returns' scale. Memgym scales a whole rollout with the statistics updated by
 * that rollout (the wrappers update step by step); the state is not saved with an agent.
 */

/** What {@link ReturnScaler.scale} did to one rollout. */
export interface RewardScaleResult {
  /** The divisor applied to the rollout's rewards, √(Var[G] + ε). */
  scale: number;
  /** Returns seen so far (valid steps). */
  count: number;
}

/** Running discounted-return statistics of B envs; scales rollouts of T × B rewards (step-major). */
export class ReturnScaler {
  private readonly returns: Float64Array;
  private count = 0;
  private mean = 0;
  private m2 = 0;

  constructor(
    readonly numEnvs: number,
    readonly gamma: number,
    readonly epsilon = 1e-8,
  ) {
    this.returns = new Float64Array(numEnvs);
  }

  /** The current divisor √(Var[G] + ε) (1 before any return is seen). */
  get divisor(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / this.count + this.epsilon) : 1;
  }

  /**
   * Updates the statistics with the rollout's discounted returns, then divides `rewards` in place.
   * Rows are step-major (`t·B + b`); an invalid row (a next-step reset) neither adds a return nor resets G.
   */
  scale(rewards: Float32Array, terminated: Uint8Array, truncated: Uint8Array, valid: Uint8Array): RewardScaleResult {
    const B = this.numEnvs;
    if (rewards.length % B !== 0) throw new RangeError(`expected a multiple of ${B} rewards, got ${rewards.length}`);
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < rewards.length; i++) {
      if (!valid[i]) continue;
      const b = i % B;
      const g = (this.returns[b] as number) * this.gamma + (rewards[i] as number);
      this.returns[b] = terminated[i] || truncated[i] ? 0 : g;
      n++;
      const delta = g - mean;
      mean += delta / n;
      m2 += delta * (g - mean);
    }
    if (n > 0) {
      const total = this.count + n;
      const delta = mean - this.mean;
      this.m2 += m2 + (delta * delta * this.count * n) / total;
      this.mean += (delta * n) / total;
      this.count = total;
    }
    const divisor = this.divisor;
    for (let i = 0; i < rewards.length; i++) rewards[i] = (rewards[i] as number) / divisor;
    return { scale: divisor, count: this.count };
  }
}
