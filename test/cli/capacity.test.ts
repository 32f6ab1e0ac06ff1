import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(path.join(tmpdir(), 'memgym-cli-capacity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function capture(stream: NodeJS.WriteStream): () => string {
  const chunks: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

describe('memgym capacity', () => {
  it('runs the tiny config end to end and writes the results and report', async () => {
    const out = path.join(dir, 'tiny');
    const stdout = capture(process.stdout);
    const code = await main(['capacity', '--config', 'configs/capacity-tiny.json', '--out', out, '--seed', '1', '--quiet']);
    expect(code).toBe(0);
    for (const f of ['config.json', 'trials.jsonl', 'minima.csv', 'results.json', 'fits.csv', 'report.html']) {
      expect(existsSync(path.join(out, f))).toBe(true);
    }
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { seed: number; backend: string; fits: unknown[] };
    expect(results.seed).toBe(1);
    expect(results.backend).toBe('wasm');
    expect(results.fits.length).toBeGreaterThan(0);
    expect(stdout()).toContain(`report: ${path.join(out, 'report.html')}`);
  });

  it('reports a bad config in one line with exit code 2', async () => {
    const stderr = capture(process.stderr);
    const code = await main(['capacity', '--config', path.join(dir, 'missing.json'), '--quiet']);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/memgym capacity: config: cannot read config file .*missing\.json: no such file/);
  });
});
