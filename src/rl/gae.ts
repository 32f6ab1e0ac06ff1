/**
 * Generalised advantage estimation (Schulman et al. 2016) over typed arrays laid out [T × B]
 * (index t·B + b), with Gymnasium's end-of-episode semantics:
 *
 * - terminated: the MDP ended; the next state's value is 0.
 * - truncated (and not terminated): the episode was cut from outside; bootstrap from V(final observation),
 *   which the caller supplies in `bootstrapValues`.
 * - either way the advantage does not chain into the next step (it belongs to another episode).
 * - `valid[t·B+b] = 0` marks a step that is not a real transition (the reset step of a `next-step`
 *   autoreset vector env); its advantage is 0 and its return equals its value.
 */

/** Inputs of {@link computeGae}. All per-step arrays have length T·B. */
export interface GaeInput {
  numSteps: number;
  numEnvs: number;
  rewards: Float32Array;
  /** V(s_t) of the observation the action was taken in. */
  values: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** V(final observation) for truncated steps; read only where `truncated && !terminated`. */
  bootstrapValues: Float32Array;
  /** V(s_T) of the observations after the last step (length B). */
  lastValues: Float32Array;
  /** 0 for non-transitions (autoreset steps); omitted ⇒ all valid. */
  valid?: Uint8Array | undefined;
  gamma: number;
  gaeLambda: number;
}

/** Advantages and λ-returns (advantage + value), both T·B. */
export interface GaeResult {
  advantages: Float32Array;
  returns: Float32Array;
}

/** Computes GAE advantages and returns. Pure; does not modify its inputs. */
export function computeGae(input: GaeInput): GaeResult {
  const { numSteps: T, numEnvs: B, rewards, values, terminated, truncated, bootstrapValues, lastValues } = input;
  const n = T * B;
  for (const [name, arr] of [
    ['rewards', rewards],
    ['values', values],
    ['terminated', terminated],
    ['truncated', truncated],
    ['bootstrapValues', bootstrapValues],
  ] as const) {
    if (arr.length !== n) throw new RangeError(`expected ${name} of length T·B = ${n}, got ${arr.length}`);
  }
  if (lastValues.length !== B) throw new RangeError(`expected lastValues of length B = ${B}, got ${lastValues.length}`);
  if (input.valid !== undefined && input.valid.length !== n) {
    throw new RangeError(`expected valid of length T·B = ${n}, got ${input.valid.length}`);
  }
  const { gamma, gaeLambda } = input;
  const advantages = new Float32Array(n);
  const returns = new Float32Array(n);
  for (let b = 0; b < B; b++) {
    let lastGae = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * B + b;
      const v = values[i] as number;
      if (input.valid !== undefined && input.valid[i] === 0) {
        lastGae = 0;
        advantages[i] = 0;
        returns[i] = v;
        continue;
      }
      const r = rewards[i] as number;
      let adv: number;
      if (terminated[i]) {
        adv = r - v;
      } else if (truncated[i]) {
        adv = r + gamma * (bootstrapValues[i] as number) - v;
      } else {
        const nextV = t === T - 1 ? (lastValues[b] as number) : (values[i + B] as number);
        adv = r + gamma * nextV - v + gamma * gaeLambda * lastGae;
      }
      lastGae = adv;
      advantages[i] = adv;
      returns[i] = adv + v;
    }
  }
  return { advantages, returns };
}

/** 1 − Var(returns − values) / Var(returns) over the entries with `valid` ≠ 0 (NaN when Var(returns) = 0). */
export function explainedVariance(values: Float32Array, returns: Float32Array, valid?: Uint8Array): number {
  let n = 0;
  let sy = 0;
  let sd = 0;
  for (let i = 0; i < returns.length; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    n++;
    sy += returns[i] as number;
    sd += (returns[i] as number) - (values[i] as number);
  }
  if (n === 0) return Number.NaN;
  const my = sy / n;
  const md = sd / n;
  let vy = 0;
  let vd = 0;
  for (let i = 0; i < returns.length; i++) {
    if (valid !== undefined && valid[i] === 0) continue;
    const y = returns[i] as number;
    const d = y - (values[i] as number);
    vy += (y - my) ** 2;
    vd += (d - md) ** 2;
  }
  return vy === 0 ? Number.NaN : 1 - vd / vy;
}
