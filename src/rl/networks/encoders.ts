/**
 * Observation encoders: turn an array of observations into one B × featureSize Float32Array (and so
 * one tensor per batch), and pull out each observation's action mask.
 *
 * - `memory`: the memory envs' Dict observation (item, slots, global, actionMask) → item ‖ slots ‖ global,
 *   the layout the slot policy splits again.
 * - `flat`: any numeric vector, or a record of numeric vectors/scalars concatenated in a fixed key order
 *   (`actionMask` excluded) — for tiny envs and the MLP policy.
 */
import * as tf from '@tensorflow/tfjs';
import { SLOT_FEATURE_DIM } from '../../memory/layout.js';
import { SpaceError, describeValue } from '../../util/errors.js';

/** The memory envs' observation (structural; the envs define the concrete type). */
export interface MemoryObservationLike {
  item: ArrayLike<number>;
  /** S × SLOT_FEATURE_DIM, row-major; feature 0 is `active`. */
  slots: ArrayLike<number>;
  global: ArrayLike<number>;
  actionMask: Uint8Array;
}

/** JSON description of an encoder (stored in agent checkpoints). */
export type EncoderSpec =
  | { kind: 'memory'; itemDim: number; maxSlots: number; slotFeatures: number; globalDim: number }
  | { kind: 'flat'; keys: string[] | null; sizes: number[] };

/** Turns observations into network input. */
export interface ObservationEncoder<Obs = unknown> {
  readonly spec: EncoderSpec;
  readonly featureSize: number;
  /** Writes B × featureSize features into `out` at element `offset` (a new array when omitted). */
  encode(observations: readonly Obs[], out?: Float32Array, offset?: number): Float32Array;
  /** The observation's mask of valid actions, when it carries one. */
  mask(observation: Obs): Uint8Array | undefined;
  /** `encode` + one `tf.tensor2d`. */
  toTensor(observations: readonly Obs[]): tf.Tensor2D;
}

function isNumericArray(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return true;
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}

/** True when `obs` has the memory envs' Dict shape. */
export function isMemoryObservation(obs: unknown): obs is MemoryObservationLike {
  if (obs === null || typeof obs !== 'object') return false;
  const o = obs as Record<string, unknown>;
  return isNumericArray(o.item) && isNumericArray(o.slots) && isNumericArray(o.global) && o.actionMask instanceof Uint8Array;
}

function copyInto(src: ArrayLike<number>, expected: number, out: Float32Array, at: number, what: string): void {
  if (src.length !== expected) throw new SpaceError(`expected ${what} of length ${expected}, got length ${src.length}`);
  for (let i = 0; i < expected; i++) out[at + i] = src[i] as number;
}

abstract class BaseEncoder<Obs> implements ObservationEncoder<Obs> {
  abstract readonly spec: EncoderSpec;
  abstract readonly featureSize: number;
  protected abstract encodeOne(obs: Obs, out: Float32Array, at: number): void;
  abstract mask(observation: Obs): Uint8Array | undefined;

  encode(observations: readonly Obs[], out?: Float32Array, offset = 0): Float32Array {
    const F = this.featureSize;
    const target = out ?? new Float32Array(observations.length * F);
    if (target.length < offset + observations.length * F) {
      throw new RangeError(`expected an output of length ≥ ${offset + observations.length * F}, got ${target.length}`);
    }
    for (let b = 0; b < observations.length; b++) this.encodeOne(observations[b] as Obs, target, offset + b * F);
    return target;
  }

  toTensor(observations: readonly Obs[]): tf.Tensor2D {
    return tf.tensor2d(this.encode(observations), [observations.length, this.featureSize]);
  }
}

/** Encoder of the memory envs' Dict observation: item ‖ slots ‖ global. */
export class MemoryObservationEncoder extends BaseEncoder<MemoryObservationLike> {
  readonly spec: Extract<EncoderSpec, { kind: 'memory' }>;
  readonly featureSize: number;

  constructor(spec: Omit<Extract<EncoderSpec, { kind: 'memory' }>, 'kind'>) {
    super();
    this.spec = { kind: 'memory', ...spec };
    this.featureSize = spec.itemDim + spec.maxSlots * spec.slotFeatures + spec.globalDim;
  }

  /** The spec that fits a sample observation. */
  static specFor(sample: MemoryObservationLike): Extract<EncoderSpec, { kind: 'memory' }> {
    if (sample.slots.length % SLOT_FEATURE_DIM !== 0) {
      throw new SpaceError(`expected slots of length S × ${SLOT_FEATURE_DIM}, got length ${sample.slots.length}`);
    }
    return {
      kind: 'memory',
      itemDim: sample.item.length,
      maxSlots: sample.slots.length / SLOT_FEATURE_DIM,
      slotFeatures: SLOT_FEATURE_DIM,
      globalDim: sample.global.length,
    };
  }

  protected encodeOne(obs: MemoryObservationLike, out: Float32Array, at: number): void {
    const { itemDim, maxSlots, slotFeatures, globalDim } = this.spec;
    copyInto(obs.item, itemDim, out, at, 'item');
    copyInto(obs.slots, maxSlots * slotFeatures, out, at + itemDim, 'slots');
    copyInto(obs.global, globalDim, out, at + itemDim + maxSlots * slotFeatures, 'global');
  }

  mask(observation: MemoryObservationLike): Uint8Array {
    return observation.actionMask;
  }
}

/** Encoder of a numeric vector, or of a record of numeric vectors/scalars (keys in `spec.keys` order). */
export class FlatObservationEncoder extends BaseEncoder<unknown> {
  readonly spec: Extract<EncoderSpec, { kind: 'flat' }>;
  readonly featureSize: number;

  constructor(spec: Omit<Extract<EncoderSpec, { kind: 'flat' }>, 'kind'>) {
    super();
    this.spec = { kind: 'flat', keys: spec.keys === null ? null : [...spec.keys], sizes: [...spec.sizes] };
    this.featureSize = spec.sizes.reduce((a, b) => a + b, 0);
  }

  /** The spec that fits a sample observation. */
  static specFor(sample: unknown): Extract<EncoderSpec, { kind: 'flat' }> {
    if (isNumericArray(sample)) return { kind: 'flat', keys: null, sizes: [sample.length] };
    if (sample !== null && typeof sample === 'object') {
      const keys: string[] = [];
      const sizes: number[] = [];
      for (const [k, v] of Object.entries(sample as Record<string, unknown>)) {
        if (k === 'actionMask') continue;
        if (typeof v === 'number') sizes.push(1);
        else if (isNumericArray(v)) sizes.push(v.length);
        else throw new SpaceError(`expected observation field "${k}" to be numeric, got ${describeValue(v)}`);
        keys.push(k);
      }
      if (keys.length > 0) return { kind: 'flat', keys, sizes };
    }
    throw new SpaceError(`expected a numeric vector or a record of numeric fields as observation, got ${describeValue(sample)}`);
  }

  protected encodeOne(obs: unknown, out: Float32Array, at: number): void {
    const { keys, sizes } = this.spec;
    if (keys === null) {
      if (!isNumericArray(obs)) throw new SpaceError(`expected a numeric vector observation, got ${describeValue(obs)}`);
      copyInto(obs, sizes[0] as number, out, at, 'observation');
      return;
    }
    const rec = obs as Record<string, unknown>;
    let pos = at;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const size = sizes[k] as number;
      const v = rec[key];
      if (typeof v === 'number' && size === 1) out[pos] = v;
      else if (isNumericArray(v)) copyInto(v, size, out, pos, `observation field "${key}"`);
      else throw new SpaceError(`expected observation field "${key}" to be numeric, got ${describeValue(v)}`);
      pos += size;
    }
  }

  mask(observation: unknown): Uint8Array | undefined {
    if (observation !== null && typeof observation === 'object' && !ArrayBuffer.isView(observation)) {
      const m = (observation as { actionMask?: unknown }).actionMask;
      if (m instanceof Uint8Array) return m;
    }
    return undefined;
  }
}

/** Which encoder to infer: `auto` picks `memory` for memory observations, else `flat`. */
export type EncoderKind = 'auto' | 'memory' | 'flat';

/** Infers the encoder spec from a sample observation. */
export function inferEncoderSpec(sample: unknown, kind: EncoderKind = 'auto'): EncoderSpec {
  if (kind === 'memory' || (kind === 'auto' && isMemoryObservation(sample))) {
    if (!isMemoryObservation(sample)) {
      throw new SpaceError(`expected a memory observation {item, slots, global, actionMask}, got ${describeValue(sample)}`);
    }
    return MemoryObservationEncoder.specFor(sample);
  }
  return FlatObservationEncoder.specFor(sample);
}

/** Builds the encoder of a spec. */
export function createEncoder(spec: EncoderSpec): ObservationEncoder<unknown> {
  if (spec.kind === 'memory') return new MemoryObservationEncoder(spec) as ObservationEncoder<unknown>;
  return new FlatObservationEncoder(spec);
}
