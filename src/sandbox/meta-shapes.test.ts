// The simulator's webhooks against the bot's own fixtures and checks: each fixture rebuilt with the
// simulator's builders equals the fixture, and the simulator's signature passes the bot's verification.
import { describe, expect, it } from "vitest";
import { loadWebhookFixture } from "../../test/kit/fixtures.js";
import { nodeWebhookCrypto } from "../whatsapp/node-crypto.js";
import { normalizeWebhook } from "../whatsapp/normalize.js";
import { signBody, verifySignature } from "../whatsapp/signature.js";
import type { Business } from "./cast.js";
import {
  inboundTextBody,
  metaJson,
  metaSignature,
  newWamid,
  statusBody,
  WINDOW_CLOSED_ERROR,
} from "./meta-shapes.js";

type Json = Record<string, unknown>;

/** The fixture's one value: its business metadata and its first message or status. */
function fixtureParts(name: string) {
  const body = JSON.parse(loadWebhookFixture(name));
  const entry = body.entry[0];
  const value = entry.changes[0].value;
  const business: Business = {
    wabaId: entry.id,
    displayNumber: value.metadata.display_phone_number,
    phoneNumberId: value.metadata.phone_number_id,
  };
  return { body, business, value };
}

describe("the simulator's webhook bodies are the fixtures' shapes", () => {
  it.each(["text", "text-quoted-reply"])("%s.json rebuilt by inboundTextBody", (name) => {
    const { body, business, value } = fixtureParts(name);
    const message: Json = value.messages[0];
    const context = message.context as { from: string; id: string } | undefined;
    const rebuilt = inboundTextBody(business, {
      from: String(message.from),
      name: value.contacts[0].profile.name,
      id: String(message.id),
      timestamp: Number(message.timestamp),
      text: (message.text as { body: string }).body,
      quoted: context ? { from: context.from, id: context.id } : null,
    });
    expect(rebuilt).toEqual(body);
  });

  it.each([
    ["status-sent", "service"],
    ["status-delivered", "service"],
    ["status-read", undefined],
    ["status-failed-131047", undefined],
  ] as const)("%s.json rebuilt by statusBody", (name, pricing) => {
    const { body, business, value } = fixtureParts(name);
    const status: Json = value.statuses[0];
    const rebuilt = statusBody(business, {
      id: String(status.id),
      status: status.status as "sent",
      timestamp: Number(status.timestamp),
      recipientId: String(status.recipient_id),
      ...(typeof status.recipient_user_id === "string" ? { recipientUserId: status.recipient_user_id } : {}),
      bizOpaqueCallbackData: String(status.biz_opaque_callback_data),
      ...(pricing ? { pricing } : {}),
      ...(status.errors ? { errors: [WINDOW_CLOSED_ERROR] } : {}),
    });
    expect(rebuilt).toEqual(body);
  });

  it("normalizes to what the fixture normalizes to", () => {
    const { body, business } = fixtureParts("text-quoted-reply");
    const message = body.entry[0].changes[0].value.messages[0];
    const simulated = inboundTextBody(business, {
      from: message.from,
      name: "Sheena Nelson",
      id: message.id,
      timestamp: Number(message.timestamp),
      text: message.text.body,
      quoted: message.context,
    });
    const strip = (updates: ReturnType<typeof normalizeWebhook>) => updates.map(({ raw: _raw, ...u }) => u);
    expect(strip(normalizeWebhook(JSON.parse(metaJson(simulated))))).toEqual(strip(normalizeWebhook(body)));
    expect(normalizeWebhook(simulated)[0]).toMatchObject({ kind: "message", quotedId: message.context.id });
  });
});

describe("metaJson: the bytes Meta sends", () => {
  it("escapes non-ASCII as \\uXXXX, like the fixtures, and parses back to the same text", () => {
    const text = metaJson({ name: "ليلى 🌸", note: "café" });
    expect(text).toBe('{"name":"\\u0644\\u064a\\u0644\\u0649 \\ud83c\\udf38","note":"caf\\u00e9"}');
    expect(JSON.parse(text)).toEqual({ name: "ليلى 🌸", note: "café" });
    expect(loadWebhookFixture("reaction")).toMatch(/\\u[0-9a-f]{4}/);
  });
});

describe("metaSignature passes the bot's own checks", () => {
  const secret = "sandbox-secret";
  const raw = loadWebhookFixture("text");
  const bytes = new TextEncoder().encode(raw);

  it("equals the bot's signBody and verifies with WebCrypto and with the Node hot path", async () => {
    const header = metaSignature(secret, raw);
    expect(header).toBe(await signBody(secret, bytes));
    await expect(verifySignature(secret, bytes, header)).resolves.toBe(true);
    expect(nodeWebhookCrypto.verifySignature(secret, bytes, header)).toBe(true);
  });

  it("fails under another secret, as a forged webhook must", async () => {
    await expect(verifySignature("other", bytes, metaSignature(secret, raw))).resolves.toBe(false);
  });

  it("covers the escaped bytes of an emoji name exactly", async () => {
    const { business } = fixtureParts("text");
    const body = inboundTextBody(business, {
      from: "15550100103",
      name: "ليلى 🌸",
      id: newWamid(),
      timestamp: 1_750_000_000,
      text: "مرحبا 👋",
      quoted: null,
    });
    const wire = metaJson(body);
    const header = metaSignature(secret, wire);
    await expect(verifySignature(secret, new TextEncoder().encode(wire), header)).resolves.toBe(true);
    expect(normalizeWebhook(JSON.parse(wire))[0]).toMatchObject({
      kind: "message",
      from: { name: "ليلى 🌸", waId: "15550100103" },
      text: "مرحبا 👋",
    });
  });
});

describe("newWamid", () => {
  it("is unique and looks like Meta's", () => {
    const ids = new Set(Array.from({ length: 1000 }, newWamid));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^wamid\.HBgL[A-Za-z0-9+/=]+$/);
  });
});
