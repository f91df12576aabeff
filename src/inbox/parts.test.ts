// A long customer message in numbered parts: nothing lost, nothing over the limit, no emoji cut in half.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TEXT_LIMIT } from "../outbox/payload.js";
import { inParts, type Parts } from "./parts.js";

const parts = (over: Partial<Parts> & { body: string }): Parts => ({
  head: "#4 · Sheena · +15557770001",
  numbered: (i, of) => `#4 · Sheena · +15557770001 (${i}/${of})`,
  tail: "window open · 23h 59m left",
  limit: TEXT_LIMIT,
  ...over,
});

/** Undoes inParts: each part without its heading line, and the last without its tail. */
function reassemble(p: Parts, messages: string[]): string {
  const n = messages.length;
  return messages
    .map((m, i) => {
      const head = n === 1 ? p.head : p.numbered(i + 1, n);
      expect(m.startsWith(`${head}\n`)).toBe(true);
      let body = m.slice(head.length + 1);
      if (i === n - 1 && p.tail !== "") {
        expect(body.endsWith(`\n${p.tail}`)).toBe(true);
        body = body.slice(0, body.length - p.tail.length - 1);
      }
      return body;
    })
    .join("");
}

/** A string that ends on the first half of a surrogate pair: an emoji cut in two. */
const endsMidPair = (s: string) => {
  const last = s.charCodeAt(s.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
};

describe("inParts", () => {
  it("a message that fits is one message, heading, body and tail as before", () => {
    expect(inParts(parts({ body: "Hi" }))).toEqual([
      "#4 · Sheena · +15557770001\nHi\nwindow open · 23h 59m left",
    ]);
  });

  it("4,097 characters become two numbered parts, the tail on the last", () => {
    const body = "a".repeat(TEXT_LIMIT + 1);
    const out = inParts(parts({ body }));
    expect(out.map((m) => m.split("\n")[0])).toEqual([
      "#4 · Sheena · +15557770001 (1/2)",
      "#4 · Sheena · +15557770001 (2/2)",
    ]);
    expect(out[1]?.endsWith("\nwindow open · 23h 59m left")).toBe(true);
  });

  it("splitting then reassembling gives the original, every part within the limit, emoji whole", () => {
    const body = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 9000 }),
      fc.string({ unit: fc.constantFrom("😀", "👍🏽", "a", " ", "\n", "é", "ليلى", "漢"), maxLength: 6000 }),
    );
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 120, max: TEXT_LIMIT }),
        fc.string({ unit: "grapheme", maxLength: 40 }),
        fc.constantFrom("", "window open · 5h 12m left", "window open · 24h 0m left\nReply /assign me #4"),
        (text, limit, name, tail) => {
          const head = `#4 · ${name}`;
          const p: Parts = { head, numbered: (i, of) => `${head} (${i}/${of})`, body: text, tail, limit };
          const out = inParts(p);
          for (const m of out) expect(m.length).toBeLessThanOrEqual(limit);
          expect(reassemble(p, out)).toBe(text);
          // A part ends on a whole character: no high surrogate left at its end.
          for (const m of out.slice(0, -1)) {
            const body = m.slice(m.indexOf("\n") + 1);
            expect(endsMidPair(body)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
