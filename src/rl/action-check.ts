/**
 * Validation of the actions an agent returns: every action must be a synchronous integer in
 * [0, numActions) that the action mask allows. Without it, an Int32Array would silently coerce 1.5 to 1,
 * "2" to 2 and NaN, undefined or a Promise to 0, and an evaluation would report normal-looking numbers.
 */
import { AgentActionError, describeValue } from '../util/errors.js';

/** What {@link checkAction} knows about the action space of one sub-env. */
export interface ActionConstraints {
  /** The agent's name, for the error. */
  agent: string;
  /** The sub-env's index in its batch. */
  subEnv: number;
  /** The action count n of the Discrete space (else the mask's length; else no range check). */
  numActions?: number | undefined;
  /** The valid actions now (1 = valid). */
  mask?: Uint8Array | undefined;
}

function isThenable(value: unknown): boolean {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  );
}

function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return describeValue(value);
}

const MAX_LISTED = 12;

function validList(mask: Uint8Array): string {
  const valid: number[] = [];
  for (let a = 0; a < mask.length; a++) if (mask[a] === 1) valid.push(a);
  const head = valid.slice(0, MAX_LISTED).join(', ');
  return valid.length > MAX_LISTED ? `${head}, … (${valid.length} in all)` : head || 'none';
}

/** Returns `value` as a valid action, or throws {@link AgentActionError} naming agent, sub-env and value. */
export function checkAction(value: unknown, c: ActionConstraints): number {
  const n = c.numActions ?? c.mask?.length;
  const expected = n === undefined ? 'an integer action >= 0' : `an integer action in [0, ${n})`;
  if (isThenable(value)) {
    throw new AgentActionError(
      c.agent,
      c.subEnv,
      value,
      `expected ${expected} returned synchronously, got a Promise (act() must not be async)`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (n !== undefined && value >= n)) {
    throw new AgentActionError(c.agent, c.subEnv, value, `expected ${expected}, got ${shown(value)}`);
  }
  if (c.mask !== undefined && c.mask[value] !== 1) {
    throw new AgentActionError(
      c.agent,
      c.subEnv,
      value,
      `expected an unmasked action, got ${value} (masked out; valid now: ${validList(c.mask)})`,
    );
  }
  return value;
}
