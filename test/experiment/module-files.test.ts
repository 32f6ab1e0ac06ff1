/** The files of a user's agent module (the module and its relative imports, transitively), for cell keys. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { moduleFiles, modulePath, relativeImports } from '../../src/experiment/module-files.js';

const dir = mkdtempSync(join(tmpdir(), 'memgym-module-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('relativeImports', () => {
  it('finds static, re-export, side-effect, dynamic and require imports with relative specifiers only', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { T } from '../types.ts';",
      'import {\n  b,\n  c,\n} from "./multi";',
      "export * from './re.js';",
      "import './side.js';",
      "const d = await import('./lazy.js');",
      "const e = require('./cjs.cjs');",
      "import { ActionLayout } from 'memgym';",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(relativeImports(source).sort()).toEqual(['../types.ts', './a.js', './cjs.cjs', './lazy.js', './multi', './re.js', './side.js']);
  });
});

describe('moduleFiles', () => {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(
    join(dir, 'agent.ts'),
    "import { helper } from './lib/helper.js';\nimport { ActionLayout } from 'memgym';\nexport default helper;\n",
  );
  writeFileSync(
    join(dir, 'lib', 'helper.ts'),
    "import { deep } from './deep';\nimport { agent } from '../agent.js';\nexport const helper = deep;\n",
  );
  writeFileSync(join(dir, 'lib', 'deep.ts'), 'export const deep = 1;\n');

  it('follows relative imports transitively (.js naming .ts, extensionless), once each, sorted', () => {
    expect(moduleFiles(join(dir, 'agent.ts'))).toEqual([join(dir, 'agent.ts'), join(dir, 'lib', 'deep.ts'), join(dir, 'lib', 'helper.ts')]);
  });

  it('takes relative module paths from the working directory and file: URLs as their path', () => {
    expect(moduleFiles('./agent.ts', dir)).toEqual(moduleFiles(join(dir, 'agent.ts')));
    expect(moduleFiles(pathToFileURL(join(dir, 'agent.ts')).href)).toEqual(moduleFiles(join(dir, 'agent.ts')));
    expect(modulePath('data:text/javascript,export default 1')).toBeUndefined();
    expect(moduleFiles(join(dir, 'missing.ts'))).toEqual([]);
  });

  it("does not follow into the package's versioned folders (the code version covers them)", () => {
    const fixture = join(PACKAGE_ROOT, 'test', 'experiment', 'fixtures', 'grow-agent.ts'); // imports ../../../src/index.js
    expect(moduleFiles(fixture)).toEqual([fixture]);
  });
});
