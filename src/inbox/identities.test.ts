import { describe, expect, it } from "vitest";
import { contactLabel } from "./identities.js";

const contact = (name: string | null, waId: string | null = "15550100103") => ({
  name,
  waId,
  bsuid: null,
  username: null,
});

describe("contactLabel", () => {
  it.each([
    ["Sheena Nelson", "Sheena Nelson"],
    ["Zoë 🌸", "Zoë 🌸"],
    ["ليلى 🌸", "\u2068ليلى 🌸\u2069"],
    ["דנה", "\u2068דנה\u2069"],
  ])("%s → %j", (name, label) => {
    expect(contactLabel(contact(name))).toBe(label);
  });

  it("falls back to the phone, then the BSUID", () => {
    expect(contactLabel(contact(null))).toBe("+15550100103");
    expect(contactLabel({ name: null, waId: null, bsuid: "US.1234", username: null })).toBe("US.1234");
  });
});
