/**
 * Typed errors. Every error says what was expected and what came, e.g.
 * `expected an integer in [0, 12), got 14`. Catch `MemgymError` to handle all of them.
 */
export class MemgymError extends Error {
  /** A stable machine-readable code, e.g. `INVALID_ACTION`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An action outside the action space, or masked out. */
export class InvalidActionError extends MemgymError {
  constructor(message: string) {
    super('INVALID_ACTION', message);
  }
}

/** `step` called before `reset`, or after the episode ended without a reset. */
export class ResetNeededError extends MemgymError {
  constructor(message = 'cannot call step() before reset(); call reset() first') {
    super('RESET_NEEDED', message);
  }
}

/** A malformed config: unknown key, wrong type, bad expression, out-of-range value. */
export class ConfigError extends MemgymError {
  /** Dotted path of the offending key, e.g. `memory.slotCount`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super('CONFIG', path ? `config ${path}: ${message}` : `config: ${message}`);
    this.path = path;
  }
}

/** `make(id)` with an id that is not registered. */
export class UnknownEnvError extends MemgymError {
  readonly id: string;
  readonly suggestion: string | undefined;
  constructor(id: string, suggestion: string | undefined, known: readonly string[]) {
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
    super('UNKNOWN_ENV', `unknown env id "${id}".${hint} Registered: ${known.join(', ') || '(none)'}`);
    this.id = id;
    this.suggestion = suggestion;
  }
}

/** A value that does not belong to a space, or a space built with bad arguments. */
export class SpaceError extends MemgymError {
  constructor(message: string) {
    super('SPACE', message);
  }
}

/** A missing, corrupt or mismatched checkpoint. */
export class CheckpointError extends MemgymError {
  constructor(message: string) {
    super('CHECKPOINT', message);
  }
}

/** A user-supplied agent module that does not implement the Agent interface. */
export class AgentError extends MemgymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AGENT', message, options);
  }
}

/** A memory-bank or memory-math call with bad arguments: slot out of range, wrong vector length. */
export class MemoryError extends MemgymError {
  constructor(message: string) {
    super('MEMORY', message);
  }
}

/** A bad input to the MAT (src/model): wrong array length, token out of the vocabulary, backend failure. */
export class ModelError extends MemgymError {
  constructor(message: string) {
    super('MODEL', message);
  }
}

/** `checkEnv` found a violation of the env contract. */
export class EnvCheckError extends MemgymError {
  constructor(message: string) {
    super('ENV_CHECK', message);
  }
}

/** A bad input to the reporting library (src/report): mismatched lengths, a level outside (0, 1), an unknown column. */
export class ReportError extends MemgymError {
  constructor(message: string) {
    super('REPORT', message);
  }
}

/** Formats a value for error messages, short and unambiguous. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

/**
 * An agent returned an action that is not a valid one: not an integer, out of range, masked out, or a
 * Promise (an `async act`). Names the agent, the sub-env and the value.
 */
export class AgentActionError extends MemgymError {
  /** The agent's name. */
  readonly agent: string;
  /** The sub-env (index in the batch) the action was for. */
  readonly subEnv: number;
  /** What the agent returned. */
  readonly value: unknown;
  constructor(agent: string, subEnv: number, value: unknown, problem: string) {
    super('AGENT_ACTION', `agent '${agent}' (sub-env ${subEnv}): ${problem}`);
    this.agent = agent;
    this.subEnv = subEnv;
    this.value = value;
  }
}

/**
 * A rollout worker process (on-policy training with `rolloutWorkers` > 1 or `rolloutOverlap`) could not
 * start, failed, or exited; or the options ask for something worker processes cannot do. Names the worker
 * and its envs.
 */
export class RolloutWorkerError extends MemgymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ROLLOUT_WORKER', message, options);
  }
}
