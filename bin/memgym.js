#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so no build step is needed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
// Ctrl-C reaches the whole process group: the child (the CLI) handles it by finishing the current unit of
// work and writing its results; the launcher must outlive it, so it ignores SIGINT and waits.
process.on('SIGINT', () => {});
const result = spawnSync(process.execPath, [tsx, join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? (result.signal === 'SIGINT' ? 130 : 1));
