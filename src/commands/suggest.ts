// "Did you mean …?" for mistyped command words: the nearest known word by Damerau–Levenshtein distance
// (optimal string alignment: insert, delete, substitute, swap two neighbours), within MAX_DISTANCE.

export const MAX_DISTANCE = 2;

/** Distance over code points, so an emoji counts as one edit rather than two. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  // Three rolling rows are enough: a swap looks back two rows.
  let twoBack: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, (twoBack[j - 2] ?? 0) + 1);
      }
      current.push(best);
    }
    twoBack = previous;
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The nearest candidate within MAX_DISTANCE, or null. Ties go to the earlier candidate, so the order of
 * the registry decides (and stays stable). Words far longer than any candidate are skipped without
 * computing anything: a 10 000-character paste must not cost 10 000 × n steps per candidate.
 */
export function nearestWord(word: string, candidates: readonly string[]): string | null {
  const length = Array.from(word).length;
  let best: string | null = null;
  let bestDistance = MAX_DISTANCE + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - length) > MAX_DISTANCE) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
