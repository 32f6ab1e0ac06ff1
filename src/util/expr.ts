/**
 * Config expressions (slot count, relevance, decay schedules) compiled once with a restricted mathjs.
 *
 * The mathjs instance has the functions its security docs name as risky disabled (`import`,
 * `createUnit`, `evaluate`, `parse`, `compile`, `simplify`, `derivative`, `resolve`, …) along with the
 * non-deterministic `random`, `randomInt` and `pickRandom`, and every
 * expression is checked at compile time: it may use numbers, operators, the ternary `a ? b : c`,
 * calls of mathjs functions (`sqrt`, `ceil`, `log`, `min`, `max`, …), numeric constants (`pi`, `e`,
 * `tau`, `phi`, …) and the declared variables — nothing else (no assignments, no property access,
 * no units, no function definitions).
 */
import { all, create, type FactoryFunctionMap, type MathNode } from 'mathjs';
import { ConfigError } from './errors.js';
import { closestMatch } from './strings.js';

const math = create(all as FactoryFunctionMap, { predictable: true });
/** Captured before the global `parse` is disabled below. */
const parse = math.parse;

const DISABLED = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'rationalize',
  'parser',
  'chain',
  'reviver',
  'replacer',
  'help',
  // Non-deterministic: memgym draws randomness only from its seeded Rng.
  'random',
  'randomInt',
  'pickRandom',
] as const;

/** Rejected at compile time; `config` and `typed` cannot be overridden without breaking mathjs itself. */
/** Also rejected: the instance's event-emitter methods. */
const disabledSet: ReadonlySet<string> = new Set([...DISABLED, 'config', 'typed', 'on', 'off', 'once', 'emit']);
const mathRecord = math as unknown as Record<string, unknown>;
math.import(
  Object.fromEntries(
    DISABLED.map((name) => [
      name,
      () => {
        throw new Error(`function ${name} is disabled in memgym expressions`);
      },
    ]),
  ),
  { override: true },
);

/** Node types an expression may contain. */
const ALLOWED_NODES: ReadonlySet<string> = new Set([
  'ConstantNode',
  'SymbolNode',
  'OperatorNode',
  'ParenthesisNode',
  'FunctionNode',
  'ConditionalNode',
  'RelationalNode',
]);

/** Options of {@link compileExpression}. */
export interface CompileExpressionOptions {
  /** Variable names the expression may use; `evaluate` must be given each one it uses. */
  allowedVariables: readonly string[];
  /** What the expression is, for error messages, e.g. `memory.slotCount`. */
  name: string;
}

/** An expression compiled once, evaluated many times. */
export interface CompiledExpression {
  /** The source text. */
  readonly source: string;
  /** The name given at compile time. */
  readonly name: string;
  /** The variables the expression actually uses (a subset of the allowed ones). */
  readonly variables: readonly string[];
  /**
   * Evaluates on `vars`. Throws `ConfigError` when a used variable is missing or not a finite number,
   * or when the result is not a finite number (a boolean result, e.g. of `a > b`, counts as 1 or 0).
   */
  evaluate(vars: Readonly<Record<string, number>>): number;
}

/** True when `name` is a mathjs function an expression may call. */
function isAllowedFunction(name: string): boolean {
  return /^[a-z]/.test(name) && !disabledSet.has(name) && Object.hasOwn(mathRecord, name) && typeof mathRecord[name] === 'function';
}

/** True when `name` is a numeric mathjs constant (`pi`, `e`, `tau`, …). */
function isConstant(name: string): boolean {
  return Object.hasOwn(mathRecord, name) && typeof mathRecord[name] === 'number';
}

/**
 * Parses and checks `source` once (see the module documentation for what is allowed). Throws
 * `ConfigError` naming the expression on a syntax error (with mathjs's character position), an unknown
 * symbol (with the allowed variables and the closest one), or a disallowed construct.
 */
export function compileExpression(source: string, opts: CompileExpressionOptions): CompiledExpression {
  const { name, allowedVariables } = opts;
  if (typeof source !== 'string' || source.trim() === '') {
    throw new ConfigError(name, `expected a non-empty expression string, got ${JSON.stringify(source)}`);
  }
  let root: MathNode;
  try {
    root = parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const char = (err as { char?: unknown }).char;
    const where = typeof char === 'number' && !message.includes('(char') ? ` (char ${char})` : '';
    throw new ConfigError(name, `syntax error in expression "${source}": ${message}${where}`);
  }
  const allowed = new Set(allowedVariables);
  const used: string[] = [];
  root.traverse((node, path, parent) => {
    if (!ALLOWED_NODES.has(node.type)) {
      throw new ConfigError(
        name,
        `expression "${source}" uses ${describeNode(node.type)} ("${node.toString()}"); only numbers, variables, operators, ` +
          `"a ? b : c" and function calls are allowed`,
      );
    }
    if (node.type !== 'SymbolNode') return;
    const sym = (node as unknown as { name: string }).name;
    const isCallee = parent?.type === 'FunctionNode' && path === 'fn';
    if (isCallee) {
      if (isAllowedFunction(sym)) return;
      throw new ConfigError(name, `expression "${source}" calls unknown function "${sym}"${hint(sym, functionNames())}`);
    }
    if (allowed.has(sym)) {
      if (!used.includes(sym)) used.push(sym);
      return;
    }
    if (isConstant(sym)) return;
    const allowedList = allowedVariables.length > 0 ? allowedVariables.join(', ') : '(none)';
    throw new ConfigError(
      name,
      `expression "${source}" uses unknown variable "${sym}"${hint(sym, allowedVariables)}; allowed variables: ${allowedList}`,
    );
  });
  const code = root.compile();
  const scope = new Map<string, number>();
  return {
    source,
    name,
    variables: used,
    evaluate(vars: Readonly<Record<string, number>>): number {
      for (const v of used) {
        const value = vars[v];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new ConfigError(name, `expression "${source}": expected variable "${v}" to be a finite number, got ${String(value)}`);
        }
        scope.set(v, value);
      }
      let result: unknown;
      try {
        result = code.evaluate(scope);
      } catch (err) {
        throw new ConfigError(name, `expression "${source}" failed to evaluate: ${(err as Error).message}`);
      }
      if (typeof result === 'boolean') result = result ? 1 : 0;
      if (typeof result !== 'number' || !Number.isFinite(result)) {
        throw new ConfigError(
          name,
          `expression "${source}" must give a finite number, got ${describeResult(result)}${describeVars(vars, used)}`,
        );
      }
      return result;
    },
  };
}

let functionNameCache: string[] | undefined;
function functionNames(): string[] {
  functionNameCache ??= Object.keys(mathRecord).filter(isAllowedFunction);
  return functionNameCache;
}

function hint(sym: string, candidates: readonly string[]): string {
  const best = closestMatch(sym, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function describeNode(type: string): string {
  const map: Record<string, string> = {
    AssignmentNode: 'an assignment',
    FunctionAssignmentNode: 'a function definition',
    AccessorNode: 'a property access',
    IndexNode: 'an index',
    ObjectNode: 'an object',
    ArrayNode: 'a matrix',
    BlockNode: 'several statements',
    RangeNode: 'a range',
  };
  return map[type] ?? `a ${type}`;
}

function describeResult(result: unknown): string {
  if (typeof result === 'number') return String(result);
  if (result === null || result === undefined) return String(result);
  const type = (result as { type?: unknown }).type;
  return typeof type === 'string' ? `a ${type} (${String(result)})` : typeof result;
}

function describeVars(vars: Readonly<Record<string, number>>, used: readonly string[]): string {
  if (used.length === 0) return '';
  return ` with ${used.map((v) => `${v}=${String(vars[v])}`).join(', ')}`;
}
