/**
 * The difficulty presets every task family ships (`envs/<family>/presets.ts`): their names, the shape
 * of one preset (generator options, episode params, the proposed memory budget) and the lookup by name.
 */
import { ConfigError } from '../../src/util/errors.js';

/** A memory budget a preset proposes for the env's adaptive slot count. */
export interface MemoryBudget {
  /** The default slot count N (what `slotCount` evaluates to on the preset's complexity). */
  slots: number;
  minSlots: number;
  maxSlots: number;
  /** mathjs expression over the episode's `complexity` variables, clamped to [minSlots, maxSlots]. */
  slotCount: string;
}

/** The difficulty presets every family ships. */
export const PRESET_NAMES = ['easy', 'medium', 'hard'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A family preset: generator construction options, episode params and the proposed memory budget. */
export interface FamilyPreset<P, O> extends MemoryBudget {
  name: PresetName;
  /** One line for `memgym list`. */
  description: string;
  /** Options of the family's generator constructor (vocabulary sizing). */
  generator: O;
  params: P;
}

/** The preset `name` of a family's table; throws `ConfigError` naming the valid presets. */
export function lookupPreset<T>(family: string, table: Readonly<Record<PresetName, T>>, name: string): T {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(`${family}.preset`, `expected one of ${PRESET_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  }
  return table[name as PresetName];
}
