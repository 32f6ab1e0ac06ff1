/** Parsing flag values (kept free of heavy imports: the CLI entry uses it before loading a command). */
import { MemgymError } from '../util/errors.js';

/** Bounds of an integer flag (inclusive). */
export interface IntFlagBounds {
  min?: number;
  max?: number;
}

/** The integer of `--name raw` within `bounds` (default: ≥ 0 and a safe integer), else a usage error. */
export function parseIntFlag(name: string, raw: string, { min = 0, max = Number.MAX_SAFE_INTEGER }: IntFlagBounds = {}): number {
  const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  const range =
    max === Number.MAX_SAFE_INTEGER ? (min === 0 ? 'a non-negative integer' : `an integer >= ${min}`) : `an integer in [${min}, ${max}]`;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new MemgymError(
      'USAGE',
      `--${name}: expected ${range}${max === Number.MAX_SAFE_INTEGER ? ' (at most 2^53 − 1)' : ''}, got "${raw}"`,
    );
  }
  return n;
}

/** parseArgs option specs. */
export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * `--seed -5` → `--seed=-5`: parseArgs refuses a value that starts with `-` ("argument is ambiguous"), so
 * a negative number after a flag that takes a value is attached to it (and then validated like any value).
 */
export function attachNegativeValues(args: readonly string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const long = arg.startsWith('--') ? arg.slice(2) : Object.keys(options).find((k) => arg === `-${options[k]?.short}`);
    if (long !== undefined && options[long]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${long}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
