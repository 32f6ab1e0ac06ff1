/**
 * TensorFlow.js backend selection: tensorflow-gpu → tensorflow → wasm → cpu.
 *
 * The native backends (`@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`) are optional packages, loaded
 * with a dynamic `import()` inside try/catch; wasm ships with memgym; cpu always works.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { installWasmKernels } from './wasm-kernels.js';

/** A backend memgym knows how to load. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** The backends in the order `auto` tries them. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** `auto` (default) tries {@link BACKEND_ORDER}; a named backend must load or the call throws. */
  preferred?: BackendName | 'auto';
  /** Receives one `info` line with the chosen backend and `debug` lines per failed attempt. */
  logger?: Logger;
}

/** One attempt to load a backend. */
export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  error?: string;
}

/** What {@link selectBackend} chose, and what it tried on the way. */
export interface BackendSelection {
  /** The memgym name of the active backend, e.g. `wasm`. */
  backend: BackendName;
  tried: BackendAttempt[];
}

/** The tfjs backend name registered by each memgym backend. */
const TF_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

let cached: { preferred: BackendName | 'auto'; selection: BackendSelection } | undefined;
let wasmPathsSet = false;

async function importOptional(moduleName: string): Promise<void> {
  // A variable specifier keeps TypeScript from resolving packages that may not be installed.
  await import(moduleName);
}

async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  installWasmKernels();
  if (wasmPathsSet) return;
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    wasm.setWasmPaths(path.join(path.dirname(pkg), 'dist') + path.sep);
  } catch {
    // Leave tfjs's own lookup (next to the loaded script), which works under plain Node.
  }
  wasmPathsSet = true;
}

async function tryBackend(name: BackendName): Promise<void> {
  if (name === 'tensorflow-gpu') await importOptional('@tensorflow/tfjs-node-gpu');
  else if (name === 'tensorflow') await importOptional('@tensorflow/tfjs-node');
  else if (name === 'wasm') await prepareWasm();
  const tfName = TF_NAME[name];
  if (tf.findBackendFactory(tfName) === null && tf.findBackend(tfName) === null) {
    throw new Error(`backend "${tfName}" is not registered after loading its package`);
  }
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`tf.setBackend("${tfName}") failed to initialise`);
  await tf.ready();
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

/**
 * Selects and initialises a TensorFlow.js backend.
 *
 * - `auto` tries tensorflow-gpu, tensorflow, wasm, cpu in order and keeps the first that loads.
 * - A named backend that fails to load is an error (`ModelError`), never a silent fallback: use `auto`
 *   for fallback.
 * - Idempotent: a second call with the same preference returns the cached selection at once (as long as
 *   the active tfjs backend was not changed behind memgym's back).
 *
 * @throws ModelError when the preferred backend (or, for `auto`, every backend) fails.
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendSelection> {
  const preferred = opts.preferred ?? 'auto';
  if (preferred !== 'auto' && !BACKEND_ORDER.includes(preferred)) {
    throw new ModelError(`expected a backend in auto, ${BACKEND_ORDER.join(', ')}, got ${JSON.stringify(preferred)}`);
  }
  if (cached && cached.preferred === preferred && tf.getBackend() === TF_NAME[cached.selection.backend]) {
    return cached.selection;
  }
  const candidates = preferred === 'auto' ? BACKEND_ORDER : [preferred];
  const tried: BackendAttempt[] = [];
  for (const name of candidates) {
    try {
      await tryBackend(name);
      tried.push({ name, ok: true });
      const selection: BackendSelection = { backend: name, tried };
      cached = { preferred, selection };
      opts.logger?.info({ backend: name, tried }, `tfjs backend: ${name}`);
      return selection;
    } catch (err) {
      const error = message(err);
      tried.push({ name, ok: false, error });
      opts.logger?.debug({ backend: name, error }, `tfjs backend ${name} unavailable`);
    }
  }
  const detail = tried.map((t) => `${t.name}: ${t.error ?? 'failed'}`).join('; ');
  throw new ModelError(
    preferred === 'auto'
      ? `expected one of ${BACKEND_ORDER.join(', ')} to load, all failed (${detail})`
      : `expected backend "${preferred}" to load, it failed (${detail}); use "auto" to fall back`,
  );
}

/**
 * A worker process's backend: production mode and exactly the backend its parent uses (`name`), so that
 * results do not depend on where they were computed.
 * @throws Error when another backend loads instead.
 */
export async function useParentBackend(name: string): Promise<BackendSelection> {
  tf.env().set('PROD', true);
  const selection = await selectBackend({ preferred: name as BackendName });
  if (selection.backend !== name) throw new Error(`expected backend ${name}, got ${selection.backend}`);
  return selection;
}

/** The memgym name of the active backend after {@link selectBackend}, else tfjs's own name. */
export function currentBackend(): string {
  if (cached && tf.getBackend() === TF_NAME[cached.selection.backend]) return cached.selection.backend;
  return tf.getBackend();
}
