// Every language has every key with the same parameters. The type checker already refuses a missing or
// extra key and a parameter of another type (`satisfies Catalog` in each language file); this checks at
// run time what the type cannot: that each text reads the same parameters as English (a translation that
// forgot `{n}` type-checks, since a function may ignore its argument), and says something.
import { describe, expect, it } from "vitest";
import { CATALOGS, type Catalog, LANGUAGES } from "./catalog.js";
import { en } from "./en.js";

/** Calls a text with a probe that records which parameters it reads, and returns them sorted. */
function parametersRead(text: (p: never) => string): { read: string[]; result: string } {
  const read = new Set<string>();
  const probe = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === "string") read.add(key);
        // A value every text can print and branch on: a string that is also truthy and not null.
        return `‹${String(key)}›`;
      },
    },
  );
  const result = text(probe as never);
  return { read: [...read].sort(), result };
}

type Entry = [string, unknown];

function entries(catalog: Catalog): Entry[] {
  return Object.entries(catalog).flatMap(([key, value]): Entry[] =>
    typeof value === "object" && value !== null
      ? Object.entries(value).map(([inner, v]): Entry => [`${key}.${inner}`, v])
      : [[key, value]],
  );
}

describe("the catalog of staff texts", () => {
  const reference = new Map(entries(en));

  for (const language of LANGUAGES) {
    describe(language, () => {
      const own = new Map(entries(CATALOGS[language]));

      it("has exactly the keys English has", () => {
        expect([...own.keys()].sort()).toEqual([...reference.keys()].sort());
      });

      it("each text reads the same parameters as in English and is not empty", () => {
        for (const [key, value] of reference) {
          const mine = own.get(key);
          expect(typeof mine, key).toBe(typeof value);
          if (typeof value === "function" && typeof mine === "function") {
            const theirs = parametersRead(value as (p: never) => string);
            const ours = parametersRead(mine as (p: never) => string);
            expect(ours.read, `${language}.${key}`).toEqual(theirs.read);
            for (const name of theirs.read) {
              // Printed (not just tested) where English prints it, so nothing the reader needs is lost.
              if (theirs.result.includes(`‹${name}›`))
                expect(ours.result, `${language}.${key} prints ${name}`).toContain(`‹${name}›`);
            }
            expect(ours.result.trim(), key).not.toBe("");
          } else {
            expect(String(mine).trim(), key).not.toBe("");
          }
        }
      });
    });
  }

  it("keeps commands untranslated: every /command English names, each language names too", () => {
    const commands = (s: string) => [...s.matchAll(/\/[a-z]+/g)].map((m) => m[0]).sort();
    for (const language of LANGUAGES) {
      const own = new Map(entries(CATALOGS[language]));
      for (const [key, value] of reference) {
        const mine = own.get(key);
        const render = (v: unknown) =>
          typeof v === "function" ? parametersRead(v as (p: never) => string).result : String(v);
        expect(commands(render(mine)), `${language}.${key}`).toEqual(commands(render(value)));
      }
    }
  });
});
