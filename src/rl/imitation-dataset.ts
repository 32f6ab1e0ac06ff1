/**
 * The aggregated dataset of an imitation learner (DAgger's D): encoded observations, their action masks
 * and the expert's action, in typed arrays that grow by doubling up to a capacity; beyond it the oldest
 * rows are overwritten (a ring), so memory stays bounded on long runs.
 */

/** A gathered minibatch of the dataset. */
export interface ImitationBatch {
  size: number;
  /** size × featureSize. */
  features: Float32Array;
  /** size × numActions (1 = valid). */
  masks: Uint8Array;
  labels: Int32Array;
}

/** Growable ring of (features, mask, expert action) rows. */
export class ImitationDataset {
  readonly featureSize: number;
  readonly numActions: number;
  readonly capacity: number;
  private features: Float32Array;
  private masks: Uint8Array;
  private labels: Int32Array;
  private rows = 0;
  private next = 0;

  constructor(featureSize: number, numActions: number, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`expected a positive integer capacity, got ${capacity}`);
    this.featureSize = featureSize;
    this.numActions = numActions;
    this.capacity = capacity;
    const initial = Math.min(capacity, 1024);
    this.features = new Float32Array(initial * featureSize);
    this.masks = new Uint8Array(initial * numActions);
    this.labels = new Int32Array(initial);
  }

  /** Number of rows held (≤ capacity). */
  get size(): number {
    return this.rows;
  }

  /** Adds one row: `features` (featureSize), `mask` (numActions) and the expert's action. */
  add(features: Float32Array, mask: Uint8Array, label: number): void {
    if (features.length !== this.featureSize) throw new RangeError(`expected ${this.featureSize} features, got ${features.length}`);
    if (mask.length !== this.numActions) throw new RangeError(`expected a mask of length ${this.numActions}, got ${mask.length}`);
    if (!Number.isInteger(label) || label < 0 || label >= this.numActions || mask[label] !== 1) {
      throw new RangeError(`expected an expert action in [0, ${this.numActions}) allowed by the mask, got ${label}`);
    }
    if (this.next >= this.labels.length && this.labels.length < this.capacity) this.grow();
    const i = this.next;
    this.features.set(features, i * this.featureSize);
    this.masks.set(mask, i * this.numActions);
    this.labels[i] = label;
    this.next = (i + 1) % this.capacity;
    this.rows = Math.min(this.capacity, this.rows + 1);
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.labels.length * 2);
    const f = new Float32Array(n * this.featureSize);
    f.set(this.features);
    const m = new Uint8Array(n * this.numActions);
    m.set(this.masks);
    const l = new Int32Array(n);
    l.set(this.labels);
    this.features = f;
    this.masks = m;
    this.labels = l;
  }

  /** The rows at `indices` (each in [0, size)). */
  gather(indices: ArrayLike<number>): ImitationBatch {
    const n = indices.length;
    const F = this.featureSize;
    const A = this.numActions;
    const out: ImitationBatch = { size: n, features: new Float32Array(n * F), masks: new Uint8Array(n * A), labels: new Int32Array(n) };
    for (let k = 0; k < n; k++) {
      const i = indices[k] as number;
      if (i < 0 || i >= this.rows) throw new RangeError(`expected a row in [0, ${this.rows}), got ${i}`);
      out.features.set(this.features.subarray(i * F, (i + 1) * F), k * F);
      out.masks.set(this.masks.subarray(i * A, (i + 1) * A), k * A);
      out.labels[k] = this.labels[i] as number;
    }
    return out;
  }
}
