// The "add a customer" form's rules: what becomes a customer, and what each refusal tells the visitor.
import { describe, expect, it } from "vitest";
import { SANDBOX_BUSINESS, SANDBOX_PEOPLE } from "./cast.js";
import { MAX_NAME, readNewCustomer, suggestNumber } from "./new-customer.js";

const taken = {
  businessWaId: SANDBOX_BUSINESS.displayNumber,
  holder: (waId: string) =>
    [...SANDBOX_PEOPLE, { waId: "15550100009", name: "+15550100009", side: "other" as const }].find(
      (p) => p.waId === waId,
    ),
};
const read = (name: unknown, phone: unknown) => readNewCustomer({ name, phone }, taken);
const problem = (name: unknown, phone: unknown) => {
  const result = read(name, phone);
  return result.ok ? null : result.problem;
};

describe("adding a customer", () => {
  it("takes a name and a number as people paste them", () => {
    expect(read("  Amara   Obi ", "+44 (20) 7946-0000")).toEqual({
      ok: true,
      person: { waId: "442079460000", name: "Amara Obi", side: "customer" },
    });
    expect(read("ليلى", "1.555.010.0150")).toMatchObject({ ok: true, person: { waId: "15550100150" } });
    // A bidi mark pasted with a number from a right-to-left chat is not part of it.
    expect(read("Zoë", "\u200E+1 555 010 0151")).toMatchObject({ ok: true, person: { waId: "15550100151" } });
  });

  it("keeps the name's own letters, normalized", () => {
    const nfd = "Zoe\u0308";
    expect(read(nfd, "+15550100152")).toMatchObject({ ok: true, person: { name: "Zoë" } });
  });

  it("refuses a missing, blank, too long or control-character name", () => {
    expect(problem(undefined, "+15550100150")).toMatch(/name/);
    expect(problem("   ", "+15550100150")).toMatch(/name/);
    expect(problem("x".repeat(MAX_NAME + 1), "+15550100150")).toMatch(/longer than 60/);
    expect(read("🌸".repeat(MAX_NAME), "+15550100150").ok).toBe(true);
    expect(problem("Bell\u0007", "+15550100150")).toMatch(/control character/);
  });

  it("refuses what is not a phone number, saying what to type", () => {
    for (const phone of [
      undefined,
      "",
      "12345",
      "+0123456789",
      "+1234567890123456",
      "call me",
      15550100150,
    ]) {
      expect(problem("Amara", phone)).toMatch(/country code, 6 to 15 digits/);
    }
  });

  it("refuses the business's own number and a number that already has a phone, naming whose", () => {
    expect(problem("Amara", "+1 555 010 0000")).toBe(
      "+15550100000 is the business's own number; a customer writes to it.",
    );
    expect(problem("Amara", "+15550100101")).toBe("+15550100101 is already Sheena Nelson's phone.");
    expect(problem("Amara", "+15550100003")).toBe("+15550100003 is already Maria García's phone.");
    expect(problem("Amara", "+15550100009")).toBe("+15550100009 is already a phone on this page.");
  });
});

describe("the number the form suggests", () => {
  it("is the first free one of the fictional range, and the form takes it as it is shown", () => {
    expect(suggestNumber(taken)).toBe("+1 555 010 0104");
    expect(read("Amara", suggestNumber(taken))).toMatchObject({ ok: true, person: { waId: "15550100104" } });
    const holder = (waId: string) => (waId === "15550100104" ? SANDBOX_PEOPLE[4] : taken.holder(waId));
    expect(suggestNumber({ ...taken, holder })).toBe("+1 555 010 0105");
    expect(suggestNumber({ ...taken, holder: () => SANDBOX_PEOPLE[4] })).toBe("");
  });
});
