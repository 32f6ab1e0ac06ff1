/**
 * The cue-recall task of the recurrent-policy tests: the first observation shows a random bit (one-hot
 * in features 0–1), the next `blanks` observations are all zeros, and the last one is the query
 * [0, 0, 1]; the action at the query earns 1 when it equals the bit (other steps earn 0), then the episode
 * ends. Action 2 is always masked out (the env throws when it is taken). A feed-forward policy sees the
 * same query observation for both bits, so its expected return is exactly 0.5; remembering the cue gives 1.
 */
import { Box } from '../../src/core/spaces/box.js';
import type { Space } from '../../src/core/space.js';
import type { Rng } from '../../src/util/rng.js';
import { TinyVecEnv, type TinyCore, type TinyVecOptions } from './rl-envs.js';

/** Observation of {@link cueEnv}: features and the action mask (action 2 never valid). */
export interface CueObs {
  features: Float32Array;
  actionMask: Uint8Array;
}

/** Actions of the cue task: 0, 1 (the answers) and the always-masked 2. */
export const CUE_ACTIONS = 3;

/** See the module comment; episodes last `blanks + 2` steps. */
export function cueEnv(blanks = 3, opts: TinyVecOptions = {}): TinyVecEnv<CueObs> {
  const mask = Uint8Array.of(1, 1, 0);
  const core = (): TinyCore<CueObs> => {
    let bit = 0;
    let t = 0;
    const observe = (): CueObs => {
      const features = new Float32Array(3);
      if (t === 0) features[bit] = 1;
      if (t === blanks + 1) features[2] = 1;
      return { features, actionMask: mask };
    };
    return {
      reset: (rng: Rng) => {
        t = 0;
        bit = rng.int(2);
        return observe();
      },
      step: (a: number) => {
        const query = t === blanks + 1;
        t++;
        return { observation: observe(), reward: query && a === bit ? 1 : 0, terminated: query, truncated: false };
      },
      mask: () => mask,
    };
  };
  return new TinyVecEnv(core, CUE_ACTIONS, new Box(0, 1, [3]) as unknown as Space<CueObs>, opts);
}
