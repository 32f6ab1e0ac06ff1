import { describe, expect, it } from 'vitest';
import { compileSlotCount } from '../../src/memory/slot-count.js';
import { ConfigError } from '../../src/util/errors.js';

describe('compileSlotCount', () => {
  it('evaluates the default ceil(2*sqrt(numKeys)) and clamps to [minSlots, maxSlots]', () => {
    const f = compileSlotCount({ minSlots: 2, maxSlots: 16, variables: ['numKeys'] });
    expect(f({ numKeys: 9 })).toBe(6); // ceil(6)
    expect(f({ numKeys: 10 })).toBe(7); // ceil(6.32)
    expect(f({ numKeys: 0 })).toBe(2); // 0 → minSlots
    expect(f({ numKeys: 100 })).toBe(16); // 20 → maxSlots
  });
  it('rounds to the nearest integer', () => {
    const f = compileSlotCount({ expression: 'numKeys / 2 + length / 10', minSlots: 1, maxSlots: 64, variables: ['numKeys', 'length'] });
    expect(f({ numKeys: 5, length: 0 })).toBe(3); // 2.5 → 3
    expect(f({ numKeys: 4, length: 4 })).toBe(2); // 2.4 → 2
  });
  it('rejects an unknown variable or bad syntax at compile time', () => {
    expect(() => compileSlotCount({ expression: 'ceil(2*sqrt(numKey))', minSlots: 1, maxSlots: 8, variables: ['numKeys'] })).toThrow(
      /unknown variable "numKey" \(did you mean "numKeys"\?\)/,
    );
    expect(() => compileSlotCount({ expression: 'ceil(2*', minSlots: 1, maxSlots: 8, variables: ['numKeys'] })).toThrow(ConfigError);
    expect(() => compileSlotCount({ minSlots: 4, maxSlots: 2, variables: ['numKeys'] })).toThrow(
      'expected an integer >= minSlots (4), got 2',
    );
  });
  it('throws ConfigError on a missing variable or a non-finite result', () => {
    const f = compileSlotCount({ expression: 'log(numKeys)', minSlots: 1, maxSlots: 8, variables: ['numKeys'] });
    expect(() => f({})).toThrow('expected variable "numKeys" to be a finite number, got undefined');
    expect(() => f({ numKeys: 0 })).toThrow(/must give a finite number, got -Infinity/);
  });
});
