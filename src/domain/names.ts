// Handles and team names (SPEC §1, §16): letters of any script (`zoë`, `maría`, `ventas-españa`,
// `مريم`, `マリア`), digits, `_` and `-` (and `.` in handles), compared case-insensitively after Unicode
// normalization.
//
// Each name is kept in one normal form, and that form is its key: what the parser hands on, what the
// database stores, and what the unique indexes on staff.handle and teams.name compare. So `@ZOË`, `@zoë`
// and a `zoë` typed with a combining diaeresis are one person, and the second `/staff add` of any of
// them is refused as taken.
//
// The form is NFKC, lowercased. NFKC rather than NFC because phones type look-alikes that only the
// compatibility mappings join: full-width Latin from a CJK keyboard (`ｍａｒｉａ` is `maria`, and `ｍｅ`
// is the reserved `me`), half-width katakana, Arabic presentation forms, ligatures (`ﬁ`). Lowercase is
// Unicode's default mapping (not a locale's): `İ` becomes `i̇`, and `ß`, `ı` and a word-final `σ`/`ς` are
// letters of their own, not folded into `ss`, `i` or each other.

const HANDLE = /^(?!\p{M})[\p{L}\p{M}0-9_.-]{1,32}$/u;
const TEAM_NAME = /^(?!\p{M})[\p{L}\p{M}0-9_-]{1,32}$/u;

/** The normal form of a name as typed. Idempotent; validity is checked on its result. */
export function normalizeName(text: string): string {
  // Lowercasing can leave a composable pair (İ → i + U+0307 stays two), so normalize once more.
  return text.normalize("NFKC").toLowerCase().normalize("NFKC");
}

/**
 * A handle in normal form: 1–32 letters (any script, with their combining marks, never first), digits,
 * `_`, `.` or `-`, counted in code points after normalizing. Null when it is not one.
 */
export function handleFrom(text: string): string | null {
  const name = normalizeName(text);
  return HANDLE.test(name) ? name : null;
}

/** A team name in normal form: as a handle, without `.`. */
export function teamNameFrom(text: string): string | null {
  const name = normalizeName(text);
  return TEAM_NAME.test(name) ? name : null;
}
