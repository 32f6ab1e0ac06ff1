import { describe, expect, it } from 'vitest';
import { DEFAULT_MAT_CONFIG, resolveMatConfig, sameMatConfig } from '../../src/model/config.js';
import { ConfigError } from '../../src/util/errors.js';

describe('resolveMatConfig', () => {
  it('fills the defaults (D = 64, 4 heads, 2 layers, dFF = 128, W = 4)', () => {
    const c = resolveMatConfig();
    expect(c).toMatchObject({ dModel: 64, nHeads: 4, nLayers: 2, dFF: 128, contextLen: 4 });
    expect(sameMatConfig(c, { ...DEFAULT_MAT_CONFIG })).toBe(true);
    expect(resolveMatConfig({ answerLen: 3 }).answerLen).toBe(3);
  });

  it('rejects unknown keys, bad values and heads that do not divide D', () => {
    expect(() => resolveMatConfig({ dmodel: 3 } as never)).toThrow(/model\.dmodel: unknown key/);
    expect(() => resolveMatConfig({ dModel: 0 })).toThrow(ConfigError);
    expect(() => resolveMatConfig({ nLayers: 1.5 })).toThrow(/expected an integer >= 1, got 1.5/);
    expect(() => resolveMatConfig({ contextLen: -1 })).toThrow(/contextLen: expected an integer >= 0/);
    expect(() => resolveMatConfig({ dModel: 30, nHeads: 4 })).toThrow(/expected a divisor of dModel \(30\), got 4/);
  });
});
