/**
 * The recurrent policy of the memory envs: the slot policy (slot-policy.ts, its slot scorer unchanged)
 * with a GRU over the item stream. The GRU reads [item; global] of every step — not the slot table, so
 * its weights, like the slot policy's, do not depend on the slot count S and one trained network runs at
 * any S — and its state h_t joins [item; global; pooled slots] as input of the actor and critic. It
 * remembers what the current slot statistics do not show (e.g. which items came and went). The choices
 * (GRU, sequence minibatches, state at segment starts, truncated BPTT) are those of
 * recurrent-mlp-policy.ts; `forward` answers from the zero state.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.js';
import { forwardFromZeroState, Gru } from './gru.js';
import { assertPositiveIntegers, type NamedWeight } from './layers.js';
import type { PolicyNetworkSpec, PolicyOutput, RecurrentInput, RecurrentOutput, RecurrentPolicy } from './network.js';
import { DEFAULT_RECURRENT_HIDDEN } from './recurrent-mlp-policy.js';
import { SlotPolicy, type SlotPolicyConfig } from './slot-policy.js';

/** Shape of a {@link RecurrentSlotPolicy}: the slot policy's, plus the GRU width. */
export interface RecurrentSlotPolicyConfig extends Omit<SlotPolicyConfig, 'contextSize'> {
  /** GRU units (default {@link DEFAULT_RECURRENT_HIDDEN}). */
  recurrentHidden?: number;
}

/** Slot policy whose actor and critic also see a GRU state over [item; global]; see the module comment. */
export class RecurrentSlotPolicy extends SlotPolicy implements RecurrentPolicy {
  readonly stateSize: number;
  private readonly gru: Gru;

  constructor(config: RecurrentSlotPolicyConfig, opts: { seed?: number | string } = {}) {
    const size = config.recurrentHidden ?? DEFAULT_RECURRENT_HIDDEN;
    assertPositiveIntegers({ recurrentHidden: size });
    super({ ...config, contextSize: size }, opts);
    this.stateSize = size;
    this.gru = new Gru(this.itemDim + this.globalDim, size, new Rng(`${opts.seed ?? 0}/gru`));
  }

  get recurrent(): RecurrentPolicy {
    return this;
  }

  override get spec(): PolicyNetworkSpec {
    return { kind: 'recurrent-slot', config: { ...super.spec.config, recurrentHidden: this.stateSize } };
  }

  override forward(features: tf.Tensor2D): PolicyOutput {
    return forwardFromZeroState(this, features);
  }

  unroll(input: RecurrentInput): RecurrentOutput {
    this.checkInput(input.features);
    return tf.tidy(() => {
      const x = input.features;
      const N = x.shape[0];
      const offsetGlobal = this.itemDim + this.maxSlots * this.slotFeatures;
      const stream = tf.concat(
        [tf.slice(x, [0, 0], [N, this.itemDim]), tf.slice(x, [0, offsetGlobal], [N, this.globalDim])],
        1,
      ) as tf.Tensor2D;
      const { hidden, state } = this.gru.unroll(stream, input.initialState, input.episodeStarts);
      return { ...this.forwardWithContext(x, hidden), state };
    });
  }

  override namedWeights(): NamedWeight[] {
    return [...super.namedWeights(), ...this.gru.weights('gru')];
  }
}
