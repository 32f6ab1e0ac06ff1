/**
 * The registered task families. Importing this module registers every family's ids in the default
 * registry (`memgym/Recall-v0`, `memgym/Recall-Easy-v0`, …, `memgym/StoryQA-v0`, `memgym/Forecast-v0`,
 * …); `FAMILIES` maps a family id to its definition.
 */
import { defaultRegistry, type Registry } from '../src/core/registry.js';
import { ConfigError } from '../src/util/errors.js';
import { closestMatch } from '../src/util/strings.js';
import type { FamilyDefinition } from './common/family.js';
import { registerFamily } from './common/family.js';
import { FORECAST_FAMILY } from './forecast/index.js';
import { RECALL_FAMILY } from './recall/index.js';
import { STORY_QA_FAMILY } from './story-qa/index.js';

/** Family id → definition. */
export const FAMILIES: Readonly<Record<string, FamilyDefinition<never, never>>> = {
  recall: RECALL_FAMILY as unknown as FamilyDefinition<never, never>,
  'story-qa': STORY_QA_FAMILY as unknown as FamilyDefinition<never, never>,
  forecast: FORECAST_FAMILY as unknown as FamilyDefinition<never, never>,
};

/** The family definition of a family id (`recall`) or a registered env id (`memgym/Recall-Easy-v0`). */
export function familyOf(idOrFamily: string): FamilyDefinition<never, never> {
  const direct = FAMILIES[idOrFamily];
  if (direct) return direct;
  const m = /^memgym\/([A-Za-z]+)(?:-[A-Za-z]+)?-v\d+$/.exec(idOrFamily);
  if (m) {
    for (const def of Object.values(FAMILIES)) if (def.name === m[1]) return def;
  }
  const hint = closestMatch(idOrFamily, Object.keys(FAMILIES));
  throw new ConfigError(
    'family',
    `unknown family "${idOrFamily}"${hint ? `; did you mean "${hint}"?` : ''} (known: ${Object.keys(FAMILIES).join(', ')})`,
  );
}

/** Registers every family in `registry` (idempotent). */
export function registerAll(registry: Registry = defaultRegistry): void {
  for (const def of Object.values(FAMILIES)) registerFamily(def, registry);
}

registerAll();
