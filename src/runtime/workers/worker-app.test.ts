// The Worker's own decisions, on Node with stand-in objects: which object gets which part, and when Meta
// gets something other than 200. worker.test.ts runs the real thing in workerd.
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeTextWebhook } from "../../../test/kit/fixtures.js";
import { signBody } from "../../whatsapp/signature.js";
import { createWorkerApp } from "./worker-app.js";
import type { DurableObjectNamespace } from "./worker-env.js";

const SECRETS = {
  WHATSAPP_APP_SECRET: "app-secret",
  WHATSAPP_VERIFY_TOKEN: "verify",
  WHATSAPP_ACCESS_TOKEN: "token",
};

type Stored = { object: string; body: string; sha: string | undefined };

function objects(answer: (object: string) => Response = () => Response.json({ id: 1, duplicate: false })) {
  const stored: Stored[] = [];
  const namespace: DurableObjectNamespace = {
    idFromName: (name) => ({ name, toString: () => name }),
    get: (id) => ({
      fetch: async (_url, init) => {
        const object = id.name ?? "";
        stored.push({ object, body: init?.body ?? "", sha: init?.headers?.["x-inbox-body-sha256"] });
        return answer(object);
      },
    }),
  };
  return { namespace, stored };
}

async function post(app: ReturnType<typeof createWorkerApp>, body: unknown): Promise<Response> {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return app.request("/webhook", {
    method: "POST",
    body: bytes,
    headers: { "x-hub-signature-256": await signBody(SECRETS.WHATSAPP_APP_SECRET, bytes) },
  });
}

const message = (phoneNumberId: string, id: string) =>
  makeTextWebhook({ from: "15551234567", id, text: "hi", timestamp: 1, phoneNumberId });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the Worker app", () => {
  it("hands a body to its number's object whole, with the hash of the signed bytes", async () => {
    const { namespace, stored } = objects();
    const app = createWorkerApp({ INBOX: namespace, ...SECRETS, WHATSAPP_PHONE_NUMBER_ID: "111, 222" });
    const body = message("222", "w1");
    expect((await post(app, body)).status).toBe(200);
    expect(stored).toEqual([
      { object: "222", body: JSON.stringify(body), sha: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it("answers 503 when any object could not store its part (Meta redelivers)", async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const { namespace, stored } = objects((object) =>
      object === "222"
        ? new Response("overloaded", { status: 500 })
        : Response.json({ id: 1, duplicate: false }),
    );
    const app = createWorkerApp({ INBOX: namespace, ...SECRETS, WHATSAPP_PHONE_NUMBER_ID: "111,222" });
    const a = message("111", "w1");
    const b = message("222", "w2");
    const both = { ...a, entry: [...a.entry, ...b.entry] };
    expect((await post(app, both)).status).toBe(503);
    expect(stored.map((s) => s.object).sort()).toEqual(["111", "222"]);
  });

  it("answers 503 to everything while a secret is missing, and names it in the log", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const { namespace, stored } = objects();
    const app = createWorkerApp({ INBOX: namespace, WHATSAPP_PHONE_NUMBER_ID: "111" });
    expect((await post(app, message("111", "w1"))).status).toBe(503);
    expect((await app.request("/healthz")).status).toBe(503);
    expect(stored).toEqual([]);
    expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain("Missing WHATSAPP_APP_SECRET");
  });

  it("/healthz is 503 and names the number when one object cannot answer or cannot store", async () => {
    const health = { eventsPending: 0, outboxPending: 0, heldNotifications: 0, sending: "ok" };
    const { namespace } = objects((object) =>
      object === "222" ? new Response("boom", { status: 500 }) : Response.json({ ok: true, ...health }),
    );
    const app = createWorkerApp({ INBOX: namespace, ...SECRETS, WHATSAPP_PHONE_NUMBER_ID: "111,222" });
    const answer = await app.request("/healthz");
    expect(answer.status).toBe(503);
    const report = (await answer.json()) as {
      ok: boolean;
      numbers: Record<string, { ok: boolean; error?: string }>;
    };
    expect(report.ok).toBe(false);
    expect(report.numbers["111"]?.ok).toBe(true);
    expect(report.numbers["222"]).toMatchObject({ ok: false, error: "inbox 222 answered 500" });

    const healthy = objects(() => Response.json({ ok: true, ...health }));
    const fine = createWorkerApp({
      INBOX: healthy.namespace,
      ...SECRETS,
      WHATSAPP_PHONE_NUMBER_ID: "111,222",
    });
    expect((await fine.request("/healthz")).status).toBe(200);
  });
});
