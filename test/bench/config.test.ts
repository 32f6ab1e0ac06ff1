import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchConfig, parseBenchConfig, settingsFor } from '../../src/bench/config.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { ConfigError } from '../../src/util/errors.js';

describe('bench config', () => {
  it('fills every default', () => {
    const c = parseBenchConfig({});
    expect(c.backends).toEqual(['available']);
    expect(c.reference).toBe('wasm');
    expect(c.isolate).toBe(true);
    expect(c.env.batchSizes).toEqual([1, 8, 32]);
    expect(c.env.readers).toEqual(['mat']);
    expect(c.ppo.batchSizes).toEqual([8]);
    expect(c.model.batchSizes).toEqual([1, 8, 32]);
    expect(c.overrides).toEqual({});
  });

  it('merges per-backend overrides over the sections', () => {
    const c = parseBenchConfig({
      env: { seconds: 3, batchSizes: [1, 8] },
      overrides: { cpu: { env: { batchSizes: [8] }, model: { seconds: 0.5 } } },
    });
    const cpu = settingsFor(c, 'cpu');
    expect(cpu.env.batchSizes).toEqual([8]);
    expect(cpu.env.seconds).toBe(3);
    expect(cpu.model.seconds).toBe(0.5);
    expect(cpu.ppo).toEqual(c.ppo);
    expect(settingsFor(c, 'wasm').env.batchSizes).toEqual([1, 8]);
  });

  it('rejects bad configs with the dotted path', () => {
    const bad: [unknown, RegExp][] = [
      [{ env: { batchSize: [1] } }, /env\.batchSize: unknown key.*batchSizes/],
      [{ env: { batchSizes: [0] } }, /env\.batchSizes\[0\]/],
      [{ backends: ['wasmm'] }, /backends\[0\].*did you mean "wasm"/],
      [{ ppo: { family: 'recal' } }, /ppo\.family: unknown family "recal"/],
      [{ mat: { dModel: 10, nHeads: 4 } }, /mat\.nHeads/],
      [{ overrides: { gpu: {} } }, /overrides\.gpu: expected a backend name/],
      [{ overrides: { cpu: { env: { seconds: -1 } } } }, /overrides\.cpu\.env\.seconds/],
      [{ overrides: { cpu: { envs: {} } } }, /overrides\.cpu\.envs: unknown key/],
    ];
    for (const [value, message] of bad) {
      expect(() => parseBenchConfig(value)).toThrow(ConfigError);
      expect(() => parseBenchConfig(value)).toThrow(message);
    }
  });

  it('the packaged configs are valid', () => {
    const full = loadBenchConfig(join(PACKAGE_ROOT, 'configs', 'bench.json'));
    expect(settingsFor(full, 'cpu').env.batchSizes).toEqual([8]);
    const tiny = loadBenchConfig(join(PACKAGE_ROOT, 'configs', 'bench-tiny.json'));
    expect(tiny.backends).toEqual(['wasm', 'cpu']);
  });
});
