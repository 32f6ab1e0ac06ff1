import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/util/errors.js';
import { compileExpression } from '../../src/util/expr.js';

const opts = { allowedVariables: ['numKeys', 'length', 'gamma'], name: 'memory.slotCount' };

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('compileExpression', () => {
  it('evaluates with functions, constants and variables', () => {
    const e = compileExpression('ceil(2 * sqrt(numKeys)) + max(length, 1) * 0 + round(pi) - round(e)', opts);
    expect(e.evaluate({ numKeys: 9, length: 3 })).toBe(6 + 3 - 3);
    expect(e.source).toContain('ceil');
    expect(e.variables).toEqual(['numKeys', 'length']);
  });

  it('lets a variable shadow a mathjs function name', () => {
    expect(compileExpression('2 * gamma', opts).evaluate({ gamma: 0.5 })).toBe(1);
  });

  it('supports conditionals and treats a boolean result as 1/0', () => {
    expect(compileExpression('numKeys > 3 ? 10 : 20', opts).evaluate({ numKeys: 5 })).toBe(10);
    expect(compileExpression('numKeys > 3', opts).evaluate({ numKeys: 1 })).toBe(0);
  });

  it('rejects an unknown variable naming the expression, the symbol, the allowed ones and the closest', () => {
    const err = errorOf(() => compileExpression('ceil(2 * sqrt(numKey))', opts));
    expect(err.path).toBe('memory.slotCount');
    expect(err.message).toBe(
      'config memory.slotCount: expression "ceil(2 * sqrt(numKey))" uses unknown variable "numKey" (did you mean "numKeys"?); ' +
        'allowed variables: numKeys, length, gamma',
    );
  });

  it('reports a syntax error with the position', () => {
    const err = errorOf(() => compileExpression('2 * (numKeys + ', opts));
    expect(err.message).toMatch(/syntax error in expression "2 \* \(numKeys \+ ": Unexpected end of expression \(char 16\)/);
  });

  it('rejects unknown and disabled functions, units, assignments and property access', () => {
    expect(() => compileExpression('sqrtt(numKeys)', opts)).toThrow('calls unknown function "sqrtt" (did you mean "sqrt"?)');
    for (const fn of ['import({}, {})', 'evaluate("1")', 'parse("1")', 'createUnit("foo")', 'random()']) {
      expect(() => compileExpression(fn, opts)).toThrow(ConfigError);
    }
    expect(() => compileExpression('2 cm', opts)).toThrow('unknown variable "cm"');
    expect(() => compileExpression('numKeys = 3', opts)).toThrow('uses an assignment');
    expect(() => compileExpression('f(x) = x', opts)).toThrow('uses a function definition');
    expect(() => compileExpression('numKeys.constructor', opts)).toThrow('uses a property access');
    expect(() => compileExpression('', opts)).toThrow('expected a non-empty expression string');
  });

  it('throws ConfigError on a non-finite or non-number result and on a missing variable', () => {
    expect(() => compileExpression('1 / (numKeys - 2)', opts).evaluate({ numKeys: 2 })).toThrow(
      'must give a finite number, got Infinity with numKeys=2',
    );
    expect(() => compileExpression('sqrt(numKeys)', opts).evaluate({ numKeys: -1 })).toThrow('got NaN');
    expect(() => compileExpression('"abc"', opts).evaluate({})).toThrow('must give a finite number, got string');
    expect(() => compileExpression('numKeys', opts).evaluate({ length: 1 })).toThrow(
      'expected variable "numKeys" to be a finite number, got undefined',
    );
  });
});
