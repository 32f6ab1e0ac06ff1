/**
 * SLOW (~1.5 min on 2 busy cores; ~35 s of it is the build): memgym as an installed package. Packs the project (`npm pack`, which runs the
 * `prepare` build), installs the tarball into a scratch project (offline from the npm cache when
 * possible), and runs the README's examples there: the library example (fewer PPO steps), the custom
 * agent that imports values from 'memgym' through `npx memgym eval` exactly as written, a type check of
 * both against the package's types, and the compare config example (smaller budgets).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlock, substitute } from '../helpers/readme.js';
import { runAndSignal } from '../helpers/signals.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'memgym-package-'));
const project = join(tmp, 'project');
// Removing the scratch install (~0.5 GB) takes over vitest's default 60 s hook timeout on busy cores.
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 300_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeout = 180_000): Run {
  const r = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout, env: { ...process.env, MEMGYM_LOG_LEVEL: 'warn' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOk(r: Run): void {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(0);
}

beforeAll(() => {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 240_000,
  });
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  const install = (mode: string): Run =>
    run('npm', ['install', mode, '--no-audit', '--no-fund', '--loglevel=error', join(tmp, tarball)], 300_000);
  // offline from the cache npm ci filled; the registry only when the cache lacks a package document
  const offline = install('--offline');
  if (offline.code !== 0) expectOk(install('--prefer-offline'));
}, 600_000);

describe('the installed package', () => {
  it('ships the build, the CLI sources, configs and checkpoints', () => {
    const pkg = join(project, 'node_modules', 'memgym');
    for (const f of [
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'src/cli/main.ts',
      'bin/memgym.js',
      'configs/main.json',
      'checkpoints/recall/model.json',
    ]) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(join(pkg, 'test'))).toBe(false);
  });

  it('runs the README library example (checkpoints found from the package root, not dist/)', { timeout: 180_000 }, () => {
    const code = substitute(readmeBlock(root, 'import { make, selectBackend, makeFixedPolicy, PpoAgent').code, [
      ['totalTimesteps: 50_000', 'totalTimesteps: 512'],
    ]);
    writeFileSync(join(project, 'example.ts'), `${code}console.log('step reward', step.reward, 'ok');\n`);
    const r = run(process.execPath, ['--import', 'tsx', 'example.ts']);
    expectOk(r);
    expect(r.stdout).toMatch(/step reward \S+ ok/);
    expect(existsSync(join(project, 'runs', 'my-ppo', 'agent.json'))).toBe(true);
  });

  it('runs the README custom agent (value imports from memgym) through npx memgym eval, as written', { timeout: 180_000 }, () => {
    const agent = readmeBlock(root, '// my-agent.ts');
    expect(agent.code).toMatch(/import \{ GLOBAL_FEATURES, NOOP, RETRIEVE, STORE_AUTO/); // values, not only types
    writeFileSync(join(project, 'my-agent.ts'), agent.code);
    const command = readmeBlock(root, 'npx memgym eval --agent ./my-agent.ts').code.trim().split(/\s+/);
    const r = run(command[0] as string, command.slice(1));
    expectOk(r);
    expect(r.stdout).toMatch(/store-while-free on memgym\/Recall-Easy-v0: accuracy \d\.\d{3}/);
  });

  it('type-checks the examples against the package types', { timeout: 120_000 }, () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['example.ts', 'my-agent.ts'],
      }),
    );
    expectOk(run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']));
  });

  it('runs the README compare config (smaller budgets) with the custom agent next to it', { timeout: 300_000 }, () => {
    const code = substitute(readmeBlock(root, '"slotSweep": [2, 3, 5, 8]').code, [
      ['"seeds": [1, 2, 3]', '"seeds": [1]'],
      ['"training": { "numEnvs": 32, "totalTimesteps": 49152 }', '"training": { "numEnvs": 4, "totalTimesteps": 128 }'],
      ['"eval": { "episodes": 32, "seed": 1000000, "numEnvs": 16 }', '"eval": { "episodes": 2, "seed": 1000000, "numEnvs": 2 }'],
      ['"slotSweep": [2, 3, 5, 8]', '"slotSweep": [3]'],
    ]);
    mkdirSync(join(project, 'configs'), { recursive: true });
    writeFileSync(join(project, 'configs', 'compare.json'), code);
    writeFileSync(join(project, 'configs', 'my-agent.ts'), readFileSync(join(project, 'my-agent.ts')));
    const r = run('npx', ['memgym', 'compare', '--config', 'configs/compare.json', '--out', 'runs/compare', '--quiet']);
    expectOk(r);
    const summary = JSON.parse(readFileSync(join(project, 'runs', 'compare', 'summary.json'), 'utf8')) as {
      complete: boolean;
      rows: { env: string; agent: string }[];
    };
    expect(summary.complete).toBe(true);
    expect(summary.rows.filter((row) => row.env === 'easy/ideal').map((row) => row.agent)).toContain('store-while-free');
    expect(summary.rows).toHaveLength(2 * 12); // ppo, the 10 fixed policies, the module agent
  });

  it('keeps the work on Ctrl-C through npx memgym', { timeout: 150_000 }, async () => {
    const out = join(project, 'runs', 'train-interrupted');
    const updates = join(out, 'updates.jsonl');
    const r = await runAndSignal(
      'npx',
      ['memgym', 'train', '--config', join(root, 'test', 'cli', 'fixtures', 'train-interrupt.json'), '--out', out, '--backend', 'wasm'],
      {
        cwd: project,
        ready: () => existsSync(updates) && readFileSync(updates, 'utf8').trim().split('\n').length >= 2,
      },
    );
    // npx waits for the CLI, then re-raises SIGINT on itself
    expect(r.code === 130 || r.signal === 'SIGINT', `${r.code} ${r.signal} ${r.stderr}`).toBe(true);
    expect(r.stdout).toMatch(/stopped early; agent saved to/);
    expect(existsSync(join(out, 'agent', 'agent.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ interrupted: true, stoppedEarly: true });
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
