/**
 * Small pure string helpers (edit distance, closest match) used for "did you mean" hints.
 */

/**
 * Levenshtein edit distance between `a` and `b`: the least number of single-character insertions,
 * deletions and substitutions that turn one into the other. Compares UTF-16 code units.
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Keep the shorter string in the inner loop: O(min(|a|, |b|)) memory.
  const [s, t] = a.length < b.length ? [a, b] : [b, a];
  let prev = new Array<number>(s.length + 1);
  let curr = new Array<number>(s.length + 1);
  for (let i = 0; i <= s.length; i++) prev[i] = i;
  for (let j = 1; j <= t.length; j++) {
    curr[0] = j;
    const tj = t.charCodeAt(j - 1);
    for (let i = 1; i <= s.length; i++) {
      const cost = s.charCodeAt(i - 1) === tj ? 0 : 1;
      const del = (prev[i] as number) + 1;
      const ins = (curr[i - 1] as number) + 1;
      const sub = (prev[i - 1] as number) + cost;
      curr[i] = Math.min(del, ins, sub);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[s.length] as number;
}

/** Options for {@link closestMatch}. */
export interface ClosestMatchOptions {
  /** Largest accepted distance; default `max(2, floor(0.4 * target.length))`. */
  maxDistance?: number;
  /** Compare ignoring case (default true). */
  ignoreCase?: boolean;
}

/**
 * The candidate closest to `target` by Levenshtein distance, or `undefined` when none is within
 * `maxDistance`. Ties go to the earlier candidate.
 */
export function closestMatch(target: string, candidates: readonly string[], opts: ClosestMatchOptions = {}): string | undefined {
  const ignoreCase = opts.ignoreCase ?? true;
  const maxDistance = opts.maxDistance ?? Math.max(2, Math.floor(0.4 * target.length));
  const norm = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  const t = norm(target);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(t, norm(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}
