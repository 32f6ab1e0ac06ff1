/** Where the package lives on disk: `checkpoints/`, `configs/` and `package.json` are found from here. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest directory at or above `start` with a package.json: the package root both from the sources
 * (src/util → the root) and from the build (dist/src/util → the root; dist/ has no package.json).
 */
export function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..', '..');
  }
}

/** The package root (where `checkpoints/` and `configs/` live), from the sources or from dist/. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
