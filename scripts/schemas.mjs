// `npm run schemas`: writes schemas/<kind>.schema.json from the zod schemas (src/cli/config-kinds.ts).
// Run with tsx as a loader: `node --import tsx scripts/schemas.mjs`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CONFIG_KIND_NAMES, configJsonSchemaText } = await import('../src/cli/config-kinds.ts');
for (const kind of CONFIG_KIND_NAMES) {
  const file = join(root, 'schemas', `${kind}.schema.json`);
  writeFileSync(file, configJsonSchemaText(kind));
  console.log(`wrote ${file}`);
}
