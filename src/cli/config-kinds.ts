/**
 * The config file kinds (one zod schema each) and their JSON Schema files: `npm run schemas` writes
 * `schemas/<kind>.schema.json` from the zod schemas with `z.toJSONSchema`, and every file in `configs/`
 * names its kind's file under `$schema`, so an editor completes and checks it. Agent entries and env
 * kwargs, resolved later in code (against the config's directory, the env's preset), are described by
 * their own schemas there.
 */
import { z } from 'zod';
import { envKwargsField, memoryEnvKwargsSchema } from '../../envs/common/family.js';
import { benchConfigSchema } from '../bench/config.js';
import { capacityConfigSchema } from '../capacity/config.js';
import { agentEntry, agentEntryJsonSchema } from '../experiment/agent-spec-schema.js';
import { compareConfigSchema } from './commands/compare.js';
import { evalConfigSchema } from './commands/eval.js';
import { pretrainConfigSchema } from './commands/pretrain.js';
import { sweepConfigSchema } from './commands/sweep.js';
import { trainConfigSchema } from './commands/train.js';

/** The schema of each config file kind. */
export const CONFIG_KINDS = {
  train: trainConfigSchema,
  compare: compareConfigSchema,
  eval: evalConfigSchema,
  pretrain: pretrainConfigSchema,
  sweep: sweepConfigSchema,
  bench: benchConfigSchema,
  capacity: capacityConfigSchema,
} as const;
export type ConfigKind = keyof typeof CONFIG_KINDS;
export const CONFIG_KIND_NAMES = Object.keys(CONFIG_KINDS) as ConfigKind[];

/** The kind of a file in `configs/` by its name (`<kind>-….json`; `main.json` is the main comparison). */
export function configKindOf(fileName: string): ConfigKind | undefined {
  if (fileName === 'main.json') return 'compare';
  const prefix = /^([a-z]+)[-.]/.exec(fileName)?.[1];
  return CONFIG_KIND_NAMES.find((k) => k === prefix);
}

/** The `$schema` a file in `configs/` gives: its kind's file, relative to `configs/`. */
export function schemaRef(kind: ConfigKind): string {
  return `../schemas/${kind}.schema.json`;
}

function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** The JSON Schema of a config kind (the accepted input: defaults are `default`s, transforms their input). */
export function configJsonSchema(kind: ConfigKind): Record<string, unknown> {
  const described = new Map<z.ZodType, Record<string, unknown>>([
    [agentEntry, inputJsonSchema(agentEntryJsonSchema)],
    [envKwargsField, inputJsonSchema(memoryEnvKwargsSchema)],
  ]);
  const json = z.toJSONSchema(CONFIG_KINDS[kind], {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const replacement = described.get(ctx.zodSchema as unknown as z.ZodType);
      if (replacement === undefined) return;
      // In place (the node may be referenced), keeping the default a wrapper put on it.
      for (const key of Object.keys(ctx.jsonSchema)) if (key !== 'default') delete ctx.jsonSchema[key];
      Object.assign(ctx.jsonSchema, structuredClone(replacement));
    },
  });
  return { ...json, title: `memgym ${kind} config` };
}

/** The text of `schemas/<kind>.schema.json`. */
export function configJsonSchemaText(kind: ConfigKind): string {
  return `${JSON.stringify(configJsonSchema(kind), null, 2)}\n`;
}
