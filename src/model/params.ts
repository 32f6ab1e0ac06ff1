/**
 * A named set of trainable tf.Variables with seeded initialisers (values drawn from {@link Rng}, so the
 * initial weights are identical on every backend).
 */
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import { Rng } from '../util/rng.js';

/** A named trainable weight. */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/** The trainable weights of a model, in creation order. */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly rng: Rng;
  private disposed = false;

  constructor(seed: number) {
    this.rng = new Rng(`mat-init:${seed}`);
  }

  private add(name: string, values: Float32Array, shape: number[]): tf.Variable {
    if (this.vars.has(name)) throw new ModelError(`duplicate weight name "${name}"`);
    const init = tf.tensor(values, shape, 'float32');
    const v = tf.variable(init, true);
    init.dispose();
    this.vars.set(name, v);
    return v;
  }

  /** A weight with entries drawn from N(0, std²). */
  normal(name: string, shape: number[], std: number): tf.Variable {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = this.rng.normal(0, std);
    return this.add(name, values, shape);
  }

  /** A weight filled with one value. */
  constant(name: string, shape: number[], value: number): tf.Variable {
    const n = shape.reduce((a, b) => a * b, 1);
    return this.add(name, new Float32Array(n).fill(value), shape);
  }

  /** The weight called `name`. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new ModelError(`expected a weight named "${name}", none exists`);
    return v;
  }

  /** All weights in creation order. */
  list(): NamedVariable[] {
    return [...this.vars].map(([name, variable]) => ({ name, variable }));
  }

  /** The bare variables in creation order (for gradients). */
  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Number of scalar parameters. */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees every variable; further use throws. */
  dispose(): void {
    if (this.disposed) return;
    for (const v of this.vars.values()) v.dispose();
    this.disposed = true;
  }
}
