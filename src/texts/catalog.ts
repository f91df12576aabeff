// One catalog of the texts staff read (SPEC §16): every language has every key, with the same
// parameters. en.ts is the reference: `Catalog` is its type, so another language that misses a key, adds
// one, or takes other parameters is a compile error (`satisfies Catalog`); catalog.test.ts also checks
// at run time which parameters each text reads. Commands, #N, @handles and setting values stay as typed.
import { en } from "./en.js";
import { es } from "./es.js";

export type Catalog = typeof en;
export type TextKey = keyof Catalog;

export const CATALOGS = { en, es } as const satisfies Record<string, Catalog>;
export type Language = keyof typeof CATALOGS;
export const LANGUAGES = Object.keys(CATALOGS) as Language[];
export const DEFAULT_LANGUAGE: Language = "en";

/** The texts in a language; an unknown code (a hand-edited setting) reads as English. */
export function textsIn(language: string): Catalog {
  return language in CATALOGS ? CATALOGS[language as Language] : en;
}
