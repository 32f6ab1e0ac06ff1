/**
 * Bad input never becomes a silent result: each class of input that once produced normal-looking
 * numbers, an empty run or a late failure is an error that says what was expected and what came, before
 * any work starts (or, for an agent that fails mid-run, in its row of an otherwise complete comparison).
 * In-process through the CLI's `main` (the launcher is covered by cli.test.ts and interrupt.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'cli', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-bad-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function memgym(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main([...args, '--backend', 'wasm', '--quiet']);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

/** A config file written for one case. */
function config(name: string, value: unknown): string {
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const ideal = { reader: 'ideal', params: { length: 40 } };
const evalIdeal = (extra: Record<string, unknown> = {}) =>
  config(`eval-${Object.keys(extra).join('-')}`, { envKwargs: ideal, numEnvs: 2, ...extra });

async function expectUsageError(args: string[], message: RegExp | string): Promise<void> {
  const r = await memgym(...args);
  expect(r.code, r.stdout).not.toBe(0);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // one clear line, no stack trace
  expect(r.stdout).not.toMatch(/accuracy/); // and no result
}

describe('agent actions: a bad act() is an error naming agent, sub-env and value', () => {
  it('eval fails with one line for each kind of bad action', { timeout: 60_000 }, async () => {
    const cases: [string, RegExp][] = [
      ['half', /agent 'half' \(sub-env 0\): expected an integer action in \[0, \d+\), got 1\.5/],
      ['text', /agent 'text' \(sub-env 0\): expected an integer action in \[0, \d+\), got string "2"/],
      ['nan', /agent 'nan' \(sub-env 0\): .*got NaN/],
      ['undef', /agent 'undef' \(sub-env 0\): .*got undefined/],
      ['outOfRange', /agent 'out-of-range' \(sub-env 0\): .*got 1000/],
      ['asyncAct', /agent 'async-act' \(sub-env 0\): .*got a Promise \(act\(\) must not be async\)/],
      ['throws', /agent 'throws' \(sub-env 0\): act\(\) threw TypeError: cannot read the slots/],
    ];
    for (const [exportName, message] of cases) {
      const cfg = config(`eval-${exportName}`, {
        envKwargs: ideal,
        numEnvs: 2,
        episodes: 2,
        agent: { type: 'module', module: join(fixtures, 'agents', 'bad-agents.ts'), exportName },
      });
      await expectUsageError(['eval', '--config', cfg, '--out', join(tmp, `eval-${exportName}`)], message);
    }
  });

  it('compare: failing agents get an error in their row; the others and the report are complete; exit 1', { timeout: 60_000 }, async () => {
    const out = join(tmp, 'compare-bad');
    const r = await memgym('compare', '--config', join(fixtures, 'compare-bad-agents.json'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toMatch(/FAILED: agent 'half' \(sub-env 0\): expected an integer action in \[0, \d+\), got 1\.5/);
    expect(r.stdout).toMatch(/7 agents failed/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      complete: boolean;
      rows: { agent: string; error?: string; seedAccuracies: number[] }[];
      failures: { agent: string; error: string }[];
    };
    expect(summary.complete).toBe(true);
    const byAgent = new Map(summary.rows.map((row) => [row.agent, row]));
    for (const good of ['fifo', 'store-while-free']) {
      expect(byAgent.get(good)?.error).toBeUndefined();
      expect(byAgent.get(good)?.seedAccuracies).toHaveLength(2);
    }
    for (const bad of ['half', 'text', 'nan', 'undef', 'out-of-range', 'async-act', 'throws']) {
      expect(byAgent.get(bad)?.error, bad).toMatch(new RegExp(`^agent '${bad}' \\(sub-env \\d+\\): `));
      expect(byAgent.get(bad)?.seedAccuracies).toEqual([]);
    }
    expect(summary.failures).toHaveLength(7);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/FAILED: agent &#39;throws&#39;|FAILED: agent 'throws'/);
    expect(readFileSync(join(out, 'log.jsonl'), 'utf8')).toMatch(/agent half failed/);
  });
});

describe('seeds', () => {
  it('rejects a negative --seed clearly (not "argument is ambiguous"), and seeds past 2^53', async () => {
    await expectUsageError(
      ['eval', '--seed', '-5', '--config', evalIdeal()],
      '--seed: expected a non-negative integer (at most 2^53 − 1), got "-5"',
    );
    await expectUsageError(['eval', '-s', '-5', '--config', evalIdeal()], '--seed: expected a non-negative integer');
    await expectUsageError(
      ['eval', '--seed', '9007199254740993', '--config', evalIdeal()],
      /--seed: expected a non-negative integer .*got "9007199254740993"/,
    );
    await expectUsageError(['eval', '--seed', '1.5', '--config', evalIdeal()], /--seed: expected a non-negative integer/);
    await expectUsageError(
      ['eval', '--config', evalIdeal({ seed: 2 ** 60 })],
      /config seed: expected an integer >= 0 and at most 2\^53 − 1/,
    );
    // consecutive episode seeds must stay exact: seed + episodes − 1 ≤ 2^53 − 1
    await expectUsageError(
      ['eval', '--episodes', '4', '--seed', String(Number.MAX_SAFE_INTEGER - 1), '--config', evalIdeal()],
      /--seed: expected seeds whose episodes/,
    );
  });

  it('rejects duplicate and unsafe compare seeds before any work', async () => {
    const base = { envs: ['memgym/Recall-Easy-v0'], envKwargs: ideal, agents: ['fifo'] };
    await expectUsageError(
      ['compare', '--config', config('dup-seeds', { ...base, seeds: [1, 1] }), '--out', join(tmp, 'dup')],
      'config seeds[1]: expected unique values, got 1 again (first at [0])',
    );
    expect(existsSync(join(tmp, 'dup'))).toBe(false);
    await expectUsageError(
      ['compare', '--config', config('big-seed', { ...base, seeds: [2 ** 53 + 2] }), '--out', join(tmp, 'big')],
      /config seeds\[0\]: expected an integer >= 0 and at most 2\^53/,
    );
    await expectUsageError(
      ['compare', '--config', config('big-derived', { ...base, seeds: [2 ** 40] }), '--out', join(tmp, 'big2')],
      /config eval.seed: expected seeds whose episodes/,
    );
  });
});

describe('counts', () => {
  it('--episodes 0, --steps 0 and huge counts are errors, not empty or default runs', async () => {
    await expectUsageError(['eval', '--episodes', '0', '--config', evalIdeal()], '--episodes: expected an integer in [1, 100000], got "0"');
    await expectUsageError(
      ['eval', '--episodes', '100000000', '--config', evalIdeal()],
      '--episodes: expected an integer in [1, 100000], got "100000000"',
    );
    await expectUsageError(
      ['eval', '--episodes', '-3', '--config', evalIdeal()],
      '--episodes: expected an integer in [1, 100000], got "-3"',
    );
    await expectUsageError(
      ['train', '--steps', '0', '--config', join(fixtures, 'train-tiny.json')],
      '--steps: expected an integer in [1, 1000000000], got "0"',
    );
    await expectUsageError(['eval', '--config', evalIdeal({ episodes: 0 })], 'config episodes: expected an integer in [1, 100000], got 0');
    const cmp = config('cmp-episodes', { envs: ['memgym/Recall-Easy-v0'], envKwargs: ideal, agents: ['fifo'], eval: { episodes: 1e9 } });
    await expectUsageError(['compare', '--config', cmp], 'config eval.episodes: expected an integer in [1, 100000], got 1000000000');
  });

  it('--workers and --queue: bad counts and URLs, both at once, and a worker without a queue are usage errors', async () => {
    const tiny = join(fixtures, 'compare-tiny.json');
    await expectUsageError(['compare', '--config', tiny, '--workers', '0'], '--workers: expected an integer in [1, 256], got "0"');
    await expectUsageError(
      ['compare', '--config', tiny, '--queue', 'localhost:6379'],
      '--queue: expected a redis:// URL, got protocol "localhost:"',
    );
    await expectUsageError(
      ['compare', '--config', tiny, '--queue', 'redis://127.0.0.1:6379/x'],
      '--queue: expected a database number after the port (redis://host:port/0), got "/x"',
    );
    await expectUsageError(
      ['compare', '--config', tiny, '--queue', 'redis://127.0.0.1:6379', '--workers', '2'],
      '--workers and --queue: expected one of them',
    );
    await expectUsageError(['worker'], 'expected --queue redis://HOST:PORT, got none');
  });
});

describe('unknown names', () => {
  it('list with an unknown topic says so, with a did-you-mean', async () => {
    await expectUsageError(['list', 'foo'], 'unknown topic "foo" (expected one of all, envs, agents, backends)');
    await expectUsageError(['list', 'env'], 'unknown topic "env" — did you mean "envs"?');
  });

  it('network.kind "transformer" is an error, not an MLP (train and compare, before any work)', async () => {
    const agent = { type: 'ppo', network: { kind: 'transformer' } };
    const train = config('net-train', { envKwargs: ideal, agent, numEnvs: 2, totalTimesteps: 64 });
    await expectUsageError(
      ['train', '--config', train, '--out', join(tmp, 'net-train')],
      /config agent.network.kind: expected one of "auto", "slot", "mlp", got "transformer"/,
    );
    expect(existsSync(join(tmp, 'net-train'))).toBe(false);
    const cmp = config('net-cmp', { envs: ['memgym/Recall-Easy-v0'], envKwargs: ideal, agents: ['fifo', agent] });
    await expectUsageError(['compare', '--config', cmp, '--out', join(tmp, 'net-cmp')], /config agents\[1\].network.kind: expected one of/);
    const typo = config('net-typo', {
      envs: ['memgym/Recall-Easy-v0'],
      envKwargs: ideal,
      agents: [{ type: 'ppo', network: { slotHiden: 8 } }],
    });
    await expectUsageError(
      ['compare', '--config', typo],
      /agents\[0\].network.slotHiden: unknown key "slotHiden"; did you mean "slotHidden"\?/,
    );
  });
});

describe('agent modules in a compare config', () => {
  it('a bad path is found before any training, and paths resolve from the config file', async () => {
    const cmp = config('bad-module', {
      envs: ['memgym/Recall-Easy-v0'],
      envKwargs: ideal,
      agents: ['ppo', 'fifo', './no-such-agent.ts'],
      training: { numEnvs: 2, totalTimesteps: 1_000_000 },
    });
    const out = join(tmp, 'bad-module');
    await expectUsageError(
      ['compare', '--config', cmp, '--out', out],
      new RegExp(`config agents\\[2\\]: cannot import agent module ".*${join(tmp, 'no-such-agent.ts').replace(/[/.]/g, '\\$&')}`),
    );
    expect(existsSync(out)).toBe(false); // nothing ran, nothing was written
    // ./agents/store-while-free.ts is next to the fixture config, not in the working directory
    const good = config('good-module', {
      envs: ['memgym/Recall-Easy-v0'],
      envKwargs: ideal,
      agents: [join(fixtures, 'agents', 'store-while-free.ts')],
      seeds: [1],
      eval: { episodes: 2, numEnvs: 2 },
    });
    const r = await memgym('compare', '--config', good, '--out', join(tmp, 'good-module'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/store-while-free/);
  });
});
