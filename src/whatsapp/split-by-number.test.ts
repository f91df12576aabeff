import { describe, expect, it } from "vitest";
import { makeStatusWebhook, makeTextWebhook } from "../../test/kit/fixtures.js";
import { normalizeWebhook } from "./normalize.js";
import { routeTo, splitByBusinessNumber } from "./split-by-number.js";

const A = "111";
const B = "222";
const route = routeTo([A, B]);

function text(phoneNumberId: string, id: string) {
  return makeTextWebhook({ from: "15551234567", id, text: "hi", timestamp: 1, phoneNumberId });
}

function split(body: unknown) {
  const raw = JSON.stringify(body);
  return splitByBusinessNumber(JSON.parse(raw), raw, route);
}

describe("splitByBusinessNumber", () => {
  it("forwards a body for one number unchanged (its hash stays the one Meta signed)", () => {
    const raw = ` ${JSON.stringify(text(B, "w1"))}`;
    expect(splitByBusinessNumber(JSON.parse(raw), raw, route)).toEqual([
      { target: B, body: raw, whole: true },
    ]);
  });

  it("gives each number only its own changes, keeping the entry's other fields", () => {
    const a = text(A, "w1");
    const b = makeStatusWebhook({
      id: "w2",
      status: "read",
      timestamp: 1,
      recipientId: "1",
      phoneNumberId: B,
    });
    const entryA = a.entry[0];
    const entryB = b.entry[0];
    if (!entryA || !entryB) throw new Error("fixture without an entry");
    const both = { ...a, entry: [{ ...entryA, changes: [...entryA.changes, ...entryB.changes] }] };
    const parts = split(both);
    expect(parts.map((p) => [p.target, p.whole])).toEqual([
      [A, false],
      [B, false],
    ]);
    expect(parts.map((p) => JSON.parse(p.body))).toEqual([
      { ...a, entry: [{ ...entryA, changes: entryA.changes }] },
      { ...a, entry: [{ ...entryA, changes: entryB.changes }] },
    ]);
  });

  it("splits the same body the same way every time (redeliveries are recognised)", () => {
    const a = text(A, "w1");
    const body = { ...a, entry: [...a.entry, ...text(B, "w2").entry] };
    expect(split(body)).toEqual(split(body));
  });

  it("sends what has no number, or a number not served, to the primary number", () => {
    expect(split({ hello: "world" }).map((p) => p.target)).toEqual([A]);
    expect(split([1, 2]).map((p) => p.target)).toEqual([A]);
    expect(
      split({ object: "x", entry: [{ id: "1", changes: [{ field: "account_update", value: {} }] }] }),
    ).toEqual([expect.objectContaining({ target: A, whole: true })]);
    expect(split(text("999", "w3")).map((p) => p.target)).toEqual([A]);
    const mixed = { ...text(B, "w4"), entry: [...text(B, "w4").entry, ...text("999", "w5").entry] };
    expect(split(mixed).map((p) => p.target)).toEqual([B, A]);
  });
});

describe("splitByBusinessNumber, bodies too large to store as one value", () => {
  const customers = Array.from({ length: 12 }, (_, i) => `1555000${String(i).padStart(4, "0")}`);
  const messages = customers.map((from, i) => ({
    from,
    id: `wamid.BIG.${i}`,
    timestamp: "1760000000",
    type: "text",
    text: { body: `message ${i} `.repeat(40) },
  }));
  const statuses = [1, 2, 3].map((i) => ({
    id: `wamid.OUT.${i}`,
    status: "delivered",
    timestamp: "1760000000",
    recipient_id: "15551234567",
  }));
  const big = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: A },
              contacts: customers.map((wa_id) => ({ profile: { name: `Name ${wa_id}` }, wa_id })),
              messages,
              statuses,
            },
          },
        ],
      },
    ],
  };
  const raw = JSON.stringify(big);

  it("halves it until every part fits, each part carrying the value's metadata and contacts", () => {
    const parts = splitByBusinessNumber(big, raw, route, 4_000);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part).toMatchObject({ target: A, whole: false });
      expect(new TextEncoder().encode(part.body).byteLength).toBeLessThanOrEqual(4_000);
    }
  });

  it("loses, repeats and reorders no update, and every message still finds its sender's name", () => {
    const parts = splitByBusinessNumber(big, raw, route, 4_000);
    const split = parts.flatMap((p) => normalizeWebhook(JSON.parse(p.body)));
    expect(split).toEqual(normalizeWebhook(big));
  });

  it("splits the same way every time, and keeps a body that fits whole", () => {
    expect(splitByBusinessNumber(big, raw, route, 4_000)).toEqual(
      splitByBusinessNumber(big, raw, route, 4_000),
    );
    expect(splitByBusinessNumber(big, raw, route)).toEqual([{ target: A, body: raw, whole: true }]);
  });

  it("keeps a single update that is too large as it is (its store fails loudly, 503)", () => {
    const one = text(A, "w1");
    const oneRaw = JSON.stringify(one);
    expect(splitByBusinessNumber(one, oneRaw, route, 10)).toEqual([
      { target: A, body: oneRaw, whole: false },
    ]);
  });
});
