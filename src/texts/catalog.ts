// One catalog of the texts staff read (SPEC §16): every language has every key, with the same
// parameters. en.ts is the reference: `Catalog` is its type, so another language that misses a key, adds
// one, or takes other parameters is a compile error (`satisfies Catalog`); catalog.test.ts also checks
// at run time which parameters each text reads. Commands, #N, @handles and setting values stay as typed.
import { en } from "./en.js";
import { es } from "./es.js";

/** A text's words are free to differ per language: only its parameters are fixed, by English. */
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends Readonly<Record<string, string>>
    ? { readonly [K in keyof T]: string }
    : T;

export type Catalog = { readonly [K in keyof typeof en]: Widen<(typeof en)[K]> };
export type TextKey = keyof Catalog;

export const CATALOGS = { en, es } as const satisfies Record<string, Catalog>;
export type Language = keyof typeof CATALOGS;
export const LANGUAGES = Object.keys(CATALOGS) as Language[];
export const DEFAULT_LANGUAGE: Language = "en";

/** The texts in a language; an unknown code (a hand-edited setting) reads as English. */
export function textsIn(language: string): Catalog {
  return language in CATALOGS ? CATALOGS[language as Language] : en;
}

/** A text chosen now and worded later, in the reader's language (the parser does not know the reader). */
export type Phrase = (t: Catalog) => string;
