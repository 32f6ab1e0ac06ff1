import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext, GlobalOptions } from '../../src/cli/command.js';
import bench, { benchOutputPath } from '../../src/cli/commands/bench.js';
import type { BaselineReport } from '../../src/bench/baseline.js';
import type { BenchReport } from '../../src/bench/report.js';
import { MemgymError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';

const dir = mkdtempSync(join(tmpdir(), 'memgym-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TINY = join(PACKAGE_ROOT, 'configs', 'bench-tiny.json');

/** Runs the command as the dispatcher would (src/cli/main.ts), collecting what it prints. */
async function runBenchCommand(
  global: Partial<GlobalOptions>,
  flags: Record<string, string | boolean> = {},
): Promise<{ code: number | void; out: string }> {
  const lines: string[] = [];
  const ctx: CommandContext = {
    global: { quiet: true, ...global },
    flags,
    positionals: [],
    logger: silentLogger(),
    print: (line) => lines.push(line),
  };
  const code = await bench.run(ctx);
  return { code, out: lines.join('\n') };
}

describe('memgym bench', () => {
  it('runs the tiny config (one child process per backend), prints the table and writes the JSON', async () => {
    const file = join(dir, 'tiny.json');
    const { code, out } = await runBenchCommand({ config: TINY, out: file });
    expect(code).toBe(0);
    expect(out).toMatch(/bench\s+unit\s+wasm\s+cpu\s+wasm\/cpu/);
    expect(out).toContain(`wrote ${file}`);
    expect(existsSync(file)).toBe(true);
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    expect(report.format).toBe('memgym-bench');
    expect(report.backends.map((b) => [b.backend, b.ok, b.isolated])).toEqual([
      ['wasm', true, true],
      ['cpu', true, true],
    ]);
    expect(report.machine.cpuCount).toBeGreaterThan(0);
    expect(typeof report.versions['@tensorflow/tfjs-backend-wasm']).toBe('string');
    for (const row of report.rows) for (const v of Object.values(row.values)) expect(Number.isFinite(v) && (v as number) > 0).toBe(true);
    expect(report.ratios.some((r) => r.kind === 'backend')).toBe(true);
    expect(report.ratios.some((r) => r.kind === 'vector-vs-single')).toBe(true);
  });

  it('--baseline HEAD: both trees per item, interleaved, with ratios; the temporary worktree is removed', async () => {
    // The tiny config without its env benches: two items (PPO, MAT forward), four child processes.
    const config = join(dir, 'tiny-baseline.json');
    const tinyJson = JSON.parse(readFileSync(TINY, 'utf8')) as Record<string, Record<string, unknown>>;
    writeFileSync(config, JSON.stringify({ ...tinyJson, env: { ...tinyJson.env, enabled: false } }));
    // Paths only: another worktree's HEAD may move while this runs.
    const worktrees = (): string =>
      execFileSync('git', ['-C', PACKAGE_ROOT, 'worktree', 'list', '--porcelain'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.startsWith('worktree '))
        .join('\n');
    const before = worktrees();
    const file = join(dir, 'baseline.json');
    const { code, out } = await runBenchCommand({ config, out: file, backend: 'wasm' }, { baseline: 'HEAD' });
    expect(code).toBe(0);
    expect(out).toMatch(/bench\s+unit\s+baseline HEAD\s+current\s+current\/baseline/);
    const report = JSON.parse(readFileSync(file, 'utf8')) as BaselineReport & { format: string };
    expect(report.format).toBe('memgym-bench-baseline');
    expect(report.failures).toEqual([]);
    const ids = report.rows.map((r) => r.id);
    for (const id of ['ppo.B2.T8', 'ppo.B2.T8.update', 'policy.forward.B4', 'mat.answer.B2', 'mat.answer.B2.kernels'])
      expect(ids).toContain(id);
    for (const row of report.rows) {
      expect(row.baseline).toBeGreaterThan(0);
      expect(row.current).toBeGreaterThan(0);
      // One round: the median of one paired ratio is that ratio.
      expect(row.rounds).toHaveLength(1);
      expect(row.ratio).toBeCloseTo((row.current as number) / (row.baseline as number), 10);
    }
    // Same code on both sides: identical kernel counts.
    for (const row of report.rows.filter((r) => r.unit === 'kernels')) expect(row.ratio).toBe(1);
    expect(worktrees()).toBe(before);
  }, 180_000);

  it('--baseline with no commit is a usage error', async () => {
    await expect(runBenchCommand({ config: TINY }, { baseline: 'no-such-ref-xyz' })).rejects.toThrow(/--baseline: expected a git commit/);
  });

  it('rejects an unknown backend with a usage error', async () => {
    await expect(runBenchCommand({ config: TINY }, { backends: 'wasm,gpu' })).rejects.toThrow(MemgymError);
    await expect(runBenchCommand({ config: TINY, backend: 'gpu' })).rejects.toThrow(/--backends: expected a comma list of .*got "gpu"/);
  });

  it('--out: a .json file as given, a directory gets bench-<timestamp>.json, default runs/', () => {
    const date = new Date('2025-03-04T05:06:07.890Z');
    expect(benchOutputPath('/x/y.json', date)).toBe('/x/y.json');
    expect(benchOutputPath('/x/out', date)).toBe('/x/out/bench-2025-03-04_05-06-07.json');
    expect(benchOutputPath(undefined, date)).toBe(join(process.cwd(), 'runs', 'bench-2025-03-04_05-06-07.json'));
  });
});
