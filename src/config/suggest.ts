/** "Did you mean …?" for misspelt keys, time zones and site names. */

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Case, `_`, `-` and spaces don't count: `officesClosed` and `offices-closed` both mean `offices_closed`. */
const fold = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a plausible typo
 * (at most a third of the candidate's length, and never more than 3 edits).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = fold(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein(w, fold(candidate));
    if (d < bestDistance && d <= Math.min(3, Math.max(1, Math.floor(candidate.length / 3)))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
