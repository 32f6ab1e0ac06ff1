/** Test helper: run tfjs on the wasm backend (deterministic, offline). */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/model/backend.js';

/** Selects the wasm backend once per test file. */
export async function useWasm(): Promise<typeof tf> {
  await selectBackend({ preferred: 'wasm' });
  return tf;
}
