// Every setting and every value it takes has its words in every language (SPEC §16): the types ask for a
// text per key and value in English (setting-definitions.ts, free-form-settings.ts); this checks each
// catalog has exactly those, none missing and none left over from a setting or value that is gone.
import { describe, expect, it } from "vitest";
import { CATALOGS, LANGUAGES } from "../texts/catalog.js";
import {
  allowedValues,
  SETTING_DEFINITIONS,
  settingFormsText,
  settingMeaning,
  settingValueText,
} from "./setting-definitions.js";

const oneWord = SETTING_DEFINITIONS.filter((d) => !d.freeForm);
const freeForm = SETTING_DEFINITIONS.filter((d) => d.freeForm);

describe.each(LANGUAGES)("the settings in %s", (language) => {
  const t = CATALOGS[language];

  it("has a meaning for every setting, and none for a setting there is not", () => {
    expect(Object.keys(t.settingMeanings).sort()).toEqual(SETTING_DEFINITIONS.map((d) => d.key).sort());
    for (const d of SETTING_DEFINITIONS) expect(settingMeaning(t, d).trim(), d.key).not.toBe("");
  });

  it("says what every value of a one-word setting does, and nothing about other values", () => {
    const expected = oneWord.flatMap((d) => allowedValues(d).map((v) => `${d.key}.${v}`));
    expect(Object.keys(t.settingValueMeanings).sort()).toEqual(expected.sort());
    for (const d of oneWord)
      for (const v of allowedValues(d))
        expect(settingValueText(t, d, v).trim(), `${d.key}.${v}`).not.toBe("");
  });

  it("says the forms of every free-form setting, and of no other", () => {
    expect(Object.keys(t.settingForms).sort()).toEqual(freeForm.map((d) => d.key).sort());
    for (const d of freeForm) expect(settingFormsText(t, d).trim(), d.key).not.toBe("");
  });

  it("gives each free-form setting an example /set that it takes", () => {
    for (const d of freeForm) {
      const example = d.freeForm?.example(t) ?? "";
      const prefix = `/set ${d.key} `;
      expect(example.startsWith(prefix), example).toBe(true);
      expect(d.freeForm?.parse(example.slice(prefix.length)).ok, example).toBe(true);
    }
  });
});

it("offers each language of the catalog as a value of language", () => {
  const language = SETTING_DEFINITIONS.find((d) => d.key === "language");
  expect(language && allowedValues(language)).toEqual(LANGUAGES);
});
