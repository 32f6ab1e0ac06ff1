/**
 * The JSON Schema files in schemas/ are the zod schemas' (`npm run schemas` regenerates them), and every
 * packaged config names its kind's file under `$schema` and validates against that kind's zod schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { CONFIG_KIND_NAMES, CONFIG_KINDS, configJsonSchemaText, configKindOf, schemaRef } from '../../src/cli/config-kinds.js';
import { loadConfigFile } from '../../src/util/zod-config.js';

const configs = readdirSync(join(PACKAGE_ROOT, 'configs')).filter((f) => f.endsWith('.json'));

describe('config JSON Schema files', () => {
  it.each(CONFIG_KIND_NAMES)('schemas/%s.schema.json is the generated one (run `npm run schemas` after a schema change)', (kind) => {
    const committed = readFileSync(join(PACKAGE_ROOT, 'schemas', `${kind}.schema.json`), 'utf8');
    expect(committed).toBe(configJsonSchemaText(kind));
  });

  it('describe agent entries and env kwargs by their own schemas', () => {
    const compare = JSON.parse(configJsonSchemaText('compare')) as {
      properties: { agents: { items: { anyOf: unknown[] } }; envKwargs: { properties: Record<string, unknown> } };
    };
    expect(compare.properties.agents.items.anyOf).toHaveLength(2);
    expect(Object.keys(compare.properties.envKwargs.properties)).toContain('slotCount');
  });

  it.each(configs)('configs/%s names its kind’s schema and validates against it', (file) => {
    const kind = configKindOf(file);
    expect(kind).toBeDefined();
    if (kind === undefined) return;
    const path = join(PACKAGE_ROOT, 'configs', file);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { $schema?: unknown };
    expect(json.$schema).toBe(schemaRef(kind));
    const parsed = loadConfigFile(path, CONFIG_KINDS[kind]) as Record<string, unknown>;
    expect('$schema' in parsed).toBe(false);
  });
});
