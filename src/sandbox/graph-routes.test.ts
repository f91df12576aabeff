// The simulated Graph API, called by the bot's own Graph client, and the status webhooks it then posts,
// read by the bot's own signature check and normalizer: the sandbox speaks exactly what the bot speaks.
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../clock.js";
import { HOUR_MS } from "../domain/window.js";
import { createGraphClient, type GraphFetch } from "../whatsapp/graph-client.js";
import { nodeWebhookCrypto } from "../whatsapp/node-crypto.js";
import { normalizeWebhook } from "../whatsapp/normalize.js";
import type { StatusUpdate } from "../whatsapp/updates.js";
import { SANDBOX_BUSINESS, SANDBOX_PEOPLE } from "./cast.js";
import { graphRoutes } from "./graph-routes.js";
import { createMetaSimulator } from "./meta-simulator.js";

const BASE = "http://graph.sandbox.test";
const SECRET = "app-secret";
const TOKEN = "sandbox-token";
const SHEENA = "15550100101";

let stop: () => void = () => {};
afterEach(() => stop());

/** A simulator whose webhooks land in `posted` (after the bot's own signature check) instead of a bot. */
function setup() {
  const clock = manualClock();
  const posted: unknown[] = [];
  const simulator = createMetaSimulator({
    business: SANDBOX_BUSINESS,
    appSecret: SECRET,
    clock,
    people: SANDBOX_PEOPLE,
    webhookUrl: () => "http://bot.test/webhook",
    statusDelaysMs: [1, 2, 3],
    post: async (_url, init) => {
      const bytes = new TextEncoder().encode(init.body);
      const valid = nodeWebhookCrypto.verifySignature(SECRET, bytes, init.headers["x-hub-signature-256"]);
      if (valid) posted.push(JSON.parse(init.body));
      return { status: valid ? 200 : 401, text: async () => "" };
    },
  });
  stop = () => simulator.close();
  const app = graphRoutes({
    simulator,
    accessToken: TOKEN,
    phoneNumberId: SANDBOX_BUSINESS.phoneNumberId,
    businessAccountId: SANDBOX_BUSINESS.wabaId,
    baseUrl: () => BASE,
  });
  const fetch: GraphFetch = async (url, init) => app.request(url, init);
  const client = (overrides: { accessToken?: string; phoneNumberId?: string } = {}) =>
    createGraphClient({
      baseUrl: BASE,
      version: "v25.0",
      phoneNumberId: SANDBOX_BUSINESS.phoneNumberId,
      accessToken: TOKEN,
      fetch,
      ...overrides,
    });
  const statuses = () =>
    posted.flatMap((body) => normalizeWebhook(body)).filter((u): u is StatusUpdate => u.kind === "status");
  return { clock, simulator, client, posted, statuses, app };
}

const text = (body: string) => ({ type: "text", text: { body, preview_url: false } });
const to = (recipient: string) => ({ recipient, kind: "individual" as const });

describe("messages", () => {
  it("a text inside the window: a wamid back, then sent → delivered → read by signed webhook", async () => {
    const t = setup();
    await t.simulator.personSends(SHEENA, "Hi");
    const result = await t.client().sendMessage(to(SHEENA), text("Hello Sheena"), "42");
    if (!result.ok) throw new Error(result.reason);
    await t.simulator.settle();
    expect(t.statuses().map((s) => [s.id, s.status, s.recipientId, s.bizOpaqueCallbackData])).toEqual(
      ["sent", "delivered", "read"].map((status) => [result.wamid, status, SHEENA, "42"]),
    );
    const shown = t.simulator.chats.find(result.wamid);
    expect(shown).toMatchObject({ phone: SHEENA, author: "business", text: "Hello Sheena", status: "read" });
  });

  it("Sheena's own message arrives as a signed text webhook the normalizer reads", async () => {
    const t = setup();
    const entry = await t.simulator.personSends(SHEENA, "Is my order ready?");
    expect(entry.status).toBe("delivered");
    expect(normalizeWebhook(t.posted[0])).toMatchObject([
      {
        kind: "message",
        id: entry.wamid,
        from: { waId: SHEENA, name: "Sheena Nelson" },
        text: "Is my order ready?",
      },
    ]);
  });

  it("a quote-reply carries context.id of the quoted message", async () => {
    const t = setup();
    await t.simulator.personSends(SHEENA, "Hi");
    const sent = await t.client().sendMessage(to(SHEENA), text("Which order?"));
    if (!sent.ok) throw new Error(sent.reason);
    await t.simulator.personSends(SHEENA, "#4521", sent.wamid);
    const last = normalizeWebhook(t.posted[t.posted.length - 1]);
    expect(last).toMatchObject([{ kind: "message", text: "#4521", quotedId: sent.wamid }]);
  });

  it("free-form text outside the 24-hour window fails with 131047, as Meta reports it", async () => {
    const t = setup();
    await t.simulator.personSends(SHEENA, "Hi");
    t.clock.advance(25 * HOUR_MS);
    const result = await t.client().sendMessage(to(SHEENA), text("Sorry for the wait"));
    expect(result.ok).toBe(true);
    await t.simulator.settle();
    const [failed] = t.statuses();
    expect(failed).toMatchObject({ status: "failed", errors: [{ code: 131047 }] });
  });

  it("a template goes through a closed window", async () => {
    const t = setup();
    const template = {
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ type: "text", text: "4521" }] }],
      },
    };
    const result = await t.client().sendMessage(to(`+${SHEENA}`), template);
    if (!result.ok) throw new Error(result.reason);
    await t.simulator.settle();
    expect(t.statuses().map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(t.simulator.chats.find(result.wamid)?.text).toBe("📋 template order_update (en_US)\n4521");
  });

  it("mark as read turns the person's ticks blue", async () => {
    const t = setup();
    const entry = await t.simulator.personSends(SHEENA, "Hi");
    await expect(t.client().markRead(entry.wamid)).resolves.toEqual({ ok: true });
    expect(t.simulator.chats.find(entry.wamid)?.status).toBe("read");
  });
});

describe("refusals the bot's client classifies like Meta's", () => {
  it("a wrong token is 190: sending stops", async () => {
    const result = await setup().client({ accessToken: "stolen" }).sendMessage(to(SHEENA), text("x"));
    expect(result).toMatchObject({ ok: false, code: 190, httpStatus: 401, outcome: "stop", source: "api" });
  });

  it("another business number is 100: this message fails, nothing else", async () => {
    const result = await setup().client({ phoneNumberId: "999" }).sendMessage(to(SHEENA), text("x"));
    expect(result).toMatchObject({ ok: false, code: 100, httpStatus: 400, outcome: "fail" });
  });

  it("an empty text is 100", async () => {
    const result = await setup().client().sendMessage(to(SHEENA), text(" "));
    expect(result).toMatchObject({ ok: false, code: 100, outcome: "fail" });
  });
});

describe("media", () => {
  it("upload, then the media URL, then the bytes, all with the token", async () => {
    const t = setup();
    const bytes = new TextEncoder().encode("%PDF-1.4 invoice");
    const uploaded = await t.client().uploadMedia(bytes, "application/pdf", "invoice.pdf");
    if (!uploaded.ok) throw new Error(uploaded.reason);
    const url = await t.client().getMediaUrl(uploaded.mediaId);
    if (!url.ok) throw new Error(url.reason);
    expect(url).toMatchObject({ mimeType: "application/pdf", fileSize: bytes.byteLength });
    const downloaded = await t.client().downloadMedia(url.url);
    if (!downloaded.ok) throw new Error(downloaded.reason);
    expect(new TextDecoder().decode(downloaded.bytes)).toBe("%PDF-1.4 invoice");
    expect(downloaded.mimeType).toBe("application/pdf");
  });

  it("an unknown media id is refused", async () => {
    await expect(setup().client().getMediaUrl("404")).resolves.toMatchObject({ ok: false, code: 100 });
  });
});

describe("templates", () => {
  const template = (name: string, language: string, params: string[]) => ({
    type: "template",
    template: {
      name,
      language: { code: language },
      components: [{ type: "body", parameters: params.map((p) => ({ type: "text", text: p })) }],
    },
  });

  it("the business account's listing, read by the bot's own client: the approved ones, their parameters", async () => {
    const t = setup();
    const result = await t.client().listTemplates(SANDBOX_BUSINESS.wabaId);
    if (!result.ok) throw new Error(result.reason);
    const shown = result.templates.map((x) => `${x.name} ${x.language} ${x.parameters.length}`);
    // The README tour's template, the demo's, and STAFF_NOTIFY_TEMPLATE's are among them.
    expect(shown).toEqual(
      expect.arrayContaining(["order_update en_US 1", "pickup_reminder en_US 1", "inbox_notice en 1"]),
    );
    expect(shown).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(summer_sale|win_back) /)]));
    expect(result.skipped).toBe(2);
    expect(result.templates.find((x) => x.name === "appointment_reminder")).toMatchObject({
      named: true,
      parameters: ["customer_name", "date"],
    });
  });

  it("pages as Graph pages: a cursor, and paging.next only while there is more", async () => {
    const t = setup();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const url = `${BASE}/v25.0/${SANDBOX_BUSINESS.wabaId}/message_templates?fields=name&limit=4`;
    const first = (await (await t.app.request(url, { headers: auth })).json()) as {
      data: unknown[];
      paging: { cursors: { after: string }; next?: string };
    };
    expect(first.data).toHaveLength(4);
    expect(first.paging.next).toBe(
      `${BASE}/v25.0/${SANDBOX_BUSINESS.wabaId}/message_templates?fields=name&limit=4&after=${first.paging.cursors.after}`,
    );
    const names: unknown[] = [...first.data];
    let next = first.paging.next;
    while (next !== undefined) {
      const page = (await (await t.app.request(next, { headers: auth })).json()) as typeof first;
      names.push(...page.data);
      next = page.paging.next;
    }
    expect(names).toHaveLength(10);
  });

  it("another account's listing is Meta's 100", async () => {
    const t = setup();
    const result = await t.client().listTemplates("999");
    expect(result).toMatchObject({ ok: false, code: 100, outcome: "fail" });
  });

  it("a template Meta did not approve in that language is 132001; the wrong number of parameters 132000", async () => {
    const t = setup();
    expect(
      await t.client().sendMessage(to(SHEENA), template("order_update", "pt_BR", ["4521"])),
    ).toMatchObject({
      ok: false,
      code: 132001,
    });
    expect(
      await t.client().sendMessage(to(SHEENA), template("summer_sale", "en_US", ["a", "b"])),
    ).toMatchObject({
      ok: false,
      code: 132001,
    });
    expect(
      await t.client().sendMessage(to(SHEENA), template("order_update", "en_US", ["4521", "x"])),
    ).toMatchObject({
      ok: false,
      code: 132000,
      reason: expect.stringMatching(/^Meta 132000: the number of template parameters does not match/),
    });
    expect(t.simulator.chats.chat(SHEENA)).toEqual([]);
  });
});
