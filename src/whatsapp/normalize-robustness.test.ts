import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  loadWebhookFixture,
  makeStatusWebhook,
  makeTextWebhook,
  TEST_PHONE_NUMBER_ID,
  webhookFixtureNames,
} from "../../test/kit/fixtures.js";
import { normalizeWebhook } from "./normalize.js";
import type { WebhookUpdate } from "./updates.js";

const KINDS = new Set(["message", "status", "error", "ignored"]);

function messagesBody(value: Record<string, unknown>): unknown {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          { field: "messages", value: { metadata: { phone_number_id: TEST_PHONE_NUMBER_ID }, ...value } },
        ],
      },
    ],
  };
}

const textMessage = (id: string) => ({
  from: "16505551234",
  id,
  timestamp: "1749416383",
  type: "text",
  text: { body: `body of ${id}` },
});

function expectWellFormed(updates: WebhookUpdate[]): void {
  expect(Array.isArray(updates)).toBe(true);
  for (const update of updates) {
    expect(KINDS.has(update.kind)).toBe(true);
    if (update.kind === "message" || update.kind === "status") {
      expect(Number.isFinite(update.timestamp)).toBe(true);
      expect(typeof update.id).toBe("string");
    }
  }
}

describe("normalizeWebhook: batches and order", () => {
  it("turns a 1000-message change into 1000 messages in order", () => {
    const messages = Array.from({ length: 1000 }, (_, i) => textMessage(`wamid.batch-${i}`));
    const updates = normalizeWebhook(messagesBody({ messages }));
    expect(updates).toHaveLength(1000);
    expect(updates.map((update) => (update.kind === "message" ? update.id : update.kind))).toEqual(
      messages.map((message) => message.id),
    );
  });

  it("keeps body order across entries and changes with mixed messages and statuses", () => {
    const entry = (e: number) => ({
      id: "102290129340398",
      changes: Array.from({ length: 10 }, (_, c) => ({
        field: "messages",
        value: {
          metadata: { phone_number_id: TEST_PHONE_NUMBER_ID },
          messages: Array.from({ length: 30 }, (_, i) => textMessage(`wamid.m-${e}-${c}-${i}`)),
          statuses: Array.from({ length: 20 }, (_, i) => ({
            id: `wamid.s-${e}-${c}-${i}`,
            status: "delivered",
            timestamp: "1749416383",
          })),
        },
      })),
    });
    const updates = normalizeWebhook({ object: "whatsapp_business_account", entry: [entry(0), entry(1)] });
    expect(updates).toHaveLength(1000);
    const ids = updates.map((update) =>
      update.kind === "message" || update.kind === "status" ? `${update.kind}:${update.id}` : update.kind,
    );
    expect(ids.slice(0, 31)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `message:wamid.m-0-0-${i}`),
      "status:wamid.s-0-0-0",
    ]);
    expect(ids.at(-1)).toBe("status:wamid.s-1-9-19");
  });
});

describe("normalizeWebhook: malformed input", () => {
  it("reports each malformed element as ignored without hiding its neighbours", () => {
    const broken = [
      { type: "text", text: { body: "no id" } },
      { id: "wamid.bad-body", type: "text", text: { body: 5 } },
      { id: "wamid.no-media-id", from: "16505551234", type: "image", image: { mime_type: "image/jpeg" } },
      42,
      null,
    ];
    const body = messagesBody({
      messages: [textMessage("wamid.first"), ...broken, textMessage("wamid.last")],
      statuses: [
        { id: "wamid.out", status: "read", timestamp: "1749416383" },
        { status: "sent" },
        { id: "wamid.out", status: "queued", timestamp: "1749416383" },
      ],
      errors: [{ title: "no code" }],
    });
    const updates = normalizeWebhook(body);
    expect(updates.map((update) => update.kind)).toEqual([
      "message",
      ...broken.map(() => "ignored"),
      "message",
      "status",
      "ignored",
      "ignored",
      "ignored",
    ]);
    expect(updates[1]).toMatchObject({ phoneNumberId: TEST_PHONE_NUMBER_ID, raw: broken[0] });
    expect(updates[2]).toMatchObject({ reason: expect.stringContaining("text.body") });
    expect(updates[9]).toMatchObject({ reason: 'unknown status "queued"' });
  });

  it.each([null, 42, "text", [], {}, { object: "whatsapp_business_account" }, { entry: "nope" }])(
    "reports a body that is not an envelope (%j) as one ignored change",
    (body) => {
      expect(normalizeWebhook(body)).toEqual([
        {
          kind: "ignored",
          phoneNumberId: null,
          reason: expect.stringMatching(/^not a webhook body/),
          raw: body,
        },
      ]);
    },
  );

  it("ignores another product's webhook", () => {
    const updates = normalizeWebhook({ object: "instagram", entry: [] });
    expect(updates).toMatchObject([{ kind: "ignored", reason: expect.stringContaining("instagram") }]);
  });

  it("reports a malformed entry, change or list and still reads the rest", () => {
    const good = messagesBody({ messages: [textMessage("wamid.ok")] }) as { entry: unknown[] };
    const updates = normalizeWebhook({
      object: "whatsapp_business_account",
      entry: [
        "not an entry",
        { changes: [{ value: {} }, { field: "messages", value: { metadata: {} } }] },
        { changes: [{ field: "messages", value: { metadata: { phone_number_id: "1" }, messages: {} } }] },
        { changes: [{ field: "messages", value: { metadata: { phone_number_id: "1" }, contacts: [] } }] },
        ...good.entry,
      ],
    });
    expect(
      updates.map((update) => (update.kind === "ignored" ? update.reason.split(":")[0] : update.kind)),
    ).toEqual([
      "malformed entry",
      "malformed change",
      "malformed messages value",
      "value.messages is not an array",
      "messages change without messages, statuses or errors",
      "message",
    ]);
  });

  it("keeps a message of an unknown type with no text", () => {
    const updates = normalizeWebhook(
      messagesBody({ messages: [{ from: "1", id: "wamid.x", timestamp: "1", type: "poll", poll: {} }] }),
    );
    expect(updates).toMatchObject([
      { kind: "message", type: "poll", text: null, subtype: null, media: null },
    ]);
  });

  it("ignores a message without any sender id", () => {
    const updates = normalizeWebhook(
      messagesBody({ messages: [{ id: "wamid.x", timestamp: "1", type: "text", text: { body: "hi" } }] }),
    );
    expect(updates).toMatchObject([{ kind: "ignored", reason: expect.stringContaining("no sender") }]);
  });

  it.each([undefined, "", "soon", "-5", "1e3", {}, 1e20, Number.NaN])(
    "turns the timestamp %j into 0",
    (timestamp) => {
      const updates = normalizeWebhook(
        messagesBody({ messages: [{ ...textMessage("wamid.t"), timestamp }] }),
      );
      expect(updates).toMatchObject([{ kind: "message", timestamp: 0 }]);
    },
  );
});

describe("test/kit/fixtures builders", () => {
  it("makeTextWebhook builds a body that normalizes to the given message", () => {
    const body = makeTextWebhook({
      from: "16505551234",
      id: "wamid.built",
      text: "/close",
      timestamp: 1749416383,
      name: "Ana",
      quotedId: "wamid.quoted",
      groupId: "group-1",
    });
    expect(normalizeWebhook(body)).toEqual([
      expect.objectContaining({
        kind: "message",
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        id: "wamid.built",
        timestamp: 1_749_416_383_000,
        text: "/close",
        from: { waId: "16505551234", bsuid: null, name: "Ana", username: null },
        quotedId: "wamid.quoted",
        groupId: "group-1",
      }),
    ]);
  });

  it("makeStatusWebhook builds a body that normalizes to the given status", () => {
    const body = makeStatusWebhook({
      id: "wamid.out",
      status: "failed",
      timestamp: 1749416383,
      recipientId: "16505551234",
      errors: [{ code: 131047, title: "Re-engagement message", details: "24 hours passed" }],
    });
    expect(normalizeWebhook(body)).toEqual([
      expect.objectContaining({
        kind: "status",
        status: "failed",
        recipientId: "16505551234",
        errors: [{ code: 131047, title: "Re-engagement message", details: "24 hours passed" }],
      }),
    ]);
  });
});

/** Replaces or deletes values at random places of a parsed fixture. */
function mutate(value: unknown, mutations: [number, unknown, boolean][]): unknown {
  const root = { value: structuredClone(value) };
  for (const [pick, replacement, remove] of mutations) {
    const slots: [Record<string, unknown>, string][] = [];
    const collect = (node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        slots.push([record, key]);
        collect(record[key]);
      }
    };
    collect(root);
    const slot = slots[pick % slots.length];
    if (slot === undefined) continue;
    const [parent, key] = slot;
    if (remove && key !== "value") delete parent[key];
    else parent[key] = replacement;
  }
  return root.value;
}

describe("normalizeWebhook: properties", () => {
  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => expectWellFormed(normalizeWebhook(body))),
      { numRuns: 2000 },
    );
  });

  it("never throws on mutated fixtures", () => {
    const fixtures = webhookFixtureNames().map((name) => JSON.parse(loadWebhookFixture(name)) as unknown);
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean()), {
          minLength: 1,
          maxLength: 4,
        }),
        (fixture, mutations) => expectWellFormed(normalizeWebhook(mutate(fixture, mutations))),
      ),
      { numRuns: 2000 },
    );
  });
});
