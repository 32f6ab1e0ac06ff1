/**
 * The launcher (bin/memgym.js) runs the CLI from the sources with tsx as a loader: a custom agent that
 * imports values from 'memgym' by name gets them (package self-reference + the `memgym-source` export
 * condition), in a clone without any build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'cli', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-launcher-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bin/memgym.js', () => {
  it("runs a custom agent that imports values from 'memgym'", { timeout: 60_000 }, () => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'memgym.js'),
        'eval',
        '--agent',
        join(fixtures, 'agents', 'layout-agent.js'),
        '--config',
        join(fixtures, 'eval-ideal.json'),
        '--episodes',
        '2',
        '--out',
        join(tmp, 'eval'),
        '--backend',
        'wasm',
        '--quiet',
      ],
      { cwd: tmp, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/layout-agent on memgym\/Recall-Easy-v0: accuracy \d\.\d{3} .*over 2 episodes/);
  });
});
