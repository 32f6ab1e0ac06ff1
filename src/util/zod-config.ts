/**
 * Config validation with zod: {@link parseConfig} checks a value against a zod schema and returns it
 * typed (`z.output` of the schema), defaults applied; the first problem is a `ConfigError` naming the
 * dotted path, what was expected and what came, e.g. `config train.lr: expected a number, got string "3"`,
 * and an unknown key gets a "did you mean". The error map below words zod's issues that way (the
 * builders of src/util/schemas.ts word their own); {@link configSchema} makes the top-level schema of a
 * config file kind, which accepts and ignores the `$schema` key editors use to find its JSON Schema.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { readJsonFile } from './json-file.js';
import { got, missingKey, nameExpressions } from './schemas.js';
import { closestMatch } from './strings.js';

/** The fields of a raw zod issue the error map reads. */
interface RawIssue {
  readonly code: string;
  readonly input?: unknown;
  readonly path?: readonly PropertyKey[];
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly minimum?: number | bigint;
  readonly origin?: string;
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
  readonly inst?: unknown;
}

const ARTICLES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  int: 'an integer',
};

function choices(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** `one of "a", "b", got "c"; did you mean "a"?` (or the type error for a non-string). */
function choiceMessage(values: readonly unknown[], input: unknown): string {
  if (typeof input !== 'string') return `expected a string, one of ${choices(values)}, ${got(input)}`;
  const best = closestMatch(
    input,
    values.filter((v): v is string => typeof v === 'string'),
  );
  return `expected one of ${choices(values)}, got ${JSON.stringify(input)}${best ? `; did you mean ${JSON.stringify(best)}?` : ''}`;
}

/** The keys of the object schema that raised an unrecognized-keys issue (`$schema` left out). */
function shapeKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return Object.keys(shape ?? {}).filter((k) => k !== '$schema');
}

/** What a schema accepts, for "missing required key" messages of the plain zod schemas. */
function describeSchema(inst: unknown): string {
  const def = (inst as { _zod?: { def?: { type?: string; entries?: Record<string, unknown> } } } | undefined)?._zod?.def;
  if (def?.type === 'enum') return `one of ${choices(Object.values(def.entries ?? {}))}`;
  if (def?.type === 'string') {
    const min = (inst as { minLength?: number | null }).minLength ?? 0;
    return min > 0 ? `a string of length >= ${min}` : 'a string';
  }
  return ARTICLES[def?.type ?? ''] ?? `a value of type ${def?.type ?? 'unknown'}`;
}

/** Words a zod issue the memgym way; `undefined` leaves zod's own message. */
function errorMap(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      const missing = missingKey(iss, describeSchema(iss.inst));
      if (missing !== undefined) return missing;
      return `expected ${ARTICLES[iss.expected ?? ''] ?? iss.expected}, ${got(iss.input)}`;
    }
    case 'invalid_value':
      return choiceMessage(iss.values ?? [], iss.input);
    case 'too_small':
      if (iss.origin === 'string') return `expected a string of length >= ${String(iss.minimum)}, got ${JSON.stringify(iss.input)}`;
      return undefined;
    case 'unrecognized_keys': {
      const key = iss.keys?.[0] ?? '';
      const known = shapeKeys(iss.inst);
      const best = closestMatch(key, known);
      const hint = best ? `did you mean ${JSON.stringify(best)}?` : `known keys: ${known.join(', ') || '(none)'}`;
      return `unknown key ${JSON.stringify(key)}; ${hint}`;
    }
    case 'invalid_key':
      return `unknown key ${JSON.stringify(iss.input)}`;
    case 'invalid_union': {
      if (iss.discriminator === undefined) return undefined;
      const options = iss.options ?? [];
      const value = (iss.input as Record<string, unknown> | undefined)?.[iss.discriminator];
      if (value === undefined) return `missing required key ${JSON.stringify(iss.discriminator)} (expected one of ${choices(options)})`;
      return choiceMessage(options, value);
    }
    default:
      return undefined;
  }
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => path[i] === k);
}

/**
 * The issue to report: the first one, unless an unknown key sits in an object on its way (an object's
 * unknown keys are reported before its fields' problems, as a reader goes through the file).
 */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  const first = issues[0];
  if (first === undefined) return undefined;
  let best = first;
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys' && isPrefix(iss.path, first.path) && (best === first || iss.path.length < best.path.length)) {
      best = iss;
    }
  }
  return best;
}

/** `memory.slots[2].size` from a base path and a zod path. */
export function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out = out === '' ? String(key) : `${out}.${String(key)}`;
  }
  return out;
}

/** The `ConfigError` of a failed parse: its first issue (see {@link firstIssue}) at `base` + the issue's path. */
export function configErrorOf(error: z.ZodError, base = ''): ConfigError {
  const iss = firstIssue(error.issues);
  if (iss === undefined) return new ConfigError(base, 'invalid value');
  const path = iss.code === 'unrecognized_keys' ? [...iss.path, iss.keys[0] ?? ''] : iss.path;
  return new ConfigError(formatPath(base, path), iss.message);
}

/** Validates `value` against `schema`; returns the typed value (defaults applied) or throws `ConfigError` at `path`. */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, path = ''): z.output<S> {
  const result = schema.safeParse(value, { error: errorMap as z.core.$ZodErrorMap });
  if (!result.success) throw configErrorOf(result.error, path);
  return nameExpressions(result.data, path);
}

/**
 * The top-level schema of a config file kind: a strict object of `shape` that also accepts a `$schema`
 * string (the JSON Schema an editor checks the file against) and leaves it out of the result.
 */
export function configSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject({ $schema: z.string().optional(), ...shape }).transform((value) => {
    const { $schema: _schema, ...rest } = value as Record<string, unknown>;
    return rest as z.output<z.ZodObject<Shape, z.core.$strict>>;
  });
}

/**
 * Reads a JSON file and validates it against `schema`. Throws `ConfigError` when the file is missing or
 * unreadable, when the JSON is malformed (with line, column and the parser's message), and on any
 * validation problem (the message then ends with the file path).
 */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const json = readJsonFile(file);
  try {
    return parseConfig(schema, json);
  } catch (err) {
    if (err instanceof ConfigError) err.message = `${err.message} (in ${file})`;
    throw err;
  }
}
