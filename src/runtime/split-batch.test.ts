import { describe, expect, it } from "vitest";
import { makeStatusWebhook, makeTextWebhook } from "../../test/fixtures.js";
import { routeTo, splitByBusinessNumber } from "./split-batch.js";

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
