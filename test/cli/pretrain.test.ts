/**
 * `memgym pretrain` end to end on a tiny config: it writes a checkpoint the envs can load, a run summary
 * with the present-vs-absent check, resumes from its checkpoint, and trains through the seed's soft write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-pretrain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pretrain(config: object, out: string): { code: number | null; stdout: string; stderr: string } {
  const file = join(tmp, `${Math.abs(JSON.stringify(config).length)}-${out}.json`);
  writeFileSync(file, JSON.stringify(config));
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'memgym.js'), 'pretrain', '--config', file, '--backend', 'wasm', '--out', join(tmp, out)],
    {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tiny = (memory: 'slots' | 'softWrite', steps: number): object => ({
  family: 'recall',
  model: { dModel: 16, nHeads: 2, nLayers: 1, dFF: 32, maxSlots: 12 },
  data: { batchSize: 8, softWriteFraction: memory === 'softWrite' ? 1 : 0 },
  steps,
  logEvery: 2,
  checkpointEvery: 2,
  addressingWeight: 1,
  evalExamples: 64,
  checkpoint: join(tmp, `ck-${memory}`),
});

function evaluate(config: object, out: string): { code: number | null; stdout: string } {
  const file = join(tmp, `eval-${out}.json`);
  writeFileSync(file, JSON.stringify(config));
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'memgym.js'), 'pretrain', '--evaluate', '--config', file, '--backend', 'wasm', '--out', join(tmp, out)],
    {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: r.status, stdout: r.stdout };
}

describe('memgym pretrain', () => {
  it('writes a loadable checkpoint and resumes from it', { timeout: 120_000 }, () => {
    const first = pretrain(tiny('slots', 2), 'run1');
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/support in memory, by occupied slots/);
    expect(first.stdout.trim().split('\n').at(-1)).toMatch(/^present-memory \d\.\d{3} context \d\.\d{3} absent \d\.\d{3}$/);
    expect(existsSync(join(tmp, 'ck-slots', 'model.json'))).toBe(true);
    const second = pretrain(tiny('slots', 4), 'run2');
    expect(second.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(tmp, 'run2', 'summary.json'), 'utf8')) as { steps: number; resumedFrom: number };
    expect(summary).toMatchObject({ steps: 4, resumedFrom: 2 });
  });

  it('--evaluate splits held-out accuracy by where the support is, and writes it as JSON', { timeout: 120_000 }, () => {
    const r = evaluate(tiny('slots', 4), 'eval');
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    const m = /^present-memory (\d\.\d{3}) context (\d\.\d{3}) absent (\d\.\d{3})$/.exec(last);
    expect(m).not.toBeNull();
    const json = JSON.parse(readFileSync(join(tmp, 'eval', 'evaluation.json'), 'utf8')) as {
      byPlace: Record<'memory' | 'context' | 'absent', { accuracy: number; count: number }>;
      absentUnseen: { count: number };
      memoryByOccupied: { count: number }[];
      chance: number;
      supportReadWeight: number;
      byPreset: Record<'easy' | 'medium' | 'hard', { byPlace: Record<'memory' | 'context' | 'absent', { count: number }>; chance: number }>;
    };
    expect(json.byPlace.memory.accuracy.toFixed(3)).toBe(m?.[1]);
    expect(json.byPlace.memory.count + json.byPlace.context.count + json.byPlace.absent.count).toBeGreaterThan(32);
    expect(json.memoryByOccupied).toHaveLength(12); // the recall presets' largest maxSlots
    expect(json.chance).toBeGreaterThan(0);
    // Recall questions have one support fact: an absent one is never partly visible.
    expect(json.absentUnseen.count).toBe(json.byPlace.absent.count);
    for (const p of Object.values(json.byPreset)) expect(p.chance).toBeGreaterThanOrEqual(0);
    expect(json.supportReadWeight).toBeGreaterThan(0);
    expect(json.supportReadWeight).toBeLessThanOrEqual(1 + 1e-6);
    const presetCount = (place: 'memory' | 'context' | 'absent'): number =>
      Object.values(json.byPreset).reduce((a, p) => a + p.byPlace[place].count, 0);
    expect(presetCount('memory')).toBe(json.byPlace.memory.count);
    expect(presetCount('absent')).toBe(json.byPlace.absent.count);
    expect(r.stdout).toMatch(/by preset/);
    const missing = evaluate({ ...tiny('slots', 4), checkpoint: join(tmp, 'nothing-here') }, 'eval-missing');
    expect(missing.code).not.toBe(0);
  });

  it("trains through the seed's soft write", { timeout: 120_000 }, () => {
    const r = pretrain(tiny('softWrite', 2), 'soft');
    expect(r.code).toBe(0);
    const curve = JSON.parse(readFileSync(join(tmp, 'soft', 'curve.json'), 'utf8')) as { losses: number[] };
    expect(curve.losses).toHaveLength(2);
    for (const l of curve.losses) expect(Number.isFinite(l)).toBe(true);
  });
});
