import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend, selectBackend } from '../../src/model/backend.js';
import { ModelError } from '../../src/util/errors.js';

describe('selectBackend', () => {
  it('auto falls through the native backends to wasm and reports every attempt', async () => {
    const sel = await selectBackend();
    expect(sel.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(sel.tried.slice(0, 2).every((t) => !t.ok && typeof t.error === 'string')).toBe(true);
    expect(sel.tried[2]).toEqual({ name: 'wasm', ok: true });
    expect(currentBackend()).toBe('wasm');
  });

  it('is idempotent: a second call returns the cached selection', async () => {
    const a = await selectBackend({ preferred: 'wasm' });
    const b = await selectBackend({ preferred: 'wasm' });
    expect(b).toBe(a);
    expect(b.backend).toBe('wasm');
  });

  it('an explicit backend that cannot load is an error, and leaves the active backend alone', async () => {
    await selectBackend({ preferred: 'wasm' });
    await expect(selectBackend({ preferred: 'tensorflow' })).rejects.toThrow(ModelError);
    await expect(selectBackend({ preferred: 'tensorflow-gpu' })).rejects.toThrow(/expected backend "tensorflow-gpu" to load/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name', async () => {
    await expect(selectBackend({ preferred: 'webgpu' as never })).rejects.toThrow(/expected a backend in auto/);
  });

  it('can switch to cpu and back to wasm', async () => {
    expect((await selectBackend({ preferred: 'cpu' })).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
