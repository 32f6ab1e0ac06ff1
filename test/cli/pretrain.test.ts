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
  const r = spawnSync(process.execPath, [join(root, 'bin', 'memgym.js'), 'pretrain', '--config', file, '--backend', 'wasm', '--out', join(tmp, out)], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tiny = (memory: 'slots' | 'softWrite', steps: number): object => ({
  family: 'recall',
  model: { dModel: 16, nHeads: 2, nLayers: 1, dFF: 32, maxSlots: 8 },
  data: { batchSize: 8, slots: 4, memory },
  steps,
  logEvery: 2,
  checkpointEvery: 2,
  evalBatches: 1,
  checkpoint: join(tmp, `ck-${memory}`),
});

describe('memgym pretrain', () => {
  it('writes a loadable checkpoint and resumes from it', { timeout: 120_000 }, () => {
    const first = pretrain(tiny('slots', 2), 'run1');
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/held-out accuracy with the support in memory \d\.\d+ vs absent \d\.\d+/);
    expect(existsSync(join(tmp, 'ck-slots', 'model.json'))).toBe(true);
    const second = pretrain(tiny('slots', 4), 'run2');
    expect(second.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(tmp, 'run2', 'summary.json'), 'utf8')) as { steps: number; resumedFrom: number };
    expect(summary).toMatchObject({ steps: 4, resumedFrom: 2 });
  });

  it('trains through the seed\'s soft write', { timeout: 120_000 }, () => {
    const r = pretrain(tiny('softWrite', 2), 'soft');
    expect(r.code).toBe(0);
    const curve = JSON.parse(readFileSync(join(tmp, 'soft', 'curve.json'), 'utf8')) as { losses: number[] };
    expect(curve.losses).toHaveLength(2);
    for (const l of curve.losses) expect(Number.isFinite(l)).toBe(true);
  });
});
