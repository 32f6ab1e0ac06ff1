/**
 * Ctrl-C through the real entry points (node bin/memgym.js, npm start): the signal goes to the whole
 * process group, as a terminal sends it; the run stops after its current unit of work and still writes
 * its summary, report and trained agent (exit 130). Small configs with the ideal reader: seconds each.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive, runAndSignal, type Finished } from '../helpers/signals.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'cli', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).length : 0);

interface Summary {
  complete: boolean;
  rows: { agent: string; seedAccuracies: number[] }[];
}

function expectInterruptedCompare(out: string, r: Finished): void {
  // npm waits for the CLI, then re-raises SIGINT on itself (a shell then reports 130, too)
  expect(r.code === 130 || r.signal === 'SIGINT', `${r.code} ${r.signal} ${r.stderr}`).toBe(true);
  expect(r.stderr).toMatch(/interrupted: finishing the current step/);
  expect(r.stderr).not.toMatch(/second Ctrl-C|internal error/);
  expect(r.stdout).toMatch(/incomplete: interrupted/);
  expect(r.stdout).toMatch(/report: .*report\.html/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  expect(summary.complete).toBe(false);
  // the fixed policies' finished evaluations of seed 1 are in the summary; the interrupted PPO is not
  expect(summary.rows.map((row) => row.agent).sort()).toEqual(['fifo', 'lru']);
  for (const row of summary.rows) expect(row.seedAccuracies).toHaveLength(1);
  expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/INCOMPLETE \(interrupted\)/);
  expect(existsSync(join(out, 'summary.csv'))).toBe(true);
  // the partly trained agent is saved
  expect(existsSync(join(out, 'agents', 'memgym_Recall-Easy-v0--ppo--seed1', 'agent.json'))).toBe(true);
}

describe('Ctrl-C keeps the work done', () => {
  it('compare through bin/memgym.js: summary, report and the trained agent', { timeout: 150_000 }, async () => {
    const out = join(tmp, 'compare');
    const r = await runAndSignal(
      process.execPath,
      [
        join(root, 'bin', 'memgym.js'),
        'compare',
        '--config',
        join(fixtures, 'compare-interrupt.json'),
        '--out',
        out,
        '--backend',
        'wasm',
        '--workers',
        '1',
      ],
      {
        cwd: tmp,
        ready: (stdout) => /training ppo/.test(stdout) && lines(join(out, 'training', 'memgym_Recall-Easy-v0--ppo--seed1.jsonl')) >= 2,
      },
    );
    expectInterruptedCompare(out, r);
  });

  it('compare through npm start (npm relays the signal too)', { timeout: 150_000 }, async () => {
    const out = join(tmp, 'npm-start');
    // `npm start -- …` appends to `compare --config configs/main.json`; the later --config wins.
    const r = await runAndSignal(
      'npm',
      [
        '--prefix',
        root,
        '--silent',
        'start',
        '--',
        '--config',
        join(fixtures, 'compare-interrupt.json'),
        '--out',
        out,
        '--backend',
        'wasm',
        '--workers',
        '1',
      ],
      {
        cwd: tmp,
        ready: (stdout) => /training ppo/.test(stdout) && lines(join(out, 'training', 'memgym_Recall-Easy-v0--ppo--seed1.jsonl')) >= 2,
      },
    );
    expectInterruptedCompare(out, r);
  });

  for (const leaderOnly of [false, true]) {
    const how = leaderOnly ? 'SIGINT to the launcher alone: relayed to the workers' : 'Ctrl-C to the group: the workers stop too';
    it(`compare with --workers 2 (${how}); finished cells are kept and stored`, { timeout: 150_000 }, async () => {
      const out = join(tmp, `compare-workers-${leaderOnly}`);
      const cells = (): number =>
        existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')).filter((f) => f.endsWith('.json')).length : 0;
      // one worker trains PPO (for ever), the other runs fifo and lru; the signal goes once both are stored
      const r = await runAndSignal(
        process.execPath,
        [
          join(root, 'bin', 'memgym.js'),
          'compare',
          '--config',
          join(fixtures, 'compare-interrupt-workers.json'),
          '--out',
          out,
          '--backend',
          'wasm',
          '--workers',
          '2',
        ],
        { cwd: tmp, leaderOnly, ready: () => cells() >= 2 && lines(join(out, 'training', 'memgym_Recall-Easy-v0--ppo--seed1.jsonl')) >= 2 },
      );
      expectInterruptedCompare(out, r);
      expect(cells()).toBe(2);
      expect(r.stderr).not.toMatch(/worker exited/);
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`train through bin/memgym.js (${signal}): agent, updates, summary and report`, { timeout: 150_000 }, async () => {
      const out = join(tmp, `train-${signal}`);
      const r = await runAndSignal(
        process.execPath,
        [join(root, 'bin', 'memgym.js'), 'train', '--config', join(fixtures, 'train-interrupt.json'), '--out', out, '--backend', 'wasm'],
        { cwd: tmp, ready: () => lines(join(out, 'updates.jsonl')) >= 2, signal },
      );
      expect(r.code, r.stderr).toBe(130);
      expect(r.stdout).toMatch(/stopped early; agent saved to/);
      expect(existsSync(join(out, 'agent', 'agent.json'))).toBe(true);
      expect(lines(join(out, 'updates.jsonl'))).toBeGreaterThanOrEqual(2);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        stoppedEarly: boolean;
        interrupted: boolean;
        globalStep: number;
      };
      expect(summary).toMatchObject({ stoppedEarly: true, interrupted: true });
      expect(summary.globalStep).toBeGreaterThan(0);
      expect(existsSync(join(out, 'report.html'))).toBe(true);
    });
  }

  it.each([
    ['rolloutWorkers 2', 'train-interrupt-workers.json'],
    ['rolloutOverlap (a rollout in flight at the stop)', 'train-interrupt-overlap.json'],
  ])('train with %s: the agent is saved and no rollout worker outlives the CLI', { timeout: 150_000 }, async (_, config) => {
    const out = join(tmp, `train-${config}`);
    const r = await runAndSignal(
      process.execPath,
      [join(root, 'bin', 'memgym.js'), 'train', '--config', join(fixtures, config), '--out', out, '--backend', 'wasm'],
      { cwd: tmp, ready: () => lines(join(out, 'updates.jsonl')) >= 2 },
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/stopped early; agent saved to/);
    expect(r.stderr).not.toMatch(/rollout worker/);
    expect(existsSync(join(out, 'agent', 'agent.json'))).toBe(true);
    // the workers are in the CLI's process group (a terminal's Ctrl-C reached them too)
    expect(await groupAlive(r.pid)).toBe(false);
  });

  it('eval through bin/memgym.js: the finished episodes and their summary', { timeout: 150_000 }, async () => {
    const out = join(tmp, 'eval');
    const r = await runAndSignal(
      process.execPath,
      [
        join(root, 'bin', 'memgym.js'),
        'eval',
        '--agent',
        'lru',
        '--config',
        join(fixtures, 'eval-ideal.json'),
        '--episodes',
        '100000',
        '--out',
        out,
        '--backend',
        'wasm',
      ],
      { cwd: tmp, ready: () => lines(join(out, 'episodes.csv')) >= 6 },
    );
    expect(r.code, r.stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { episodes: number; accuracy: number };
    expect(summary.episodes).toBeGreaterThanOrEqual(5);
    expect(summary.episodes).toBeLessThan(100_000);
    expect(lines(join(out, 'episodes.csv'))).toBe(summary.episodes + 1); // header + every finished episode
    expect(Number.isFinite(summary.accuracy)).toBe(true);
  });

  it('a second Ctrl-C exits at once, even while the CLI is busy in one long update', { timeout: 150_000 }, async () => {
    const out = join(tmp, 'train-twice');
    const config = join(fixtures, 'train-long-update.json');
    const r = await runAndSignal(
      process.execPath,
      [join(root, 'bin', 'memgym.js'), 'train', '--config', config, '--out', out, '--backend', 'wasm'],
      { cwd: tmp, ready: (stdout) => /training ppo/.test(stdout), againAfterMs: 1500 },
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/second Ctrl-C: exiting now/);
    expect(r.exitAfterMs).toBeLessThan(1000);
    expect(existsSync(join(out, 'summary.json'))).toBe(false); // abandoned, as asked
  });
});
