/**
 * zod schema builders whose errors read like the rest of memgym's: `expected an integer in [1, 64], got 65`,
 * `missing required key "steps" (expected an integer >= 1)`. Plain zod (`z.strictObject`, `z.enum`,
 * `z.string`, `z.boolean`, `.optional()`, `.default()`, `.prefault()`, refinements) covers the rest; its
 * issues are worded by the error map of {@link parseConfig} (src/util/zod-config.ts). What is here needs
 * more than one issue knows: a number's whole range, an array's length bounds, a compiled expression.
 *
 * ```ts
 * const schema = z.strictObject({
 *   lr: number({ min: 0, minExclusive: true }).default(3e-4),
 *   agent: z.enum(['ppo', 'a2c']),
 *   slotCount: expression(['numKeys']),
 * });
 * const cfg = parseConfig(schema, json); // { lr: number; agent: 'ppo' | 'a2c'; slotCount: CompiledExpression }
 * ```
 */
import { z } from 'zod';
import { ConfigError, describeValue } from './errors.js';
import { compileExpression, type CompiledExpression } from './expr.js';

/** Options of {@link number}. */
export interface NumberOptions {
  min?: number;
  max?: number;
  /** Exclude `min` itself (default false). */
  minExclusive?: boolean;
  /** Exclude `max` itself (default false). */
  maxExclusive?: boolean;
  integer?: boolean;
}

/** Options of {@link array}. */
export interface ArrayOptions {
  minLength?: number;
  maxLength?: number;
  /** No two elements equal (compared with `===`; for arrays of numbers or strings). */
  unique?: boolean;
}

/** What an error function of a schema receives (the parts memgym's messages use). */
interface RawIssue {
  readonly code?: string;
  readonly input?: unknown;
  readonly path?: readonly PropertyKey[];
}

/** "got string \"3\"", "got number 3", "got null", "got array(2)". */
export function got(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `got ${typeof value} ${describeValue(value)}`;
  }
  return `got ${describeValue(value)}`;
}

/** The message of an absent object key (`undefined` when the issue is not about one). */
export function missingKey(iss: RawIssue, expected: string): string | undefined {
  const key = iss.path?.[iss.path.length - 1];
  if (iss.input !== undefined || typeof key !== 'string') return undefined;
  return `missing required key ${JSON.stringify(key)} (expected ${expected})`;
}

/** "an integer in [1, 64]", "a number > 0", "an integer". */
export function numberExpected(o: NumberOptions): string {
  const kind = o.integer ? 'an integer' : 'a number';
  const { min, max } = o;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${o.minExclusive ? '(' : '['}${min}, ${max}${o.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${o.minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${o.maxExclusive ? '<' : '<='} ${max}`;
  return kind;
}

/** A finite number, optionally an integer (at most 2^53 − 1 in size) and within bounds (inclusive unless exclusive). */
export function number(opts: NumberOptions = {}): z.ZodNumber {
  const expected = numberExpected(opts);
  const kind = opts.integer ? 'an integer' : 'a number';
  const outOfRange = (iss: RawIssue): string => `expected ${expected}, got ${String(iss.input)}`;
  let s = z.number({
    error: (iss: RawIssue) => {
      const missing = missingKey(iss, expected);
      if (missing !== undefined) return missing;
      if (typeof iss.input === 'number') return `expected a finite number, got ${iss.input}`;
      return `expected ${kind}, ${got(iss.input)}`;
    },
  });
  if (opts.integer) {
    s = s.int({
      error: (iss: RawIssue) =>
        iss.code === 'invalid_type'
          ? outOfRange(iss)
          : `expected ${expected} and at most 2^53 − 1 (beyond it integers are not exact: n + 1 === n), got ${String(iss.input)}`,
    });
  }
  const { min, max } = opts;
  if (min !== undefined) s = opts.minExclusive ? s.gt(min, { error: outOfRange }) : s.gte(min, { error: outOfRange });
  if (max !== undefined) s = opts.maxExclusive ? s.lt(max, { error: outOfRange }) : s.lte(max, { error: outOfRange });
  return s;
}

/** An integer ≥ `min` (default 1), with an optional `max`. */
export function int(min = 1, max?: number): z.ZodNumber {
  return number(max === undefined ? { integer: true, min } : { integer: true, min, max });
}

/** An array of `item`s, optionally with length bounds and unique elements; element paths are `path[i]`. */
export function array<T extends z.ZodType>(item: T, opts: ArrayOptions = {}): z.ZodArray<T> {
  const { minLength = 0, maxLength = Infinity } = opts;
  const bounds = minLength > 0 || maxLength < Infinity ? ` of length in [${minLength}, ${maxLength}]` : '';
  const lengthError = (iss: RawIssue): string => `expected an array${bounds}, got ${describeValue(iss.input)}`;
  let s = z.array(item, { error: (iss: RawIssue) => missingKey(iss, `an array${bounds}`) ?? `expected an array, ${got(iss.input)}` });
  if (minLength > 0) s = s.min(minLength, { error: lengthError });
  if (maxLength < Infinity) s = s.max(maxLength, { error: lengthError });
  if (opts.unique) {
    s = s.superRefine((values, ctx) => {
      const first = values.findIndex((v, i) => values.indexOf(v) !== i);
      if (first < 0) return;
      const dup = values[first];
      ctx.addIssue({
        code: 'custom',
        path: [first],
        message: `expected unique values, got ${JSON.stringify(dup)} again (first at [${values.indexOf(dup as z.output<T>)}])`,
      });
    });
  }
  return s;
}

/** An object with any string keys, values unchecked (validated later, e.g. env kwargs by the env). */
export function looseRecord(): z.ZodRecord<z.ZodString, z.ZodUnknown> {
  return z.record(z.string(), z.unknown());
}

/** The variables each expression compiled by {@link expression} may use (to compile it again under its path). */
const expressionVariables = new WeakMap<CompiledExpression, readonly string[]>();

/**
 * A mathjs expression over `variables` (see src/util/expr.ts), compiled at parse time; a syntax error, an
 * unknown variable or a disallowed construct is an issue at the key's path. {@link parseConfig} names
 * the result after its path (the name its evaluation errors carry).
 */
export function expression(variables: readonly string[]): z.ZodPipe<z.ZodString, z.ZodTransform<CompiledExpression, string>> {
  return z
    .string({ error: (iss: RawIssue) => missingKey(iss, 'an expression string') ?? `expected an expression string, ${got(iss.input)}` })
    .transform((source, ctx) => {
      try {
        const compiled = compileExpression(source, { allowedVariables: variables, name: '' });
        expressionVariables.set(compiled, variables);
        return compiled;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message.replace(/^config: /, '') });
        return z.NEVER;
      }
    });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * `value` with every expression compiled by {@link expression} (inside plain objects and arrays)
 * compiled again under its dotted path, e.g. `kwargs.relevance.expression`.
 */
export function nameExpressions<T>(value: T, path: string): T {
  const walk = (v: unknown, p: string): unknown => {
    const variables = typeof v === 'object' && v !== null ? expressionVariables.get(v as CompiledExpression) : undefined;
    if (variables !== undefined) return compileExpression((v as CompiledExpression).source, { allowedVariables: variables, name: p });
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        const named = walk(x, `${p}[${i}]`);
        if (named !== x) v[i] = named;
      });
      return v;
    }
    if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        const named = walk(x, joinPath(p, k));
        if (named !== x) v[k] = named;
      }
      return v;
    }
    return v;
  };
  return walk(value, path) as T;
}

/** Any value, unchecked here (validated where it is used), that an object must not omit. */
export function requiredUnknown(): z.ZodUnknown {
  return z.unknown().refine((v) => v !== undefined, {
    error: (iss) => `missing required key ${JSON.stringify(String(iss.path?.at(-1) ?? ''))} (expected any value)`,
  });
}
