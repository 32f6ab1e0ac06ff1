import type { Env } from '../env.js';
import type { Box } from '../spaces/box.js';
import { flatten, flattenSpace } from '../spaces/flatten.js';
import type { Space } from '../space.js';
import { ObservationWrapper } from './wrapper.js';

/**
 * Observations become flat `Float32Array`s (see `flatten`); `observationSpace` becomes the
 * matching 1-D Box. Dict keys are concatenated in their order.
 */
export class FlattenObservation<InnerObs = unknown, Act = unknown> extends ObservationWrapper<Float32Array, InnerObs, Act> {
  private readonly flatSpace: Box;
  private readonly innerSpace: Space<InnerObs>;

  constructor(env: Env<InnerObs, Act>) {
    super(env);
    this.innerSpace = env.observationSpace;
    this.flatSpace = flattenSpace(env.observationSpace);
  }

  override get observationSpace(): Box {
    return this.flatSpace;
  }

  observation(observation: InnerObs): Float32Array {
    return flatten(this.innerSpace, observation);
  }
}
