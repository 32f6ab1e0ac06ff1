/** Validation of the episode contract ({@link Episode}): shapes, vocabulary, queries, support and use index. */
import { computeNextUse, type Episode } from './episode.js';

/** The result of {@link validateEpisode}. */
export interface EpisodeCheck {
  ok: boolean;
  problems: string[];
}

/**
 * Checks an episode's internal consistency: array shapes, tokens in the vocabulary, answers present
 * exactly on queries and in the vocabulary, support items strictly before their query, ascending,
 * -1 padded and non-empty on queries, `nextUse` equal to the one the support implies, `supersedes`
 * pointing backwards to an item with the same key, `keyOf` in [-1, numKeys), kinds within `kindNames`,
 * finite complexity. Reports at most 20 problems.
 */
export function validateEpisode(ep: Episode): EpisodeCheck {
  const problems: string[] = [];
  const add = (msg: string): void => {
    if (problems.length < 20) problems.push(msg);
  };
  const { length: T, itemLen: L, answerLen: A, maxSupport: S, vocabSize: V } = ep;
  const shape = (name: string, got: number, want: number): void => {
    if (got !== want) add(`${name}: expected length ${want}, got ${got}`);
  };
  if (!Number.isInteger(T) || T < 1) add(`length: expected a positive integer, got ${T}`);
  if (!Number.isInteger(L) || L < 1) add(`itemLen: expected a positive integer, got ${L}`);
  if (!Number.isInteger(A) || A < 1) add(`answerLen: expected a positive integer, got ${A}`);
  if (!Number.isInteger(S) || S < 1) add(`maxSupport: expected a positive integer, got ${S}`);
  if (problems.length > 0) return { ok: false, problems };
  shape('tokens', ep.tokens.length, T * L);
  shape('kinds', ep.kinds.length, T);
  shape('isQuery', ep.isQuery.length, T);
  shape('answers', ep.answers.length, T * A);
  shape('support', ep.support.length, T * S);
  shape('nextUse', ep.nextUse.length, T);
  shape('supersedes', ep.supersedes.length, T);
  shape('keyOf', ep.keyOf.length, T);
  if (problems.length > 0) return { ok: false, problems };
  const numKeys = ep.complexity.numKeys ?? 0;
  for (let i = 0; i < ep.tokens.length; i++) {
    const tok = ep.tokens[i] as number;
    if (tok < 0 || tok >= V) add(`tokens[${i}] (item ${Math.floor(i / L)}): expected a token in [0, ${V}), got ${tok}`);
  }
  for (let t = 0; t < T; t++) {
    const kind = ep.kinds[t] as number;
    if (kind >= ep.kindNames.length) add(`kinds[${t}]: expected a kind in [0, ${ep.kindNames.length}), got ${kind}`);
    const q = ep.isQuery[t] as number;
    if (q !== 0 && q !== 1) add(`isQuery[${t}]: expected 0 or 1, got ${q}`);
    for (let a = 0; a < A; a++) {
      const ans = ep.answers[t * A + a] as number;
      if (q === 1 && (ans < 0 || ans >= V)) add(`answers[${t}][${a}]: expected a token in [0, ${V}) on a query, got ${ans}`);
      if (q === 0 && ans !== -1) add(`answers[${t}][${a}]: expected -1 on a non-query, got ${ans}`);
    }
    let prev = -1;
    let count = 0;
    let padded = false;
    for (let j = 0; j < S; j++) {
      const s = ep.support[t * S + j] as number;
      if (s === -1) {
        padded = true;
        continue;
      }
      count++;
      if (q === 0) add(`support[${t}][${j}]: expected -1 on a non-query, got ${s}`);
      else if (padded) add(`support[${t}]: expected -1 padding only at the end, got ${s} after -1`);
      else if (s < 0 || s >= t) add(`support[${t}][${j}]: expected an item index in [0, ${t}), got ${s}`);
      else if (s <= prev) add(`support[${t}]: expected ascending distinct indices, got ${s} after ${prev}`);
      prev = s;
    }
    if (q === 1 && count === 0) add(`support[${t}]: expected at least one supporting item for a query, got none`);
    const sup = ep.supersedes[t] as number;
    if (sup < -1 || sup >= t) add(`supersedes[${t}]: expected -1 or an index in [0, ${t}), got ${sup}`);
    const key = ep.keyOf[t] as number;
    if (!Number.isInteger(key) || key < -1 || key >= numKeys) add(`keyOf[${t}]: expected -1 or a key in [0, ${numKeys}), got ${key}`);
    else if (sup >= 0 && sup < t && ep.keyOf[sup] !== key)
      add(`keyOf[${t}]: expected the key of the item it supersedes (${ep.keyOf[sup]}), got ${key}`);
  }
  const want = computeNextUse(T, ep.support, S);
  for (let t = 0; t < T; t++) {
    if (want[t] !== ep.nextUse[t]) add(`nextUse[${t}]: expected ${want[t]} from the support table, got ${ep.nextUse[t]}`);
  }
  for (const [k, v] of Object.entries(ep.complexity)) {
    if (!Number.isFinite(v)) add(`complexity.${k}: expected a finite number, got ${v}`);
  }
  return { ok: problems.length === 0, problems };
}
