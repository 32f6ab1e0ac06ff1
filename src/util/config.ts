/**
 * Typed config validation without a schema library. Build a schema with {@link t}; {@link parseConfig}
 * checks a value against it and returns it fully typed (the type is inferred from the schema), with
 * defaults applied; every problem is a `ConfigError` naming the dotted path, what was expected and
 * what came, e.g. `config train.lr: expected a number, got string "3"`.
 *
 * ```ts
 * const schema = t.object({
 *   lr: t.optional(t.number({ min: 0 }), 3e-4),
 *   agent: t.string({ oneOf: ['ppo', 'a2c'] }),
 *   slotCount: t.expression({ variables: ['numKeys'] }),
 * });
 * const cfg = parseConfig(schema, json); // { lr: number; agent: 'ppo' | 'a2c'; slotCount: CompiledExpression }
 * ```
 */
import { readFileSync } from 'node:fs';
import { ConfigError, describeValue } from './errors.js';
import { compileExpression, type CompiledExpression } from './expr.js';
import { closestMatch } from './strings.js';

/**
 * A schema: validates an unknown value into `Out`. `In` is the accepted JSON-side type (used to type
 * defaults). `optional` is true when an object may omit the key.
 */
export interface Schema<Out, In = Out> {
  /** What the schema accepts, for messages: "an integer in [1, 64]". */
  readonly expected: string;
  readonly optional: boolean;
  /** Validates `value` found at `path`; throws `ConfigError`. */
  parse(value: unknown, path: string): Out;
  /** Type-level only: never set. */
  readonly __input?: In;
}

/** A schema whose key may be omitted from an object. */
export interface OptionalSchema<Out, In> extends Schema<Out, In> {
  readonly optional: true;
}

/** The validated type of a schema. */
export type Infer<S> = S extends Schema<infer O, unknown> ? O : never;
/** The accepted input type of a schema. */
export type InputOf<S> = S extends Schema<unknown, infer I> ? I : never;

export type AnySchema = Schema<unknown, unknown>;
/** The fields of an object schema. */
export type Shape = Record<string, AnySchema>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OutOptionalKeys<S extends Shape, O extends PropertyKey> = {
  [K in keyof S]: K extends O ? K : undefined extends Infer<S[K]> ? K : never;
}[keyof S];
type InOptionalKeys<S extends Shape, O extends PropertyKey> = {
  [K in keyof S]: K extends O ? K : S[K] extends { readonly optional: true } ? K : never;
}[keyof S];
/** The validated type of an object schema with shape `S` and optional keys `O`. */
export type ObjectOut<S extends Shape, O extends PropertyKey> = Simplify<
  { [K in Exclude<keyof S, OutOptionalKeys<S, O>>]: Infer<S[K]> } & { [K in OutOptionalKeys<S, O>]?: Infer<S[K]> }
>;
/** The accepted input type of an object schema with shape `S` and optional keys `O`. */
export type ObjectIn<S extends Shape, O extends PropertyKey> = Simplify<
  { [K in Exclude<keyof S, InOptionalKeys<S, O>>]: InputOf<S[K]> } & { [K in InOptionalKeys<S, O>]?: InputOf<S[K]> }
>;

/** Options of {@link t.number}. */
export interface NumberOptions {
  min?: number;
  max?: number;
  /** Exclude `min` itself (default false). */
  minExclusive?: boolean;
  /** Exclude `max` itself (default false). */
  maxExclusive?: boolean;
  integer?: boolean;
}

/** Options of {@link t.array}. */
export interface ArrayOptions {
  minLength?: number;
  maxLength?: number;
  /** No two elements equal (compared with `===`; for arrays of numbers or strings). */
  unique?: boolean;
}

/** "got string \"3\"", "got number 3", "got null", "got array(2)". */
function got(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return `got ${typeof value} ${describeValue(value)}`;
  }
  return `got ${describeValue(value)}`;
}

function fail(path: string, message: string): never {
  throw new ConfigError(path, message);
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function schema<Out, In = Out>(expected: string, parse: (value: unknown, path: string) => Out): Schema<Out, In> {
  return { expected, optional: false, parse };
}

function numberExpected(o: NumberOptions): string {
  const kind = o.integer ? 'an integer' : 'a number';
  const { min, max } = o;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${o.minExclusive ? '(' : '['}${min}, ${max}${o.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${o.minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${o.maxExclusive ? '<' : '<='} ${max}`;
  return kind;
}

function parseNumber(o: NumberOptions, expected: string, value: unknown, path: string): number {
  if (typeof value !== 'number') return fail(path, `expected ${o.integer ? 'an integer' : 'a number'}, ${got(value)}`);
  if (!Number.isFinite(value)) return fail(path, `expected a finite number, got ${value}`);
  if (o.integer && !Number.isInteger(value)) return fail(path, `expected ${expected}, got ${value}`);
  if (o.integer && !Number.isSafeInteger(value)) {
    return fail(path, `expected ${expected} and at most 2^53 − 1 (beyond it integers are not exact: n + 1 === n), got ${value}`);
  }
  const { min, max } = o;
  const low = min !== undefined && (o.minExclusive ? value <= min : value < min);
  const high = max !== undefined && (o.maxExclusive ? value >= max : value > max);
  if (low || high) return fail(path, `expected ${expected}, got ${value}`);
  return value;
}

function string(): Schema<string>;
function string<const V extends readonly [string, ...string[]]>(opts: { oneOf: V }): Schema<V[number]>;
function string(opts: { minLength?: number }): Schema<string>;
function string(opts: { oneOf?: readonly string[]; minLength?: number } = {}): Schema<string> {
  const { oneOf, minLength = 0 } = opts;
  const choices = oneOf?.map((s) => JSON.stringify(s)).join(', ');
  const expected = oneOf ? `one of ${choices}` : minLength > 0 ? `a string of length >= ${minLength}` : 'a string';
  return schema(expected, (value, path) => {
    if (typeof value !== 'string') return fail(path, `expected ${oneOf ? `a string, ${expected},` : 'a string'} ${got(value)}`);
    if (oneOf && !oneOf.includes(value)) {
      const best = closestMatch(value, oneOf);
      return fail(path, `expected ${expected}, got ${JSON.stringify(value)}${best ? `; did you mean ${JSON.stringify(best)}?` : ''}`);
    }
    if (value.length < minLength) return fail(path, `expected ${expected}, got ${JSON.stringify(value)}`);
    return value;
  });
}

function optional<S extends AnySchema>(inner: S): OptionalSchema<Infer<S> | undefined, InputOf<S> | undefined>;
function optional<S extends AnySchema>(inner: S, defaultValue: InputOf<S>): OptionalSchema<Infer<S>, InputOf<S>>;
function optional(inner: AnySchema, ...rest: unknown[]): OptionalSchema<unknown, unknown> {
  const hasDefault = rest.length > 0;
  const defaultValue = rest[0];
  return {
    expected: inner.expected,
    optional: true,
    parse(value, path) {
      if (value === undefined) return hasDefault ? inner.parse(defaultValue, path) : undefined;
      return inner.parse(value, path);
    },
  };
}

function object<S extends Shape, const O extends readonly (keyof S & string)[] = []>(
  shape: S,
  opts: { optional?: O } = {},
): Schema<ObjectOut<S, O[number]>, ObjectIn<S, O[number]>> {
  const keys = Object.keys(shape);
  const optionalKeys = new Set<string>(opts.optional ?? []);
  return schema('an object', (value, path) => {
    if (!isPlainObject(value)) return fail(path, `expected an object, ${got(value)}`);
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(shape, key)) continue;
      const best = closestMatch(key, keys);
      const hint = best ? `did you mean ${JSON.stringify(best)}?` : `known keys: ${keys.join(', ') || '(none)'}`;
      fail(joinPath(path, key), `unknown key ${JSON.stringify(key)}; ${hint}`);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const field = shape[key] as AnySchema;
      const raw = value[key];
      const keyPath = joinPath(path, key);
      if (raw === undefined && !field.optional) {
        if (optionalKeys.has(key)) continue;
        fail(keyPath, `missing required key ${JSON.stringify(key)} (expected ${field.expected})`);
      }
      const parsed = field.parse(raw, keyPath);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as ObjectOut<S, O[number]>;
  });
}

/** The schema builder. */
export const t = {
  /** A finite number, optionally an integer and within bounds (inclusive unless `minExclusive`/`maxExclusive`). */
  number(opts: NumberOptions = {}): Schema<number> {
    const expected = numberExpected(opts);
    return schema(expected, (value, path) => parseNumber(opts, expected, value, path));
  },
  /** A string; with `oneOf`, one of the given literals (typed as their union). */
  string,
  /** `true` or `false`. */
  boolean(): Schema<boolean> {
    return schema('a boolean', (value, path) => (typeof value === 'boolean' ? value : fail(path, `expected a boolean, ${got(value)}`)));
  },
  /** An array of `item`s; element paths are `path[i]`. */
  array<S extends AnySchema>(item: S, opts: ArrayOptions = {}): Schema<Infer<S>[], InputOf<S>[]> {
    const { minLength = 0, maxLength = Infinity } = opts;
    const bounds = minLength > 0 || maxLength < Infinity ? ` of length in [${minLength}, ${maxLength}]` : '';
    return schema(`an array${bounds}`, (value, path) => {
      if (!Array.isArray(value)) return fail(path, `expected an array, ${got(value)}`);
      if (value.length < minLength || value.length > maxLength) {
        return fail(path, `expected an array${bounds}, got array(${value.length})`);
      }
      const out = value.map((v, i) => item.parse(v, `${path}[${i}]`) as Infer<S>);
      if (opts.unique) {
        const first = out.findIndex((v, i) => out.indexOf(v) !== i);
        if (first >= 0) {
          const dup = out[first] as Infer<S>;
          return fail(`${path}[${first}]`, `expected unique values, got ${JSON.stringify(dup)} again (first at [${out.indexOf(dup)}])`);
        }
      }
      return out;
    });
  },
  /**
   * An object with exactly the keys of `shape`: unknown keys are errors (with a "did you mean" hint),
   * missing keys are errors unless their schema is {@link t.optional} or they are listed in `optional`.
   */
  object,
  /** A key that may be omitted: absent ⇒ `defaultValue` (validated by `inner`), or `undefined` without one. */
  optional,
  /** An object with arbitrary keys, each value an `item`. */
  record<S extends AnySchema>(item: S): Schema<Record<string, Infer<S>>, Record<string, InputOf<S>>> {
    return schema('an object', (value, path) => {
      if (!isPlainObject(value)) return fail(path, `expected an object, ${got(value)}`);
      const out: Record<string, Infer<S>> = {};
      for (const [key, v] of Object.entries(value)) out[key] = item.parse(v, joinPath(path, key)) as Infer<S>;
      return out;
    });
  },
  /** A mathjs expression over `variables`, compiled at parse time (the result keeps its `source`). */
  expression(opts: { variables: readonly string[] }): Schema<CompiledExpression, string> {
    return schema('an expression string', (value, path) => {
      if (typeof value !== 'string') return fail(path, `expected an expression string, ${got(value)}`);
      return compileExpression(value, { allowedVariables: opts.variables, name: path });
    });
  },
  /** Any value, unchecked (e.g. env kwargs validated by the env itself). */
  unknown(): Schema<unknown> {
    return schema('any value', (value) => value);
  },
};

/** Validates `value` against `schema` (see {@link t}); returns the typed value or throws `ConfigError`. */
export function parseConfig<S extends AnySchema>(schemaDef: S, value: unknown, path = ''): Infer<S> {
  return schemaDef.parse(value, path) as Infer<S>;
}

/**
 * Reads a JSON file and validates it against `schema`. Throws `ConfigError` when the file is missing or
 * unreadable, when the JSON is malformed (with line, column and the parser's message), and on any
 * validation problem (the message then ends with the file path).
 */
export function loadConfigFile<S extends AnySchema>(file: string, schemaDef: S): Infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new ConfigError('', `cannot read config file ${file}: ${reason}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = jsonErrorPosition(text, message);
    const where = pos === undefined ? '' : ` at line ${lineCol(text, pos).line} column ${lineCol(text, pos).column} (position ${pos})`;
    throw new ConfigError('', `malformed JSON in ${file}${where}: ${message}`);
  }
  try {
    return parseConfig(schemaDef, json);
  } catch (err) {
    if (err instanceof ConfigError) err.message = `${err.message} (in ${file})`;
    throw err;
  }
}

/** The parser's character offset of a JSON error; located by bisection when the message lacks it. */
function jsonErrorPosition(text: string, message: string): number | undefined {
  const m = /at position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  if (message.startsWith('Unexpected end')) return text.length;
  if (!message.startsWith('Unexpected token')) return undefined;
  // The smallest prefix that already fails with "Unexpected token" ends just after the bad character.
  const failsOnToken = (len: number): boolean => {
    try {
      JSON.parse(text.slice(0, len));
      return false;
    } catch (e) {
      return (e as Error).message.startsWith('Unexpected token');
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsOnToken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}
