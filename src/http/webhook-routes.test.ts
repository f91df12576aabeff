import { describe, expect, it } from "vitest";
import { loadWebhookFixture, webhookFixtureNames } from "../../test/kit/fixtures.js";
import { createTestInbox } from "../../test/kit/inbox-harness.js";
import { memoryLogger } from "../log.js";
import { rawEvents } from "../store/schema.js";
import { signBody } from "../whatsapp/signature.js";
import { createApp } from "./app.js";
import { MAX_BODY_BYTES } from "./webhook-routes.js";

const SECRET = "test-app-secret";
const VERIFY = "verify-me";

function setup() {
  const t = createTestInbox();
  const log = memoryLogger();
  const accepted: number[] = [];
  const app = createApp({
    appSecret: SECRET,
    verifyToken: VERIFY,
    log,
    store: (body, sha) => t.inbox.storeRawEvent(body, sha),
    stored: (result) => {
      if (!result.duplicate) accepted.push(result.id);
    },
    health: () => ({
      ok: true,
      eventsPending: t.inbox.pendingEventCount(),
      outboxPending: 0,
      heldNotifications: 0,
      sending: "ok",
    }),
  });
  const post = async (body: string | Uint8Array, signature?: string | null) => {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const headers: Record<string, string> = { "content-type": "application/json" };
    const sig = signature === undefined ? await signBody(SECRET, bytes) : signature;
    if (sig !== null) headers["x-hub-signature-256"] = sig;
    return app.request("/webhook", { method: "POST", body: bytes, headers });
  };
  return { t, app, log, post, accepted, stored: () => t.db.select().from(rawEvents).all() };
}

describe("GET /webhook: Meta's verification handshake", () => {
  it("echoes the challenge for the right token", async () => {
    const { app } = setup();
    const res = await app.request(
      `/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1158201444");
  });

  it.each([
    ["a wrong token", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"],
    ["a token prefix", `hub.mode=subscribe&hub.verify_token=${VERIFY.slice(0, 3)}&hub.challenge=1`],
    ["a wrong mode", `hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`],
    ["no parameters", ""],
  ])("answers 403 to %s", async (_name, query) => {
    const { app } = setup();
    const res = await app.request(`/webhook?${query}`);
    expect(res.status).toBe(403);
  });
});

describe("POST /webhook: signature", () => {
  const body = loadWebhookFixture("text");

  it("stores a correctly signed body before answering 200", async () => {
    const s = setup();
    const res = await s.post(body);
    expect(res.status).toBe(200);
    expect(s.stored()).toHaveLength(1);
    expect(s.stored()[0]?.body).toBe(body);
    expect(s.accepted).toEqual([1]);
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["wrong secret", "sha256=0000000000000000000000000000000000000000000000000000000000000000"],
    ["wrong length", "sha256=abcdef"],
    ["not hex", `sha256=${"zz".repeat(32)}`],
    ["sha1 prefix", `sha1=${"ab".repeat(20)}`],
  ])("answers 401 and stores nothing when the signature is %s", async (_name, signature) => {
    const s = setup();
    const res = await s.post(body, signature);
    expect(res.status).toBe(401);
    expect(s.stored()).toHaveLength(0);
    expect(s.accepted).toEqual([]);
  });

  it("answers 401 when the body changed by one byte after signing", async () => {
    const s = setup();
    const bytes = new TextEncoder().encode(body);
    const signature = await signBody(SECRET, bytes);
    const changed = bytes.slice();
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect((await s.post(changed, signature)).status).toBe(401);
    expect(s.stored()).toHaveLength(0);
  });

  it("never logs the message text", async () => {
    const s = setup();
    await s.post(body);
    expect(JSON.stringify(s.log.lines)).not.toContain("order #4521");
  });
});

describe("POST /webhook: bodies", () => {
  it.each(webhookFixtureNames())("accepts and stores the %s fixture", async (name) => {
    const s = setup();
    expect((await s.post(loadWebhookFixture(name))).status).toBe(200);
    expect(s.stored()).toHaveLength(1);
  });

  it("answers 400 to a signed body that is not JSON, and stores nothing", async () => {
    const s = setup();
    expect((await s.post("not json {")).status).toBe(400);
    expect((await s.post(new Uint8Array([0xff, 0xfe, 0x7b]))).status).toBe(400);
    expect(s.stored()).toHaveLength(0);
  });

  it("answers 200 to JSON of any shape once stored", async () => {
    const s = setup();
    for (const json of ["[]", "42", '"x"', "null", '{"object":"page"}']) {
      expect((await s.post(json)).status).toBe(200);
    }
    expect(s.stored()).toHaveLength(5);
  });

  it("answers 200 to a replayed body and stores it once", async () => {
    const s = setup();
    const body = loadWebhookFixture("multi-entry-batch");
    expect((await s.post(body)).status).toBe(200);
    expect((await s.post(body)).status).toBe(200);
    expect(s.stored()).toHaveLength(1);
    expect(s.accepted).toHaveLength(1);
  });

  it("accepts a body of exactly 3 MiB and refuses one byte more with 413", async () => {
    const s = setup();
    const json = (size: number) => {
      const head = '{"object":"whatsapp_business_account","entry":[],"pad":"';
      return `${head}${"x".repeat(size - head.length - 2)}"}`;
    };
    const exact = json(MAX_BODY_BYTES);
    expect(exact.length).toBe(MAX_BODY_BYTES);
    expect((await s.post(exact)).status).toBe(200);
    expect((await s.post(json(MAX_BODY_BYTES + 1))).status).toBe(413);
    expect(s.stored()).toHaveLength(1);
  });

  it("lets a declared Content-Length decide before a byte is read, and counts a body sent without one", async () => {
    const s = setup();
    const small = '{"object":"whatsapp_business_account","entry":[]}';
    const headers = {
      "content-type": "application/json",
      "x-hub-signature-256": await signBody(SECRET, new TextEncoder().encode(small)),
    };
    const declared = await s.app.request("/webhook", {
      method: "POST",
      body: small,
      headers: { ...headers, "content-length": String(MAX_BODY_BYTES + 1) },
    });
    expect(declared.status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(MAX_BODY_BYTES).fill(32));
        controller.enqueue(new Uint8Array(1).fill(32));
        controller.close();
      },
    });
    const counted = await s.app.request("/webhook", {
      method: "POST",
      body: chunked,
      headers,
      duplex: "half",
    } as RequestInit);
    expect(counted.status).toBe(413);
    expect(s.stored()).toHaveLength(0);
  });

  it("answers 503 (so Meta redelivers) when the body cannot be stored", async () => {
    const s = setup();
    s.t.close();
    expect((await s.post(loadWebhookFixture("text"))).status).toBe(503);
  });
});

describe("GET /healthz", () => {
  it("reports the queues", async () => {
    const s = setup();
    s.t.store(JSON.parse(loadWebhookFixture("text")));
    const res = await s.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      eventsPending: 1,
      outboxPending: 0,
      heldNotifications: 0,
      sending: "ok",
    });
  });
});
