/**
 * A JSON manifest + one binary file of little-endian float32 arrays, written atomically (temp + rename),
 * read back with every inconsistency reported as a CheckpointError.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointError, describeValue } from '../util/errors.js';
import type { NamedArray } from './optimizer.js';

/** One array in a weight manifest. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset in the binary file. */
  offset: number;
  byteLength: number;
}

/** Writes `data` to `file` atomically (a temp file renamed over it). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Packs arrays into one buffer and returns the manifest entries. */
export function packArrays(arrays: NamedArray[]): { entries: WeightEntry[]; bytes: Uint8Array } {
  if (os.endianness() !== 'LE') throw new CheckpointError('expected a little-endian platform for float32 weight files');
  let total = 0;
  const entries: WeightEntry[] = arrays.map((a) => {
    const entry: WeightEntry = { name: a.name, shape: a.shape.slice(), dtype: 'float32', offset: total, byteLength: a.data.length * 4 };
    total += entry.byteLength;
    return entry;
  });
  const out = new Float32Array(total / 4);
  arrays.forEach((a, i) => out.set(a.data, (entries[i] as WeightEntry).offset / 4));
  return { entries, bytes: new Uint8Array(out.buffer) };
}

/** Reads and parses a JSON file of a checkpoint. */
export function readJson(dir: string, file: string): Record<string, unknown> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new CheckpointError(`expected a checkpoint directory at "${dir}", it does not exist`);
  }
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) throw new CheckpointError(`expected ${file} in checkpoint "${dir}", it is missing`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (err) {
    throw new CheckpointError(`${full}: expected valid JSON, got a parse error: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CheckpointError(`${full}: expected a JSON object, got ${describeValue(parsed)}`);
  }
  return parsed as Record<string, unknown>;
}

/** Checks the `format` and `formatVersion` fields of a manifest. */
export function checkFormat(json: Record<string, unknown>, file: string, format: string, version: number): void {
  if (json.format !== format) {
    throw new CheckpointError(`${file}: expected format "${format}", got ${describeValue(json.format)}`);
  }
  if (json.formatVersion !== version) {
    throw new CheckpointError(`${file}: expected formatVersion ${version}, got ${describeValue(json.formatVersion)}`);
  }
}

function isShape(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isInteger(d) && (d as number) >= 0);
}

/**
 * Reads the arrays described by `json.weights` from `dir/binFile`, checked against the expected names and
 * shapes (missing, extra, shape/size mismatch, file length).
 */
export function readArrays(
  dir: string,
  file: string,
  json: Record<string, unknown>,
  binFile: string,
  expected: { name: string; shape: number[] }[],
): Map<string, Float32Array> {
  const list = json.weights;
  if (!Array.isArray(list)) throw new CheckpointError(`${file}: expected a "weights" array, got ${describeValue(list)}`);
  const entries = new Map<string, WeightEntry>();
  list.forEach((raw: unknown, i) => {
    const e = raw as Partial<WeightEntry> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.name !== 'string' ||
      !isShape(e.shape) ||
      !Number.isInteger(e.offset) ||
      !Number.isInteger(e.byteLength)
    ) {
      throw new CheckpointError(`${file}: weights[${i}]: expected { name, shape, dtype, offset, byteLength }, got ${JSON.stringify(raw)}`);
    }
    if (e.dtype !== 'float32')
      throw new CheckpointError(`${file}: weight "${e.name}": expected dtype "float32", got ${describeValue(e.dtype)}`);
    if (entries.has(e.name)) throw new CheckpointError(`${file}: weight "${e.name}" is listed twice`);
    entries.set(e.name, e as WeightEntry);
  });
  const expectedNames = new Set(expected.map((x) => x.name));
  const missing = expected.filter((x) => !entries.has(x.name)).map((x) => x.name);
  if (missing.length > 0) throw new CheckpointError(`${file}: expected weights missing from the checkpoint: ${missing.join(', ')}`);
  const extra = [...entries.keys()].filter((n) => !expectedNames.has(n));
  if (extra.length > 0) throw new CheckpointError(`${file}: unexpected weights in the checkpoint: ${extra.join(', ')}`);
  for (const x of expected) {
    const e = entries.get(x.name) as WeightEntry;
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (e.shape.join('x') !== x.shape.join('x')) {
      throw new CheckpointError(`${file}: weight "${x.name}": expected shape [${x.shape.join(', ')}], got [${e.shape.join(', ')}]`);
    }
    if (e.byteLength !== size * 4) {
      throw new CheckpointError(`${file}: weight "${x.name}": expected byteLength ${size * 4}, got ${e.byteLength}`);
    }
  }
  const binPath = path.join(dir, binFile);
  if (!fs.existsSync(binPath)) throw new CheckpointError(`expected ${binFile} in checkpoint "${dir}", it is missing`);
  const buf = fs.readFileSync(binPath);
  const needed = [...entries.values()].reduce((s, e) => s + e.byteLength, 0);
  if (buf.byteLength !== needed) {
    throw new CheckpointError(`${binPath}: expected ${needed} bytes for the listed weights, got ${buf.byteLength}`);
  }
  const out = new Map<string, Float32Array>();
  for (const x of expected) {
    const e = entries.get(x.name) as WeightEntry;
    if (e.offset < 0 || e.offset % 4 !== 0 || e.offset + e.byteLength > buf.byteLength) {
      throw new CheckpointError(
        `${file}: weight "${x.name}": expected a 4-aligned byte range inside ${buf.byteLength} bytes, got offset ${e.offset} + ${e.byteLength}`,
      );
    }
    const copy = new Uint8Array(e.byteLength);
    copy.set(buf.subarray(e.offset, e.offset + e.byteLength));
    out.set(x.name, new Float32Array(copy.buffer));
  }
  return out;
}
