// listTemplates against msw standing in for Meta: every page read through paging, only APPROVED kept,
// parameters counted, and the client's failure taxonomy for the listing as for a send.
import { readFileSync } from "node:fs";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient, type GraphFetch, TEMPLATE_PAGES_MAX } from "./graph-client.js";

const BASE = "https://graph.test";
const TOKEN = "EAAG-secret-token";
const WABA = "102290129340398";
const LIST = `${BASE}/v25.0/${WABA}/message_templates`;

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/graph/${name}.json`, import.meta.url), "utf8"));

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () =>
  createGraphClient({
    baseUrl: BASE,
    version: "v25.0",
    phoneNumberId: "1234",
    accessToken: TOKEN,
    fetch: globalThis.fetch as GraphFetch,
    timeoutMs: 2000,
  });

type Seen = { query: Record<string, string>; auth: string | null };

/** Serves the two fixture pages by their `after` cursor, and records what was asked. */
function serveFixturePages(): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.get(LIST, ({ request }) => {
      const url = new URL(request.url);
      seen.push({ query: Object.fromEntries(url.searchParams), auth: request.headers.get("authorization") });
      const after = url.searchParams.get("after");
      if (after === null) return HttpResponse.json(fixture("message-templates-page-1"));
      if (after === "MgZDZD") return HttpResponse.json(fixture("message-templates-page-2"));
      return HttpResponse.json({ error: { message: "bad cursor", code: 100 } }, { status: 400 });
    }),
  );
  return seen;
}

describe("listTemplates", () => {
  it("reads every page, keeps only APPROVED templates, and counts their parameters", async () => {
    const seen = serveFixturePages();
    const result = await client().listTemplates(WABA);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.complete).toBe(true);
    // summer_sale (PENDING) and old_promo (PAUSED) are left out.
    expect(result.skipped).toBe(2);
    expect(
      result.templates.map((t) => [t.name, t.language, t.parameters.length, t.named, t.mediaHeader]),
    ).toEqual([
      ["order_update", "en_US", 1, false, null],
      ["reservation_confirmation", "en_US", 4, true, "image"],
      ["delivery_window", "en_US", 3, false, null],
      ["order_update", "es", 1, false, null],
      ["hello_world", "en_US", 0, false, null],
    ]);
    expect(result.templates.find((t) => t.name === "delivery_window")?.headerParameters).toBe(1);
    expect(result.templates.find((t) => t.name === "reservation_confirmation")?.parameters).toEqual([
      "number_of_guests",
      "day",
      "date",
      "time",
    ]);
    // The second page is asked for on our own base URL with the cursor, never at the URL Meta named.
    expect(seen).toEqual([
      { query: { fields: "name,language,status,components", limit: "100" }, auth: `Bearer ${TOKEN}` },
      {
        query: { fields: "name,language,status,components", limit: "100", after: "MgZDZD" },
        auth: `Bearer ${TOKEN}`,
      },
    ]);
  });

  it("an empty account is an empty list", async () => {
    server.use(http.get(LIST, () => HttpResponse.json({ data: [] })));
    expect(await client().listTemplates(WABA)).toEqual({
      ok: true,
      templates: [],
      skipped: 0,
      complete: true,
    });
  });

  it(`stops after ${TEMPLATE_PAGES_MAX} pages and says the list is incomplete`, async () => {
    let calls = 0;
    server.use(
      http.get(LIST, () => {
        calls += 1;
        return HttpResponse.json({
          data: [{ name: `t${calls}`, language: "en", status: "APPROVED", components: [] }],
          paging: { cursors: { after: `c${calls}` }, next: `${LIST}?after=c${calls}` },
        });
      }),
    );
    const result = await client().listTemplates(WABA);
    expect(calls).toBe(TEMPLATE_PAGES_MAX);
    expect(result).toMatchObject({ ok: true, complete: false });
    expect(result.ok && result.templates.length).toBe(TEMPLATE_PAGES_MAX);
  });

  it.each([
    ["a wrong WABA id (100)", 100, 400, "fail"],
    ["an expired token (190)", 190, 401, "stop"],
    ["a missing permission (200)", 200, 403, "stop"],
    ["a rate limit (80007)", 80007, 400, "retry"],
  ])("Meta refusing the listing with %s is classified as for a send", async (_, code, status, outcome) => {
    server.use(
      http.get(LIST, () =>
        HttpResponse.json({ error: { message: `(#${code}) no`, type: "OAuthException", code } }, { status }),
      ),
    );
    const result = await client().listTemplates(WABA);
    expect(result).toMatchObject({ ok: false, outcome, code, source: "api" });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("a failure on the second page fails the listing (no half list is kept)", async () => {
    server.use(
      http.get(LIST, ({ request }) =>
        new URL(request.url).searchParams.has("after")
          ? new HttpResponse("upstream broke", { status: 502 })
          : HttpResponse.json(fixture("message-templates-page-1")),
      ),
    );
    expect(await client().listTemplates(WABA)).toMatchObject({
      ok: false,
      outcome: "retry",
      httpStatus: 502,
    });
  });

  it("a 200 that is not a listing (a proxy's HTML page) is retried, not read as an empty list", async () => {
    server.use(
      http.get(
        LIST,
        () => new HttpResponse("<html>hi</html>", { status: 200, headers: { "content-type": "text/html" } }),
      ),
    );
    expect(await client().listTemplates(WABA)).toMatchObject({
      ok: false,
      outcome: "retry",
      reason: "HTTP 200 (text/html) without a template list",
    });
  });

  it("the network failing is a retryable network failure", async () => {
    server.use(http.get(LIST, () => HttpResponse.error()));
    expect(await client().listTemplates(WABA)).toMatchObject({
      ok: false,
      outcome: "retry",
      source: "network",
    });
  });
});
