/**
 * Both Adams on flat moment buffers (src/rl/optim.ts, src/model/optimizer.ts) against tiny per-variable
 * references — the optimisers as they were before the flat rewrite — over several steps on variables of
 * different shapes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Adam as ModelAdam } from '../../src/model/optimizer.js';
import { Adam as RlAdam } from '../../src/rl/optim.js';
import { Rng } from '../../src/util/rng.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

beforeAll(async () => {
  await useWasm();
});

const SHAPES = [[3, 4], [4], [2, 3, 2], [1]];

function variables(seed: number): tf.Variable[] {
  const rng = new Rng(seed);
  return SHAPES.map((s) =>
    tf.tidy(() =>
      tf.variable(
        tf.tensor(
          Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()),
          s,
        ),
      ),
    ),
  );
}

function gradients(rng: Rng): tf.Tensor[] {
  return SHAPES.map((s) =>
    tf.tensor(
      Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 3)),
      s,
    ),
  );
}

/** The per-variable update rule, PyTorch form (rl) or Kingma form with clipping and skipped variables (model). */
function referenceRun(kind: 'rl' | 'model', steps: number, skip: number): Float32Array[] {
  const xs = variables(1);
  const ms: tf.Tensor[] = xs.map((x) => tf.zerosLike(x));
  const vs: tf.Tensor[] = xs.map((x) => tf.zerosLike(x));
  const rng = new Rng(2);
  const [lr, b1, b2] = [0.01, 0.9, 0.999];
  const eps = kind === 'rl' ? 1e-5 : 1e-8;
  for (let t = 1; t <= steps; t++) {
    tf.tidy(() => {
      const gs = gradients(rng);
      const present = gs.filter((_, i) => i !== skip);
      const norm = tf.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(1, tf.maximum(norm, 1));
      gs.forEach((raw, i) => {
        if (i === skip) return;
        const g = kind === 'model' ? tf.mul(raw, scale) : raw;
        const m1 = tf.add(tf.mul(ms[i] as tf.Tensor, b1), tf.mul(g, 1 - b1));
        const v1 = tf.add(tf.mul(vs[i] as tf.Tensor, b2), tf.mul(tf.square(g), 1 - b2));
        tf.dispose([ms[i], vs[i]]);
        ms[i] = tf.keep(m1);
        vs[i] = tf.keep(v1);
        const x = xs[i] as tf.Variable;
        if (kind === 'rl') {
          const denom = tf.add(tf.div(tf.sqrt(v1), Math.sqrt(1 - b2 ** t)), eps);
          x.assign(tf.sub(x, tf.mul(tf.div(m1, denom), lr / (1 - b1 ** t))));
        } else {
          const stepSize = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          x.assign(tf.sub(x, tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), eps)), stepSize)));
        }
      });
    });
  }
  const out = xs.map((x) => Float32Array.from(x.dataSync()));
  tf.dispose([...xs, ...ms, ...vs]);
  return out;
}

function flatRun(kind: 'rl' | 'model', steps: number, skip: number): Float32Array[] {
  const xs = variables(1);
  const rng = new Rng(2);
  const rl = kind === 'rl' ? new RlAdam(xs, { learningRate: 0.01 }) : undefined;
  const model =
    kind === 'model'
      ? new ModelAdam(
          xs.map((variable, i) => ({ name: `p${i}`, variable })),
          { learningRate: 0.01 },
        )
      : undefined;
  for (let t = 1; t <= steps; t++) {
    tf.tidy(() => {
      const gs = gradients(rng);
      if (rl) rl.step(gs);
      else model?.apply(gs.map((g, i) => (i === skip ? undefined : g)));
    });
  }
  expect(rl?.iterations ?? model?.step).toBe(steps);
  const out = xs.map((x) => Float32Array.from(x.dataSync()));
  rl?.dispose();
  model?.dispose();
  tf.dispose(xs);
  return out;
}

function expectClose(got: Float32Array[], want: Float32Array[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as Float32Array;
    expect(g.length).toBe(w.length);
    for (let k = 0; k < g.length; k++) expect(Math.abs((g[k] as number) - (w[k] as number))).toBeLessThan(1e-6);
  });
}

describe('flat Adam equals the per-variable Adam', () => {
  it('src/rl/optim.ts (PyTorch form, ε = 1e-5) over 6 steps', () => {
    const before = liveTensors();
    expectClose(flatRun('rl', 6, -1), referenceRun('rl', 6, -1));
    expect(liveTensors()).toBe(before);
  });

  it('src/model/optimizer.ts (clipped, ε = 1e-8) over 6 steps', () => {
    expectClose(flatRun('model', 6, -1), referenceRun('model', 6, -1));
  });

  it('src/model/optimizer.ts leaves a variable without gradient unchanged', () => {
    const got = flatRun('model', 5, 1);
    expectClose(got, referenceRun('model', 5, 1));
    expect(Array.from(got[1] as Float32Array)).toEqual(Array.from((variables(1)[1] as tf.Variable).dataSync()));
  });

  it('src/model/optimizer.ts state round-trips per parameter', () => {
    const xs = variables(3);
    const named = xs.map((variable, i) => ({ name: `p${i}`, variable }));
    const a = new ModelAdam(named, { learningRate: 0.01 });
    tf.tidy(() => a.apply(gradients(new Rng(4))));
    const state = a.getState();
    expect(state.moments.map((m) => m.name)).toEqual([...named.map((p) => `m/${p.name}`), ...named.map((p) => `v/${p.name}`)]);
    expect(state.moments.map((m) => m.shape)).toEqual([...SHAPES, ...SHAPES]);
    const b = new ModelAdam(named, { learningRate: 0.01 });
    b.setState(state);
    expect(b.getState()).toEqual(state);
    a.dispose();
    b.dispose();
    tf.dispose(xs);
  });

  it('an Adam over no variables steps without error', () => {
    const a = new RlAdam([], { learningRate: 0.1 });
    tf.tidy(() => a.step([]));
    expect(a.iterations).toBe(1);
    a.dispose();
  });
});
