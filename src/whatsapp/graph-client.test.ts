import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient, type GraphFetch, parseRetryAfter } from "./graph-client.js";

const BASE = "https://graph.test";
const TOKEN = "EAAG-secret-token";
const MESSAGES = `${BASE}/v25.0/1234/messages`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(timeoutMs = 2000) {
  return createGraphClient({
    baseUrl: `${BASE}/`,
    version: "v25.0",
    phoneNumberId: "1234",
    accessToken: TOKEN,
    fetch: globalThis.fetch as GraphFetch,
    timeoutMs,
  });
}

const text = { type: "text", text: { body: "hello", preview_url: false } };

function metaError(code: number, status = 400) {
  return HttpResponse.json(
    { error: { message: `(#${code}) Something`, type: "OAuthException", code, fbtrace_id: "x" } },
    { status },
  );
}

describe("sendMessage: happy path", () => {
  it("posts the request body shape with Bearer token and returns the wamid", async () => {
    const seen: Array<{ body: unknown; auth: string | null }> = [];
    server.use(
      http.post(MESSAGES, async ({ request }) => {
        seen.push({ body: await request.json(), auth: request.headers.get("authorization") });
        return HttpResponse.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.OK1" }] });
      }),
    );
    const result = await client().sendMessage({ recipient: "15551234567", kind: "individual" }, text, "42");
    expect(result).toEqual({ ok: true, wamid: "wamid.OK1" });
    expect(seen).toEqual([
      {
        auth: `Bearer ${TOKEN}`,
        body: {
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: "+15551234567",
          type: "text",
          text: { body: "hello", preview_url: false },
          biz_opaque_callback_data: "42",
        },
      },
    ]);
  });

  it("sends a BSUID as `recipient`, not `to`", async () => {
    let body: Record<string, unknown> = {};
    server.use(
      http.post(MESSAGES, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ messages: [{ id: "wamid.B" }] });
      }),
    );
    await client().sendMessage({ recipient: "US.13491208655302741918", kind: "individual" }, text);
    expect(body.recipient).toBe("US.13491208655302741918");
    expect(body).not.toHaveProperty("to");
    expect(body).not.toHaveProperty("biz_opaque_callback_data");
  });

  it("sends to a group with recipient_type group", async () => {
    let body: Record<string, unknown> = {};
    server.use(
      http.post(MESSAGES, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ messages: [{ id: "wamid.G", group_id: "G1" }] });
      }),
    );
    await client().sendMessage({ recipient: "120363000000@g.us", kind: "group" }, text);
    expect(body).toMatchObject({ recipient_type: "group", to: "120363000000@g.us" });
  });
});

describe("sendMessage: errors are classified, never thrown", () => {
  const cases: Array<[string, () => Response | Promise<Response>, object]> = [
    [
      "5xx without a body → retry",
      () => new HttpResponse(null, { status: 503 }),
      { outcome: "retry", httpStatus: 503 },
    ],
    [
      "network error → retry",
      () => HttpResponse.error(),
      { outcome: "retry", source: "network", httpStatus: null },
    ],
    [
      "131047 → fail, window closed",
      () => metaError(131047),
      { outcome: "fail", windowClosed: true, code: 131047 },
    ],
    ["190 → stop", () => metaError(190, 401), { outcome: "stop", code: 190, source: "api" }],
    ["131056 → recipient backoff", () => metaError(131056), { outcome: "recipient_backoff", code: 131056 }],
    // Ambiguous: Meta (or a proxy in front of it) answered 200 but named no message, so it may or may not
    // have taken it. Retried like a timeout; losing the answer for good is the worse harm.
    [
      "200 JSON without a message id → retry",
      () => HttpResponse.json({ messaging_product: "whatsapp" }),
      {
        outcome: "retry",
        httpStatus: 200,
        source: "api",
        reason: expect.stringContaining("without a message id"),
      },
    ],
    [
      "200 HTML page → retry",
      () =>
        new HttpResponse("<html>Bad gateway</html>", {
          status: 200,
          headers: { "content-type": "text/html" },
        }),
      { outcome: "retry", httpStatus: 200, reason: expect.stringContaining("text/html") },
    ],
    [
      "200 with an empty messages list → retry",
      () => HttpResponse.json({ messages: [] }),
      { outcome: "retry", httpStatus: 200 },
    ],
  ];
  it.each(cases)("%s", async (_name, respond, expected) => {
    server.use(http.post(MESSAGES, respond));
    const result = await client().sendMessage({ recipient: "15551234567", kind: "individual" }, text);
    expect(result).toMatchObject({ ok: false, ...expected });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("a timeout → retry, flagged as a network failure", async () => {
    server.use(
      http.post(MESSAGES, async () => {
        await delay(1000);
        return HttpResponse.json({ messages: [{ id: "wamid.late" }] });
      }),
    );
    const result = await client(50).sendMessage({ recipient: "15551234567", kind: "individual" }, text);
    expect(result).toMatchObject({
      ok: false,
      outcome: "retry",
      source: "network",
      reason: "request timed out",
    });
  });

  it("keeps Meta's details in the reason", async () => {
    server.use(
      http.post(MESSAGES, () =>
        HttpResponse.json(
          { error: { code: 100, message: "(#100) Invalid parameter", error_data: { details: "bad to" } } },
          { status: 400 },
        ),
      ),
    );
    const result = await client().sendMessage({ recipient: "1", kind: "individual" }, text);
    expect(result).toMatchObject({ ok: false, outcome: "fail", code: 100 });
    expect(result.ok ? "" : result.reason).toContain("bad to");
  });
});

describe("markRead and media", () => {
  it("marks a message read", async () => {
    let body: unknown;
    server.use(
      http.post(MESSAGES, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ success: true });
      }),
    );
    expect(await client().markRead("wamid.IN")).toEqual({ ok: true });
    expect(body).toEqual({ messaging_product: "whatsapp", status: "read", message_id: "wamid.IN" });
  });

  it("gets a media url, then downloads it with the Bearer token", async () => {
    server.use(
      http.get(`${BASE}/v25.0/MEDIA1`, () =>
        HttpResponse.json({
          url: "https://lookaside.test/m/1",
          mime_type: "image/jpeg",
          sha256: "abc",
          file_size: 3,
        }),
      ),
      http.get("https://lookaside.test/m/1", ({ request }) => {
        if (request.headers.get("authorization") !== `Bearer ${TOKEN}`)
          return new HttpResponse(null, { status: 401 });
        return new HttpResponse(new Uint8Array([1, 2, 3]), { headers: { "content-type": "image/jpeg" } });
      }),
    );
    const meta = await client().getMediaUrl("MEDIA1");
    expect(meta).toEqual({
      ok: true,
      url: "https://lookaside.test/m/1",
      mimeType: "image/jpeg",
      sha256: "abc",
      fileSize: 3,
    });
    if (!meta.ok) return;
    const file = await client().downloadMedia(meta.url);
    expect(file).toEqual({ ok: true, bytes: new Uint8Array([1, 2, 3]), mimeType: "image/jpeg" });
  });

  it("uploads media as multipart form data", async () => {
    let fields: Record<string, unknown> = {};
    server.use(
      http.post(`${BASE}/v25.0/1234/media`, async ({ request }) => {
        const form = await request.formData();
        const file = form.get("file");
        fields = {
          messaging_product: form.get("messaging_product"),
          type: form.get("type"),
          filename: file instanceof File ? file.name : null,
          bytes: file instanceof File ? [...new Uint8Array(await file.arrayBuffer())] : null,
        };
        return HttpResponse.json({ id: "UPLOADED1" });
      }),
    );
    const result = await client().uploadMedia(new Uint8Array([9, 8, 7]), "application/pdf", "invoice.pdf");
    expect(result).toEqual({ ok: true, mediaId: "UPLOADED1" });
    expect(fields).toEqual({
      messaging_product: "whatsapp",
      type: "application/pdf",
      filename: "invoice.pdf",
      bytes: [9, 8, 7],
    });
  });
});

describe("Retry-After on a retryable answer", () => {
  const rateLimited = (headers: Record<string, string>) => () =>
    HttpResponse.json(
      { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 } },
      { status: 429, headers },
    );
  const send = () => client().sendMessage({ recipient: "15551234567", kind: "individual" }, text);

  it("429 in seconds → retryAfterMs", async () => {
    server.use(http.post(MESSAGES, rateLimited({ "retry-after": "30" })));
    expect(await send()).toMatchObject({
      ok: false,
      outcome: "retry",
      httpStatus: 429,
      retryAfterMs: 30_000,
    });
  });

  it("429 as an HTTP-date → the time until then, by the response's own Date when it has one", async () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    const later = "Wed, 21 Oct 2026 07:30:00 GMT";
    server.use(http.post(MESSAGES, rateLimited({ "retry-after": later, date })));
    expect(await send()).toMatchObject({ outcome: "retry", retryAfterMs: 120_000 });
  });

  it("503 with Retry-After → honoured too", async () => {
    server.use(
      http.post(MESSAGES, () => new HttpResponse(null, { status: 503, headers: { "retry-after": "5" } })),
    );
    expect(await send()).toMatchObject({ outcome: "retry", httpStatus: 503, retryAfterMs: 5_000 });
  });

  it("no Retry-After → none (the outbox's own backoff applies)", async () => {
    server.use(http.post(MESSAGES, rateLimited({})));
    const result = await send();
    expect(result).toMatchObject({ outcome: "retry", httpStatus: 429 });
    expect(result).not.toHaveProperty("retryAfterMs");
  });

  it("on an answer that is not retried, ignored", async () => {
    server.use(
      http.post(MESSAGES, () =>
        HttpResponse.json({ error: { code: 100 } }, { status: 400, headers: { "retry-after": "9" } }),
      ),
    );
    expect(await send()).not.toHaveProperty("retryAfterMs");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 9, 21, 7, 28, 0);
  const cases: Array<[string | null, number | null]> = [
    ["30", 30_000],
    ["1", 1_000],
    [" 120 ", 120_000],
    ["3600", 3_600_000],
    ["86400", 3_600_000], // capped at an hour
    ["Wed, 21 Oct 2026 07:28:45 GMT", 45_000],
    ["Wed, 22 Oct 2026 07:28:00 GMT", 3_600_000], // a day away: capped
    ["Wed, 21 Oct 2026 07:27:00 GMT", null], // already past
    ["0", null],
    ["-5", null],
    ["1.5", null],
    ["soon", null],
    ["", null],
    [null, null],
  ];
  it.each(cases)("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it("more seconds than a number holds (Infinity) → capped too", () => {
    expect(parseRetryAfter("9".repeat(400), now)).toBe(3_600_000);
  });
});
