/**
 * The fixed word vocabulary of the story-QA family (bAbI tasks 1–3). Token 0 is PAD; then the item-kind
 * markers, function words, people, places and objects, each group contiguous so that a token's role is
 * its id range. Every item starts with its kind marker (position 0, as in every family), then the words.
 */
import { ConfigError } from '../../src/util/errors.js';
import { PAD } from '../common/episode.js';

/** Item-kind markers, in the order of the generator's kinds (move, pickup, drop, question). */
export const MARKERS = ['<move>', '<pickup>', '<drop>', '<question>'] as const;
/** Function words: verbs (with synonyms, as in bAbI), articles, question words. */
const FUNCTION_WORDS = [
  'went',
  'moved',
  'journeyed',
  'travelled',
  'back',
  'to',
  'the',
  'picked',
  'up',
  'grabbed',
  'got',
  'dropped',
  'discarded',
  'put',
  'down',
  'where',
  'is',
  'was',
  'before',
  '?',
] as const;
export const PEOPLE = ['mary', 'john', 'sandra', 'daniel', 'fred', 'bill', 'julie', 'jeff', 'emma', 'lucas'] as const;
export const PLACES = ['kitchen', 'garden', 'hallway', 'bathroom', 'bedroom', 'office', 'cellar', 'attic'] as const;
export const OBJECTS = ['apple', 'football', 'milk', 'book', 'cup', 'hat'] as const;

/** All words, index = token id (index 0 is the PAD placeholder `<pad>`). */
const WORDS: readonly string[] = ['<pad>', ...MARKERS, ...FUNCTION_WORDS, ...PEOPLE, ...PLACES, ...OBJECTS];
/** Vocabulary size of the story-QA family. */
export const STORY_VOCAB_SIZE = WORDS.length;

const MARKER_BASE = 1;
const PERSON_BASE = MARKER_BASE + MARKERS.length + FUNCTION_WORDS.length;
const PLACE_BASE = PERSON_BASE + PEOPLE.length;
const OBJECT_BASE = PLACE_BASE + PLACES.length;

const INDEX = new Map<string, number>(WORDS.map((w, i) => [w, i]));

/** The token of a word; throws `ConfigError` for a word outside the vocabulary. */
export function tok(word: string): number {
  const id = INDEX.get(word);
  if (id === undefined || id === PAD) throw new ConfigError('story-qa.vocab', `expected a vocabulary word, got ${JSON.stringify(word)}`);
  return id;
}

/** The word of a token (`<pad>` for 0); throws `ConfigError` outside the vocabulary. */
export function word(token: number): string {
  const w = WORDS[token];
  if (w === undefined) throw new ConfigError('story-qa.vocab', `expected a token in [0, ${WORDS.length}), got ${token}`);
  return w;
}

/** The marker token of item kind `kind` (an index into {@link MARKERS}). */
export const markerToken = (kind: number): number => MARKER_BASE + kind;
/** Token of person i (0-based). */
export const personToken = (i: number): number => PERSON_BASE + i;
/** Token of place i (0-based). */
export const placeToken = (i: number): number => PLACE_BASE + i;
/** Token of object i (0-based). */
export const objectToken = (i: number): number => OBJECT_BASE + i;
/** True when the token is a place (the answers of every story-QA question are places). */
export const isPlaceToken = (token: number): boolean => token >= PLACE_BASE && token < PLACE_BASE + PLACES.length;

/** True when the token is an item-kind marker. */
const isMarkerToken = (token: number): boolean => token >= MARKER_BASE && token < MARKER_BASE + MARKERS.length;

/**
 * Detokenises an item row, dropping PAD and the kind marker:
 * `[<move>, mary, went, to, the, kitchen]` → `"mary went to the kitchen"`.
 */
export function sentence(tokens: ArrayLike<number>): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as number;
    if (t !== PAD && !isMarkerToken(t)) out.push(word(t));
  }
  return out.join(' ');
}
