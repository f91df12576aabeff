import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { handleFrom, normalizeName, teamNameFrom } from "./names.js";

const NFD_ZOE = "zoe\u0308";

describe("handleFrom", () => {
  it.each([
    ["zoë", "zoë"],
    ["ZOË", "zoë"],
    [NFD_ZOE, "zoë"],
    ["ZOE\u0308", "zoë"],
    ["María", "maría"],
    ["maria.lopez_2", "maria.lopez_2"],
    ["Ξένια", "ξένια"],
    ["ΟΔΟΣ", "οδος"],
    ["Жанна", "жанна"],
    ["مريم", "مريم"],
    ["שרה", "שרה"],
    ["マリア", "マリア"],
    ["ﾏﾘｱ", "マリア"],
    ["ｍａｒｉａ", "maria"],
    ["小明", "小明"],
    ["지민", "지민"],
    ["प्रिया", "प्रिया"],
    ["\u212Aate", "kate"],
  ])("%s is the handle %s", (typed, handle) => {
    expect(handleFrom(typed)).toBe(handle);
  });

  it.each([
    ["", "empty"],
    ["😀maria", "an emoji"],
    ["ma ria", "a space"],
    ["mar!a", "punctuation"],
    ["\u0301maria", "a combining mark first"],
    ["a".repeat(33), "33 letters"],
    ["ñ".repeat(33), "33 letters, each one code point once composed"],
    ["@maria", "the @ (the parser takes it off)"],
  ])("refuses %s (%s)", (typed) => {
    expect(handleFrom(typed)).toBeNull();
  });

  it("counts letters once composed: 32 decomposed ñ are a handle", () => {
    expect(handleFrom("n\u0303".repeat(32))).toBe("ñ".repeat(32));
  });
});

describe("teamNameFrom", () => {
  it.each([
    ["Ventas-España", "ventas-españa"],
    ["VENTAS-ESPAN\u0303A", "ventas-españa"],
    ["مبيعات", "مبيعات"],
    ["support_2", "support_2"],
  ])("%s is the team %s", (typed, name) => {
    expect(teamNameFrom(typed)).toBe(name);
  });

  it.each(["ventas.es", "ventas🇪🇸", "sales team", ""])("refuses %s", (typed) => {
    expect(teamNameFrom(typed)).toBeNull();
  });
});

/** A letter of any script that is already in NFKC: its normal form is a lowercase letter. */
const letter = fc
  .integer({ min: 0x41, max: 0x2ffff })
  .map((code) => String.fromCodePoint(code))
  .filter((c) => /^\p{L}$/u.test(c) && c.normalize("NFKC") === c);

/**
 * A letter whose case maps one to one (most letters of cased scripts, every letter of the others):
 * not ß (uppercase SS), ı and İ (Turkish dotless and dotted i), or Greek sigma (its lowercase depends on
 * where it stands in the word).
 */
const simpleCase = (c: string) =>
  Array.from(c.toUpperCase()).length === 1 &&
  Array.from(c.toLowerCase()).length === 1 &&
  c.toUpperCase().toLowerCase() === c.toLowerCase() &&
  c.toLowerCase().toUpperCase() === c.toUpperCase() &&
  !/[σςΣ]/u.test(c);

const word = (arb: fc.Arbitrary<string>) =>
  fc.array(arb, { minLength: 1, maxLength: 32 }).map((letters) => letters.join(""));

describe("a handle of random letters (properties)", () => {
  it("of any script is accepted, in one normal form", () => {
    fc.assert(
      fc.property(word(letter), (typed) => {
        const handle = handleFrom(typed);
        expect(handle).not.toBeNull();
        expect(handleFrom(handle ?? "")).toBe(handle);
        expect(teamNameFrom(typed)).toBe(handle);
      }),
      { numRuns: 500 },
    );
  });

  it("is the same handle composed, decomposed or in compatibility forms", () => {
    fc.assert(
      fc.property(word(letter), fc.constantFrom("NFC", "NFD", "NFKC", "NFKD"), (typed, form) => {
        expect(handleFrom(typed.normalize(form as "NFC"))).toBe(handleFrom(typed));
      }),
      { numRuns: 500 },
    );
  });

  it("is the same handle in any mix of upper and lower case", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(letter.filter(simpleCase), fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 32,
        }),
        (letters) => {
          const one = letters.map(([c, up]) => (up ? c.toUpperCase() : c.toLowerCase())).join("");
          const other = letters.map(([c, , up]) => (up ? c.toUpperCase() : c.toLowerCase())).join("");
          expect(handleFrom(one)).not.toBeNull();
          expect(handleFrom(one)).toBe(handleFrom(other));
          expect(handleFrom(one.normalize("NFD"))).toBe(handleFrom(other));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("normalizing is idempotent, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
        const once = normalizeName(text);
        expect(normalizeName(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
