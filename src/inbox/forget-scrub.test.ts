// The text-level pieces of /forget: a webhook body without one customer's part, and a message to staff
// without the lines that named them.
import { describe, expect, it } from "vitest";
import { redactBody, scrubPayloadLines, textColumns } from "./forget-scrub.js";

const body = {
  object: "whatsapp_business_account",
  entry: [
    {
      changes: [
        {
          value: {
            metadata: { phone_number_id: "1065" },
            contacts: [
              { profile: { name: "Sheena" }, wa_id: "15557770001" },
              { profile: { name: "Tom" }, wa_id: "15557770002" },
            ],
            messages: [
              { from: "15557770001", id: "w1", type: "text", text: { body: "secret" } },
              { from: "15557770002", id: "w2", type: "text", text: { body: "hello" } },
            ],
            statuses: [{ id: "w3", status: "read", recipient_id: "15557770001" }],
          },
        },
      ],
    },
  ],
};

describe("redactBody", () => {
  it("drops the customer's contact, messages and statuses wherever they sit, and keeps the rest", () => {
    const redacted = redactBody(JSON.stringify(body), ["15557770001"]);
    expect(redacted).not.toBeNull();
    const value = JSON.parse(redacted ?? "").entry[0].changes[0].value;
    expect(value.contacts).toEqual([{ profile: { name: "Tom" }, wa_id: "15557770002" }]);
    expect(value.messages.map((m: { id: string }) => m.id)).toEqual(["w2"]);
    expect(value.statuses).toEqual([]);
    expect(value.metadata).toEqual({ phone_number_id: "1065" });
    expect(redacted).not.toContain("secret");
  });

  it("returns null when the body holds nothing of theirs, or is not JSON", () => {
    expect(redactBody(JSON.stringify(body), ["15550000000"])).toBeNull();
    expect(redactBody("not json 15557770001", ["15557770001"])).toBeNull();
  });
});

describe("scrubPayloadLines", () => {
  const payload = (text: string) => JSON.stringify({ type: "text", text: { body: text } });
  const read = (p: string | null) => (JSON.parse(p ?? "null") as { text: { body: string } }).text.body;

  it("replaces a view's line about them (by name, or by #N when the name is cut) and keeps the others", () => {
    const view = [
      "New (3):",
      "#2 · Sheena Qu… · my code is 4417 · 5m",
      "#4 · Tom · hello · 1h",
      "#9 · Sheena · hi",
    ];
    const out = scrubPayloadLines(payload(view.join("\n")), ["Sheena Quixotic"], [2, 9], "(gone)");
    expect(read(out)).toBe(["New (3):", "(gone)", "#4 · Tom · hello · 1h", "(gone)"].join("\n"));
  });

  it("blanks a whole notice about their conversation among notices sent together", () => {
    const notices = ["While you were away (2):", "#2 · Sheena\nsecret words\nwindow open", "#4 · Tom\nhello"];
    const out = scrubPayloadLines(payload(notices.join("\n\n")), ["Sheena Quixotic"], [2], "(gone)");
    expect(read(out)).toBe(["While you were away (2):", "(gone)", "#4 · Tom\nhello"].join("\n\n"));
  });

  it("does not take #20 for #2, and returns null when nothing changed", () => {
    expect(scrubPayloadLines(payload("#20 · Tom · hi"), ["Sheena Quixotic"], [2], "(gone)")).toBeNull();
  });
});

describe("textColumns", () => {
  it("finds every text column of the schema, the new ones included", () => {
    const names = textColumns().map(({ column }) => column);
    for (const column of ["body", "name", "text", "raw", "payload", "last_error", "note", "wa_id_hash"]) {
      expect(names).toContain(column);
    }
  });
});
