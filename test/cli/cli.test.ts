/**
 * End-to-end tests of the CLI through the real launcher (bin/memgym.js → tsx → src/cli/main.ts):
 * train → saved agent → eval → compare produce their files; bad input exits non-zero with one clear
 * line and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'cli', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function memgym(...args: string[]): Run {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'memgym.js'), ...args, '--backend', 'wasm'], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, MEMGYM_LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectCleanFailure(r: Run, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('memgym CLI', () => {
  it('train → eval the saved agent → compare write their files', { timeout: 180_000 }, () => {
    const trainDir = join(tmp, 'train');
    const train = memgym('train', '--config', join(fixtures, 'train-tiny.json'), '--out', trainDir);
    expect(train.stderr).not.toMatch(/error/i);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/backend: wasm/);
    for (const f of ['config.json', 'meta.json', 'updates.jsonl', 'summary.json', 'report.html', 'agent/agent.json']) {
      expect(existsSync(join(trainDir, f)), f).toBe(true);
    }
    const meta = JSON.parse(readFileSync(join(trainDir, 'meta.json'), 'utf8')) as { backend: string; seed: number };
    expect(meta.backend).toBe('wasm');

    const evalDir = join(tmp, 'eval');
    const ev = memgym(
      'eval',
      '--agent',
      join(trainDir, 'agent'),
      '--config',
      join(fixtures, 'train-tiny.json'),
      '--episodes',
      '3',
      '--out',
      evalDir,
    );
    // train-tiny.json has train-only keys: eval must reject them clearly...
    expectCleanFailure(ev, /unknown key/);
    // ...and accept the saved agent with its own config keys.
    const ev2 = memgym(
      'eval',
      '--agent',
      join(trainDir, 'agent'),
      '--env',
      'memgym/Recall-Easy-v0',
      '--episodes',
      '3',
      '--out',
      evalDir,
      '--config',
      join(fixtures, 'eval-ideal.json'),
    );
    expect(ev2.code).toBe(0);
    expect(ev2.stdout).toMatch(/accuracy \d\.\d{3}/);
    expect(readFileSync(join(evalDir, 'episodes.csv'), 'utf8').trim().split('\n')).toHaveLength(4);

    const cmpDir = join(tmp, 'compare');
    const cmp = memgym('compare', '--config', join(fixtures, 'compare-tiny.json'), '--out', cmpDir);
    expect(cmp.code).toBe(0);
    expect(cmp.stdout).toMatch(/oracle/);
    expect(cmp.stdout).toMatch(/report: .*report\.html/);
    for (const f of ['results.jsonl', 'episodes.csv', 'summary.json', 'summary.csv', 'report.html']) {
      expect(existsSync(join(cmpDir, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(cmpDir, 'summary.json'), 'utf8')) as {
      rows: { agent: string; seedAccuracies: number[] }[];
      complete: boolean;
    };
    expect(summary.complete).toBe(true);
    expect(summary.rows.map((r) => r.agent).sort()).toEqual(['fifo', 'lru', 'oracle', 'ppo', 'random']);
    for (const row of summary.rows) expect(row.seedAccuracies).toHaveLength(2);
    const html = readFileSync(join(cmpDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/Accuracy vs slot count/);
  });

  it('rejects bad input with a clear message and no stack trace', { timeout: 120_000 }, () => {
    expectCleanFailure(memgym('eval', '--env', 'memgym/Recal-Easy-v0', '--agent', 'lru'), /Recal-Easy-v0.*memgym\/Recall-Easy-v0/s);
    expectCleanFailure(memgym('eval', '--env', 'memgym/Recall-Easy-v0', '--agent', 'lruu'), /unknown agent "lruu"; did you mean "lru"/);
    expectCleanFailure(memgym('train', '--config', join(fixtures, 'malformed.json')), /malformed JSON .*line 2/);
    expectCleanFailure(memgym('train', '--config', join(fixtures, 'unknown-key.json')), /numEnv.*did you mean "numEnvs"/);
    expectCleanFailure(
      memgym('eval', '--agent', join(tmp, 'no-such-agent-dir/'), '--config', join(fixtures, 'eval-ideal.json')),
      /cannot import agent module|no saved agent/,
    );
    expectCleanFailure(
      memgym('eval', '--env', 'memgym/Recall-Easy-v0', '--agent', 'lru', '--config', join(fixtures, 'missing-checkpoint.json')),
      /no MAT checkpoint at .*nowhere/,
    );
    expectCleanFailure(memgym('trian'), /unknown command "trian" — did you mean "train"/);
  });
});

describe('memgym sweep', () => {
  it('runs a grid × random search as one comparison and ranks the points', () => {
    const out = join(tmp, 'sweep');
    const r = memgym('sweep', '--config', join(fixtures, 'sweep-tiny.json'), '--out', out, '--workers', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sweep ranking/);
    for (const f of ['summary.json', 'sweep.csv', 'sweep.json', 'sweep.html', 'report.html'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      swept: string[];
      points: { rank: number; learningRate: number; accuracy: number }[];
    };
    expect(sweep.swept).toEqual(['learningRate', 'entCoef']);
    expect(sweep.points.map((p) => p.rank)).toEqual([1, 2]);
    expect(sweep.points[0]!.accuracy).toBeGreaterThanOrEqual(sweep.points[1]!.accuracy);
    expect(readFileSync(join(out, 'sweep.html'), 'utf8')).toMatch(/<svg/);
  });

  it('sweeps env kwargs: each trial on its env, normalised by the random and oracle of that env', () => {
    const out = join(tmp, 'sweep-env');
    const r = memgym('sweep', '--config', join(fixtures, 'sweep-env-tiny.json'), '--out', out, '--workers', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rank\s+learningRate\s+env\.slotCount/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      rows: { env: string; agent: string; accuracy: number; slotCount: number }[];
    };
    const envs = ['Recall-Easy/ideal slotCount=1', 'Recall-Easy/ideal slotCount=6'];
    // per env: the trial's agent and its own random and oracle, nothing else
    for (const env of envs)
      expect(summary.rows.filter((row) => row.env === env).map((row) => row.agent)).toEqual(['ppo learningRate=0.003', 'random', 'oracle']);
    const row = (env: string, agent: string) => summary.rows.find((x) => x.env === env && x.agent === agent)!;
    expect(envs.map((env) => row(env, 'oracle').slotCount)).toEqual([1, 6]); // the env kwargs reached the reference cells
    expect(row(envs[0]!, 'oracle').accuracy).not.toBe(row(envs[1]!, 'oracle').accuracy);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      swept: string[];
      points: { env: string; 'env.slotCount': string; accuracy: number; normalisedScore: number }[];
    };
    expect(sweep.swept).toEqual(['learningRate', 'env.slotCount']);
    expect(sweep.points.map((p) => p['env.slotCount']).sort()).toEqual(['1', '6']);
    for (const p of sweep.points) {
      expect(p.env).toBe(`Recall-Easy/ideal slotCount=${p['env.slotCount']}`);
      const random = row(p.env, 'random').accuracy;
      const oracle = row(p.env, 'oracle').accuracy;
      expect(p.normalisedScore).toBeCloseTo((p.accuracy - random) / (oracle - random), 9);
    }
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).toMatch(/^rank,env,agent,learningRate,env\.slotCount,accuracy/);
    // a rerun with the same --out finds every cell (the env kwargs are in the keys)
    const again = memgym('sweep', '--config', join(fixtures, 'sweep-env-tiny.json'), '--out', out, '--workers', '1');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/resuming: 12 of 12 cells stored/);
  });

  it('rejects an unknown env kwarg name with the env kwargs error and a did-you-mean, before any work', () => {
    const bad = join(tmp, 'sweep-bad-env.json');
    writeFileSync(bad, JSON.stringify({ env: 'memgym/Recall-Easy-v0', grid: { 'env.slotCosst': [0, 0.01] } }));
    expectCleanFailure(memgym('sweep', '--config', bad), /grid\.env\.slotCosst: unknown key "slotCosst"; did you mean "slotCost"\?/);
    writeFileSync(
      bad,
      JSON.stringify({ env: 'memgym/Recall-Easy-v0', random: { samples: 2, space: { 'env.slotCost': { uniform: [-1, 0] } } } }),
    );
    expectCleanFailure(memgym('sweep', '--config', bad), /random\.space\.env\.slotCost: expected a number >= 0, got -1/);
  });

  it('rejects a bad distribution before any work', () => {
    const bad = join(tmp, 'sweep-bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ env: 'memgym/Recall-Easy-v0', random: { samples: 2, space: { learningRate: { logUniform: [0, 1] } } } }),
    );
    expectCleanFailure(memgym('sweep', '--config', bad), /random\.space\.learningRate: expected a positive logUniform range/);
  });
});
