/**
 * Starting a child process on one of memgym's own modules, from the sources (`.ts`, under the tsx loader
 * with the `memgym-source` condition, as bin/memgym.js runs the CLI) or from the build (`.js`, plain node).
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The path of module `name` (without extension) next to the module at `moduleUrl`, `.ts` or `.js` like it. */
export function siblingModule(moduleUrl: string, name: string): string {
  return fileURLToPath(new URL(`./${name}${extname(fileURLToPath(moduleUrl))}`, moduleUrl));
}

/**
 * Node arguments that load TypeScript when `moduleUrl` is a source file: the tsx loader, and with
 * `sourceCondition` the `memgym-source` export condition (a custom agent's `import 'memgym'` then
 * resolves to the same sources). None when running from the build.
 */
export function loaderArgs(moduleUrl: string, sourceCondition = false): string[] {
  if (extname(fileURLToPath(moduleUrl)) !== '.ts') return [];
  return ['--import', pathToFileURL(require.resolve('tsx')).href, ...(sourceCondition ? ['--conditions=memgym-source'] : [])];
}

/**
 * Sends `message` to the parent over the IPC channel; resolves once it is flushed, or at once when the
 * process has no (or no longer a) channel, so a worker whose parent went away does not throw.
 */
export function sendToParent(message: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) {
      resolve();
      return;
    }
    process.send(message as object, undefined, {}, () => resolve());
  });
}
