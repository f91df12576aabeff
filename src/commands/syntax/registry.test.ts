import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../texts/catalog.js";
import { readArgs } from "../args.js";
import { TOPICS } from "../handlers/help.js";
import { COMMAND_SPECS, COMMAND_WORDS, lookupCommand, suggestCommand } from "./registry.js";

describe("command registry", () => {
  it("has each word and alias once", () => {
    expect(new Set(COMMAND_WORDS).size).toBe(COMMAND_WORDS.length);
  });

  it("finds a spec by word and by alias", () => {
    expect(lookupCommand("assign")?.word).toBe("assign");
    expect(lookupCommand("reassign")?.word).toBe("assign");
    expect(lookupCommand("ASSIGN")).toBeNull();
    expect(lookupCommand("nope")).toBeNull();
  });

  it.each(COMMAND_SPECS.map((spec) => [spec.word] as const))(
    "/%s has help topics whose syntax starts with it, in every language",
    (word) => {
      expect(word).toMatch(/^[a-z]+$/);
      const forms = TOPICS[word] ?? [];
      expect(forms.length).toBeGreaterThan(0);
      for (const t of Object.values(CATALOGS)) {
        for (const { form } of forms) expect(t.helpTopics[form].startsWith(`/${word}`)).toBe(true);
      }
    },
  );

  it("covers every family of SPEC §4", () => {
    const families = new Set(COMMAND_SPECS.map((spec) => spec.family));
    expect([...families].sort()).toEqual(
      ["conversation", "help", "replies", "self", "settings", "staff", "teams", "views"].sort(),
    );
  });

  it("suggests words and aliases", () => {
    expect(suggestCommand("reasign")).toBe("reassign");
    expect(suggestCommand("whoamii")).toBe("whoami");
    expect(suggestCommand("qwertyuiop")).toBeNull();
  });

  it("every parser accepts or refuses empty arguments without throwing", () => {
    for (const spec of COMMAND_SPECS) expect(typeof spec.parseArgs(readArgs("")).ok).toBe("boolean");
  });
});
