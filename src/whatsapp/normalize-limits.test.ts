// Issue 18, case 5: bodies Meta never sends (a million-element list, a field nested 10,000 deep) must cost
// a bounded amount of work, keep their valid updates and say what was skipped. The bounds asserted here are
// counts of normalized updates, never times: a body of N junk elements must not become N updates.
import { describe, expect, it } from "vitest";
import { TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { normalizeWebhook } from "./normalize.js";
import type { IgnoredChange, InboundMessage, StatusUpdate, WebhookUpdate } from "./updates.js";

const HUGE = 100_000;
/** Far below HUGE: reading a body may cost a few thousand elements, never all of them. */
const BOUNDED = HUGE / 10;

const change = (value: Record<string, unknown>) => ({
  field: "messages",
  value: { metadata: { phone_number_id: TEST_PHONE_NUMBER_ID }, ...value },
});
const entryOf = (value: Record<string, unknown>) => ({ id: "102290129340398", changes: [change(value)] });
const bodyOf = (entry: unknown[]) => ({ object: "whatsapp_business_account", entry });

const textMessage = (id: string, extra: Record<string, unknown> = {}) => ({
  from: "16505551234",
  id,
  timestamp: "1749416383",
  type: "text",
  text: { body: `body of ${id}` },
  ...extra,
});
const sheena = { profile: { name: "Sheena" }, wa_id: "16505551234" };

const messagesOf = (updates: WebhookUpdate[]) =>
  updates.filter((u): u is InboundMessage => u.kind === "message");
const ignoredOf = (updates: WebhookUpdate[]) =>
  updates.filter((u): u is IgnoredChange => u.kind === "ignored");
const many = (item: unknown) => Array.from({ length: HUGE }, () => item);

/** The valid update is kept, the body costs a bounded number of updates, and one says what was not read. */
function expectBounded(updates: WebhookUpdate[], list: string) {
  expect(updates.length).toBeLessThan(BOUNDED);
  const skipped = ignoredOf(updates).filter((u) => u.reason.includes("not read"));
  expect(skipped.map((u) => u.reason)).toEqual([expect.stringContaining(list)]);
  // The reason says how many were left, so a log reader knows the body was cut.
  expect(skipped[0]?.reason).toMatch(/\d[\d,]* more/);
}

describe("normalizeWebhook: a body with a huge list is read up to a limit", () => {
  it("entry: a valid entry and 100,000 zeros", () => {
    const updates = normalizeWebhook(
      bodyOf([entryOf({ contacts: [sheena], messages: [textMessage("wamid.E")] }), ...many(0)]),
    );
    expect(messagesOf(updates).map((m) => [m.id, m.from.name])).toEqual([["wamid.E", "Sheena"]]);
    expectBounded(updates, "entry");
  });

  it("changes: one entry with a valid change and 100,000 empty ones", () => {
    const entry = {
      id: "102290129340398",
      changes: [change({ messages: [textMessage("wamid.C")] }), ...many({})],
    };
    const updates = normalizeWebhook(bodyOf([entry]));
    expect(messagesOf(updates).map((m) => m.id)).toEqual(["wamid.C"]);
    expectBounded(updates, "changes");
  });

  it("messages: a valid message and 100,000 empty objects", () => {
    const updates = normalizeWebhook(
      bodyOf([entryOf({ contacts: [sheena], messages: [textMessage("wamid.M"), ...many({})] })]),
    );
    expect(messagesOf(updates).map((m) => m.id)).toEqual(["wamid.M"]);
    expectBounded(updates, "messages");
  });

  it("contacts: 100,000 empty contacts beside a valid message and its sender", () => {
    const updates = normalizeWebhook(
      bodyOf([entryOf({ contacts: [sheena, ...many({})], messages: [textMessage("wamid.K")] })]),
    );
    expect(messagesOf(updates).map((m) => [m.id, m.from.name])).toEqual([["wamid.K", "Sheena"]]);
    expectBounded(updates, "contacts");
  });

  it("statuses: a valid status and 100,000 empty objects", () => {
    const status = { id: "wamid.OUT", status: "delivered", timestamp: "1749416383" };
    const updates = normalizeWebhook(bodyOf([entryOf({ statuses: [status, ...many({})] })]));
    expect(updates.filter((u) => u.kind === "status").map((u) => (u as StatusUpdate).id)).toEqual([
      "wamid.OUT",
    ]);
    expectBounded(updates, "statuses");
  });

  it("errors: value.errors with 100,000 elements", () => {
    const updates = normalizeWebhook(bodyOf([entryOf({ errors: many({ code: 131000, title: "x" }) })]));
    expectBounded(updates, "errors");
  });

  it("errors of one failed status: the status is kept with the errors read", () => {
    const status = { id: "wamid.OUT", status: "failed", timestamp: "1749416383", errors: many(0) };
    const updates = normalizeWebhook(bodyOf([entryOf({ statuses: [status] })]));
    expect(updates.filter((u) => u.kind === "status")).toHaveLength(1);
    expectBounded(updates, "errors");
  });

  it("many lists of 5,000 add up: the limit is per body, not per list", () => {
    const entries = Array.from({ length: 50 }, () =>
      entryOf({ messages: Array.from({ length: 5_000 }, () => ({})) }),
    );
    const updates = normalizeWebhook(bodyOf(entries));
    expect(updates.length).toBeLessThan(BOUNDED);
    expect(ignoredOf(updates).some((u) => u.reason.includes("not read"))).toBe(true);
  });
});

describe("normalizeWebhook: huge or deep parts of one message", () => {
  it("a shared-contacts message with 100,000 cards keeps the message and names a bounded few", () => {
    const cards = [{ name: { formatted_name: "Ana" } }, ...many(0)];
    const updates = normalizeWebhook(
      bodyOf([entryOf({ messages: [{ ...textMessage("wamid.V"), type: "contacts", contacts: cards }] })]),
    );
    const [message] = messagesOf(updates);
    expect(message).toMatchObject({ id: "wamid.V", type: "contacts" });
    expect(message?.text?.startsWith("Ana")).toBe(true);
    expect(message?.text?.length ?? 0).toBeLessThan(BOUNDED);
    expect(updates.length).toBeLessThan(10);
  });

  it("a shared contact with 100,000 phones keeps the message", () => {
    const cards = [{ name: { formatted_name: "Ana" }, phones: many(0) }];
    const updates = normalizeWebhook(
      bodyOf([entryOf({ messages: [{ ...textMessage("wamid.P"), type: "contacts", contacts: cards }] })]),
    );
    expect(messagesOf(updates)).toMatchObject([{ id: "wamid.P", text: "Ana" }]);
  });

  it("a text message with an extra field nested 10,000 deep is kept; the deep part is cut from it and noted", () => {
    const depth = 10_000;
    const text = JSON.stringify(textMessage("wamid.DEEP")).replace(
      /}$/,
      `,"extra":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`,
    );
    const updates = normalizeWebhook(bodyOf([entryOf({ messages: [JSON.parse(text)] })]));
    const [message] = messagesOf(updates);
    expect(message).toMatchObject({ id: "wamid.DEEP", text: "body of wamid.DEEP" });
    // What the Inbox stores with the message must serialise: the deep part is replaced by a marker.
    const stored = JSON.stringify(message?.raw);
    expect(stored.length).toBeLessThan(2_000);
    expect(stored).toContain('"text":{"body":"body of wamid.DEEP"}');
    expect(ignoredOf(updates).map((u) => u.reason)).toEqual([
      expect.stringMatching(/wamid\.DEEP.*nested deeper than \d+ levels/),
    ]);
  });

  it("a message within the depth limit is kept as the very object Meta sent", () => {
    const raw = textMessage("wamid.FLAT", { context: { id: "wamid.Q", referred_product: { a: [1] } } });
    const updates = normalizeWebhook(bodyOf([entryOf({ messages: [raw] })]));
    expect(updates).toHaveLength(1);
    expect(messagesOf(updates)[0]?.raw).toBe(raw);
  });
});
