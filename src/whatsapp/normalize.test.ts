import { describe, expect, it } from "vitest";
import { loadWebhookFixture, webhookFixtureNames } from "../../test/kit/fixtures.js";
import { normalizeWebhook } from "./normalize.js";
import type { InboundMessage, WebhookUpdate } from "./updates.js";

const PNID = "106540352242922";
const CUSTOMER = "16505551234";
const BIZ_MSG = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
const BSUID = "US.13491208655302741918";
const wamid = (tail: string) => `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQz${tail}A=`;

function normalizeFixture(name: string): WebhookUpdate[] {
  return normalizeWebhook(JSON.parse(loadWebhookFixture(name)));
}

function onlyMessage(name: string): InboundMessage {
  const updates = normalizeFixture(name);
  expect(updates).toHaveLength(1);
  const [update] = updates;
  if (update?.kind !== "message") throw new Error(`expected a message, got ${JSON.stringify(update)}`);
  expect(update.phoneNumberId).toBe(PNID);
  return update;
}

const sheena = { waId: CUSTOMER, bsuid: null, name: "Sheena Nelson", username: null };
const plain = {
  subtype: null,
  media: null,
  quotedId: null,
  forwarded: false,
  groupId: null,
  changedTo: null,
};

// Expected key fields of the single message each fixture holds.
const messageFixtures: Record<string, Partial<InboundMessage>> = {
  text: {
    ...plain,
    id: wamid("QTdDRjQ3QjE5NkQzQTY0RUQ0MQ"),
    dedupKey: wamid("QTdDRjQ3QjE5NkQzQTY0RUQ0MQ"),
    from: sheena,
    timestamp: 1_749_416_383_000,
    type: "text",
    text: "Hi, is my order #4521 ready for pickup?",
  },
  "text-quoted-reply": {
    ...plain,
    type: "text",
    quotedId: BIZ_MSG,
    text: "Yes, tomorrow at 10 works for me.",
  },
  "text-forwarded": {
    ...plain,
    type: "text",
    forwarded: true,
    text: "Store hours: Mon-Fri 9-18, Sat 10-14.",
  },
  image: {
    type: "image",
    text: "The box arrived damaged",
    media: {
      id: "1003383421387256",
      mimeType: "image/jpeg",
      sha256: "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=",
      filename: null,
      caption: "The box arrived damaged",
      animated: false,
      voice: false,
    },
  },
  "audio-voice": {
    type: "audio",
    text: null,
    media: expect.objectContaining({
      id: "1151937986539458",
      mimeType: "audio/ogg; codecs=opus",
      voice: true,
    }),
  },
  video: {
    type: "video",
    text: "Unboxing, you can see the crack",
    media: expect.objectContaining({ id: "1287416305893402", mimeType: "video/mp4", voice: false }),
  },
  document: {
    type: "document",
    text: "invoice-4521.pdf",
    media: expect.objectContaining({ id: "2087146093571236", filename: "invoice-4521.pdf" }),
  },
  sticker: { type: "sticker", text: null, media: expect.objectContaining({ mimeType: "image/webp" }) },
  location: {
    ...plain,
    type: "location",
    text: "Main Street Store, 1 Hacker Way, Menlo Park, CA 94025 (37.483307,-122.148981)",
  },
  contacts: { ...plain, type: "contacts", text: "Barbara J. Johnson, Tom Okafor" },
  "interactive-button-reply": {
    type: "interactive",
    subtype: "button_reply",
    text: "Assign me",
    quotedId: BIZ_MSG,
  },
  "interactive-list-reply": {
    type: "interactive",
    subtype: "list_reply",
    text: "High priority",
    quotedId: BIZ_MSG,
  },
  button: { type: "button", subtype: null, text: "Reschedule delivery", quotedId: BIZ_MSG },
  reaction: {
    type: "reaction",
    text: "\u{1F44D}",
    quotedId: BIZ_MSG,
    dedupKey: `${wamid("OEYyQzM5MDZENEVCMDc1RjNDMA")}:reaction:\u{1F44D}:1749417781000`,
  },
  "reaction-removed": {
    type: "reaction",
    text: null,
    quotedId: BIZ_MSG,
    dedupKey: `${wamid("OEYyQzM5MDZENEVCMDc1RjNDMA")}:reaction::1749417904000`,
  },
  order: { ...plain, type: "order", text: "order: 2 items" },
  "system-user-changed-number": {
    type: "system",
    subtype: "user_changed_number",
    text: "User Sheena Nelson changed from 16505551234 to 16505559876",
    // No contacts block: the sender is known only by `from`.
    from: { waId: CUSTOMER, bsuid: null, name: null, username: null },
    changedTo: { waId: "16505559876", bsuid: "US.20587310946627518834" },
  },
  "unsupported-edit": { ...plain, type: "unsupported", subtype: "edit", text: null, from: sheena },
  referral: { ...plain, type: "text", text: "Hi, I saw your ad. Is free delivery available in Palo Alto?" },
  "group-text": {
    type: "text",
    text: "/assign me",
    groupId: "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD",
    from: { waId: "16505557788", bsuid: null, name: "Priya Raman", username: null },
  },
  "bsuid-only": {
    type: "text",
    timestamp: 1_775_736_000_000,
    from: { waId: null, bsuid: BSUID, name: "Sheena Nelson", username: "sheena.nelson" },
  },
  "bsuid-and-phone": {
    type: "text",
    from: { waId: CUSTOMER, bsuid: BSUID, name: "Sheena Nelson", username: "sheena.nelson" },
  },
};

describe("normalizeWebhook: message fixtures", () => {
  it.each(Object.entries(messageFixtures))("%s", (name, expected) => {
    const message = onlyMessage(name);
    expect(message).toMatchObject(expected);
    expect(message.raw).toEqual(
      JSON.parse(loadWebhookFixture(name)).entry[0].changes[0].value.messages[0] as unknown,
    );
    if (message.type !== "reaction") expect(message.dedupKey).toBe(message.id);
  });

  it("keeps a reaction and its removal apart although Meta reuses the message id", () => {
    const added = onlyMessage("reaction");
    const removed = onlyMessage("reaction-removed");
    expect(removed.id).toBe(added.id);
    expect(removed.dedupKey).not.toBe(added.dedupKey);
  });
});

describe("normalizeWebhook: status, error and other fixtures", () => {
  it.each([
    ["status-sent", "sent", 1_749_416_400_000],
    ["status-delivered", "delivered", 1_749_416_403_000],
    ["status-read", "read", 1_749_416_450_000],
    ["status-played", "played", 1_749_417_000_000],
  ] as const)("%s", (name, status, timestamp) => {
    const updates = normalizeFixture(name);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      kind: "status",
      phoneNumberId: PNID,
      status,
      timestamp,
      recipientId: CUSTOMER,
      recipientParticipantId: null,
      errors: [],
    });
  });

  it("status-sent carries our correlation data", () => {
    expect(normalizeFixture("status-sent")[0]).toMatchObject({
      id: BIZ_MSG,
      bizOpaqueCallbackData: "outbox:1842",
    });
  });

  it("status-failed-131047 carries the error", () => {
    expect(normalizeFixture("status-failed-131047")).toEqual([
      expect.objectContaining({
        kind: "status",
        status: "failed",
        bizOpaqueCallbackData: "outbox:1907",
        errors: [
          {
            code: 131047,
            title: "Re-engagement message",
            details:
              "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
        ],
      }),
    ]);
  });

  it("value-errors becomes a system error", () => {
    expect(normalizeFixture("value-errors")).toEqual([
      expect.objectContaining({
        kind: "error",
        phoneNumberId: PNID,
        error: expect.objectContaining({ code: 130429, title: "Rate limit hit" }),
      }),
    ]);
  });

  it("other-field is one ignored change carrying the change", () => {
    const body = JSON.parse(loadWebhookFixture("other-field"));
    expect(normalizeWebhook(body)).toEqual([
      {
        kind: "ignored",
        phoneNumberId: null,
        reason: 'webhook field "message_template_status_update" is not handled',
        raw: body.entry[0].changes[0],
      },
    ]);
  });

  it("multi-entry-batch yields every update in body order", () => {
    const updates = normalizeFixture("multi-entry-batch");
    expect(updates.map((update) => update.kind)).toEqual([
      "message",
      "message",
      "status",
      "status",
      "message",
      "status",
    ]);
    const [first, second, , , fifth] = updates;
    expect(first).toMatchObject({ text: "First message", from: sheena });
    // Two senders in one change: each message gets its own contact.
    expect(second).toMatchObject({ type: "image", from: { waId: "393331234567", name: "Marco Rossi" } });
    expect(fifth).toMatchObject({ text: "Second entry" });
    expect(updates.filter((update) => update.kind === "status").map((update) => update.status)).toEqual([
      "delivered",
      "read",
      "sent",
    ]);
  });

  it("covers every fixture on disk", () => {
    const tested = new Set([
      ...Object.keys(messageFixtures),
      "status-sent",
      "status-delivered",
      "status-read",
      "status-played",
      "status-failed-131047",
      "value-errors",
      "other-field",
      "multi-entry-batch",
    ]);
    expect(webhookFixtureNames().filter((name) => !tested.has(name))).toEqual([]);
  });
});
