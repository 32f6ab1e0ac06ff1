/** Building policy networks from specs, and loading them from checkpoints. */
import { z } from 'zod';
import { array, number } from '../../util/schemas.js';
import { parseConfig } from '../../util/zod-config.js';
import { CheckpointError, ConfigError } from '../../util/errors.js';
import type { EncoderSpec } from './encoders.js';
import { MlpPolicy, type MlpPolicyConfig } from './mlp-policy.js';
import { RecurrentSlotPolicy, type RecurrentSlotPolicyConfig } from './recurrent-slot-policy.js';
import { RecurrentMlpPolicy, DEFAULT_RECURRENT_HIDDEN, type RecurrentMlpPolicyConfig } from './recurrent-mlp-policy.js';
import { readWeightsManifest, type PolicyNetwork, type PolicyNetworkSpec } from './network.js';
import { SlotPolicy, memoryActionCount, type SlotPolicyConfig } from './slot-policy.js';

/** The network kinds: `auto` = slot policy for memory observations, MLP otherwise. */
export const NETWORK_KINDS = ['auto', 'slot', 'mlp'] as const;
/** Which network an agent uses: `auto` = slot policy for memory observations, MLP otherwise. */
export type NetworkKind = (typeof NETWORK_KINDS)[number];

/** Network choice plus its size knobs. */
export interface NetworkOptions {
  kind?: NetworkKind;
  /** MLP hidden widths (default [64, 64]). */
  hidden?: number[];
  /** Slot-policy width (default 32: as good as 64 on the recall presets, at half the cost). */
  slotHidden?: number;
  /** Slot policy: relative slot statistics (default true); see {@link SlotPolicyConfig}. */
  slotRelative?: boolean;
  /** Slot policy: set context in the second slot layer (default true). */
  slotSetContext?: boolean;
  /** Slot policy: factored operation/slot logits (default true). */
  slotFactored?: boolean;
  /**
   * A recurrent policy (default false): a GRU over the observations whose state feeds the actor and
   * critic, trained with sequence minibatches: with the slot policy a GRU over [item; global]
   * (recurrent-slot-policy.ts), with the MLP one over the whole observation (recurrent-mlp-policy.ts).
   */
  recurrent?: boolean;
  /** GRU units of a recurrent policy (default 32); only with `recurrent: true`. */
  recurrentHidden?: number;
}

const networkOptionsSchema = z
  .strictObject({
    kind: z.enum(NETWORK_KINDS).optional(),
    hidden: array(number({ integer: true, min: 1 }), { minLength: 1 }).optional(),
    slotHidden: number({ integer: true, min: 1 }).optional(),
    slotRelative: z.boolean().optional(),
    slotSetContext: z.boolean().optional(),
    slotFactored: z.boolean().optional(),
    recurrent: z.boolean().optional(),
    recurrentHidden: number({ integer: true, min: 1 }).optional(),
  })
  .refine((o) => o.recurrentHidden === undefined || o.recurrent === true, {
    path: ['recurrentHidden'],
    message: 'expected it only with "recurrent": true, got no recurrent policy',
  });

/**
 * Validates network options (a config's or a constructor's `network`): an unknown kind or key is a
 * `ConfigError` with a "did you mean" (`kind: "transformer"` must not silently train an MLP).
 */
export function parseNetworkOptions(value: unknown, path = 'network'): NetworkOptions {
  return parseConfig(networkOptionsSchema, value ?? {}, path);
}

/** Builds a network from a spec (as stored in `weights.json`), initialised from `seed`. */
export function createPolicyNetwork(spec: PolicyNetworkSpec, seed: number | string = 0): PolicyNetwork {
  if (spec.kind === 'mlp') return new MlpPolicy(spec.config as unknown as MlpPolicyConfig, { seed });
  if (spec.kind === 'slot') return new SlotPolicy(spec.config as unknown as SlotPolicyConfig, { seed });
  if (spec.kind === 'recurrent-mlp') return new RecurrentMlpPolicy(spec.config as unknown as RecurrentMlpPolicyConfig, { seed });
  if (spec.kind === 'recurrent-slot') return new RecurrentSlotPolicy(spec.config as unknown as RecurrentSlotPolicyConfig, { seed });
  throw new ConfigError('network.kind', `expected "mlp", "slot", "recurrent-mlp" or "recurrent-slot", got ${JSON.stringify(spec.kind)}`);
}

/**
 * The network spec for an encoder and action count. `auto` uses the slot policy for the memory
 * encoder; the slot policy needs the memory encoder and numActions = 3 + 2S + 2.
 */
export function networkSpecFor(encoder: EncoderSpec, numActions: number, opts: NetworkOptions = {}): PolicyNetworkSpec {
  const kind = opts.kind ?? 'auto';
  if (kind === 'slot' || (kind === 'auto' && encoder.kind === 'memory')) {
    if (encoder.kind !== 'memory') {
      throw new ConfigError(
        'network.kind',
        'expected memory observations {item, slots, global, actionMask} for the slot policy, got other observations',
      );
    }
    if (numActions !== memoryActionCount(encoder.maxSlots)) {
      throw new ConfigError(
        'network.kind',
        `expected ${memoryActionCount(encoder.maxSlots)} actions (3 + 2·${encoder.maxSlots} + 2) for the slot policy, got ${numActions}`,
      );
    }
    const config: SlotPolicyConfig = {
      itemDim: encoder.itemDim,
      globalDim: encoder.globalDim,
      maxSlots: encoder.maxSlots,
      slotFeatures: encoder.slotFeatures,
      hidden: opts.slotHidden ?? 32,
      relative: opts.slotRelative ?? true,
      setContext: opts.slotSetContext ?? true,
      factored: opts.slotFactored ?? true,
    };
    if (opts.recurrent === true) {
      const recurrent: RecurrentSlotPolicyConfig = { ...config, recurrentHidden: opts.recurrentHidden ?? DEFAULT_RECURRENT_HIDDEN };
      return { kind: 'recurrent-slot', config: { ...recurrent } };
    }
    return { kind: 'slot', config: { ...config } };
  }
  const inputSize =
    encoder.kind === 'memory'
      ? encoder.itemDim + encoder.maxSlots * encoder.slotFeatures + encoder.globalDim
      : encoder.sizes.reduce((a, b) => a + b, 0);
  const config: MlpPolicyConfig = { inputSize, numActions, hidden: opts.hidden ?? [64, 64] };
  if (opts.recurrent === true) {
    const recurrent: RecurrentMlpPolicyConfig = { ...config, recurrentHidden: opts.recurrentHidden ?? DEFAULT_RECURRENT_HIDDEN };
    return { kind: 'recurrent-mlp', config: { ...recurrent } };
  }
  return { kind: 'mlp', config: { ...config } };
}

/**
 * Builds the network described by `dir/weights.json` and loads its weights. `configOverrides` changes the
 * config before building, e.g. `{ maxSlots: 8 }` to run slot-policy weights at another slot count.
 */
export async function loadPolicyNetwork(dir: string, configOverrides: Record<string, unknown> = {}): Promise<PolicyNetwork> {
  const manifest = await readWeightsManifest(dir);
  let net: PolicyNetwork;
  try {
    net = createPolicyNetwork({ kind: manifest.network.kind, config: { ...manifest.network.config, ...configOverrides } });
  } catch (err) {
    throw new CheckpointError(`expected a buildable network spec in ${dir}, got: ${(err as Error).message}`);
  }
  try {
    await net.load(dir);
  } catch (err) {
    net.dispose();
    throw err;
  }
  return net;
}
