/**
 * The source files of a user's agent module, for its cells' keys: the module file and, transitively, the
 * files it imports by a relative specifier (`./helper.js`, `../lib/x.ts`), so that editing the module or a
 * helper it imports makes new cell keys.
 *
 * Imports are found by scanning the source text (static `import … from '…'`, `export … from '…'`,
 * side-effect `import '…'`, `import('…')` and `require('…')` with a string literal), not by running it:
 * a computed `import(name)` is not followed, and package imports (`memgym`, `lodash`) are not hashed (the
 * package's own sources are in the code version; other packages' versions are not in the key). A `.js`
 * specifier that names a `.ts` file (TypeScript's convention) resolves to it. Files of the package's
 * versioned folders (`src/`, `envs/`, …) are not followed: the code version hashes them already.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { VERSIONED_FOLDERS } from './cell-key.js';

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The relative specifiers a module's source imports (in order of appearance per pattern). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of source.matchAll(pattern)) {
      const spec = m[1];
      if (spec !== undefined && (spec.startsWith('./') || spec.startsWith('../'))) out.push(spec);
    }
  }
  return out;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/** The file a relative specifier names from `fromDir`, or undefined when none exists. */
function resolveImport(fromDir: string, spec: string): string | undefined {
  const base = resolve(fromDir, spec.split(/[?#]/)[0] as string);
  const swapped = base.replace(/\.(m|c)?js$/, (_, k: string | undefined) => `.${k ?? ''}ts`);
  const candidates = [base, swapped, ...['.ts', '.js', '.mts', '.mjs'].flatMap((ext) => [base + ext, join(base, `index${ext}`)])];
  return candidates.find(isFile);
}

function inVersionedFolders(file: string, root: string): boolean {
  return VERSIONED_FOLDERS.some((f) => file.startsWith(join(root, f) + sep));
}

/**
 * The absolute path of an agent module as `loadAgentModule` imports it (relative to `cwd`; a `file:` URL
 * as its path), or undefined for what is no file (`data:`, `node:`).
 */
export function modulePath(module: string, cwd: string = process.cwd()): string | undefined {
  if (module.startsWith('file:')) return fileURLToPath(module);
  if (/^(data|node):/.test(module)) return undefined;
  return isAbsolute(module) ? module : resolve(cwd, module);
}

/** The module file and the files it imports relatively, transitively, sorted (missing files are left out). */
export function moduleFiles(module: string, cwd: string = process.cwd(), root: string = PACKAGE_ROOT): string[] {
  const entry = modulePath(module, cwd);
  if (entry === undefined || !isFile(entry)) return [];
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const found = resolveImport(dirname(file), spec);
      if (found === undefined || seen.has(found)) continue;
      seen.add(found);
      if (!inVersionedFolders(found, root)) queue.push(found);
    }
  }
  return [...seen].filter((f) => f === entry || !inVersionedFolders(f, root)).sort();
}
