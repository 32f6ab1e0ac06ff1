import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCapacityConfig } from '../../src/capacity/config.js';
import type { CapacityResults } from '../../src/capacity/results.js';
import { CAPACITY_FILES, runCapacity } from '../../src/capacity/run.js';
import { readJsonl } from '../../src/report/csv.js';
import { liveTensors, useWasm } from '../helpers/tf.js';

const config = parseCapacityConfig({
  vocabSize: 6,
  numLabels: 3,
  model: { widths: [2, 4, 8] },
  train: { learningRate: 0.03, maxSteps: 60 },
  nextToken: { lengths: [3], counts: [3, 6, 12] },
  seq2seq: { lengths: [3], counts: [2, 4] },
  memory: { length: 3, counts: [4, 8], widths: [4] },
});

let dir: string;
beforeAll(async () => {
  await useWasm();
  dir = mkdtempSync(path.join(tmpdir(), 'memgym-capacity-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCapacity', () => {
  it('writes every trained model, every minimum, the fits and the report', async () => {
    const out = path.join(dir, 'full');
    const before = liveTensors();
    const r = await runCapacity({ config, outDir: out });
    expect(liveTensors()).toBe(before);
    for (const f of Object.values(CAPACITY_FILES)) expect(existsSync(path.join(out, f))).toBe(true);
    expect(r.interrupted).toBe(false);
    expect(readJsonl(path.join(out, CAPACITY_FILES.trials))).toHaveLength(r.trials.length);
    expect(r.minima.filter((m) => m.variant === 'next-token').map((m) => m.count)).toEqual([3, 6, 12]);
    expect(r.minima.filter((m) => m.variant === 'memory')).toHaveLength(2);
    const seq = r.minima.find((m) => m.variant === 'seq2seq' && m.count === 4);
    expect(seq?.labels).toBe(12);
    for (const m of r.minima.filter((x) => x.params !== null)) expect(m.bitsPerParam).toBeCloseTo(m.bits / (m.params as number));
    expect(r.fits.map((f) => f.label)).toContain('seq2seq: min params vs nN');
    const json = JSON.parse(readFileSync(path.join(out, CAPACITY_FILES.results), 'utf8')) as CapacityResults;
    expect(json.minima).toHaveLength(r.minima.length);
    const html = readFileSync(path.join(out, CAPACITY_FILES.report), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Scaling exponents vs theory');
    expect(readFileSync(path.join(out, CAPACITY_FILES.minima), 'utf8').split('\n')[0]).toMatch(/^variant,length,count/);
  });

  it('stops on request and keeps the finished rows', async () => {
    const out = path.join(dir, 'stopped');
    let polls = 0;
    const r = await runCapacity({ config, outDir: out, shouldStop: () => ++polls > 4 });
    expect(r.interrupted).toBe(true);
    expect(r.minima.length).toBeLessThan(7);
    expect(readJsonl(path.join(out, CAPACITY_FILES.trials))).toHaveLength(r.trials.length);
    const saved = JSON.parse(readFileSync(path.join(out, CAPACITY_FILES.results), 'utf8')) as CapacityResults;
    expect(saved.interrupted).toBe(true);
    expect(saved.summary[0]).toMatch(/interrupted/);
  });
});
