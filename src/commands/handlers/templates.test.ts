// /templates and the checks /template makes against the same list (SPEC §4), end to end: signed webhooks
// in, msw as Meta serving the template listing and taking the sends, the refresh done by the outbox.
import { and, eq, ne } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { type InboxUnderTest, MARIA, SHEENA, withNewConversation } from "../../../test/kit/conversation.js";
import { GRAPH, graphServer, MESSAGES_URL, useGraphServer } from "../../../test/kit/e2e.js";
import { MINUTE_MS } from "../../domain/window.js";
import { outbox, templateList } from "../../store/schema.js";

useGraphServer();

const WABA = "102290129340398";
const LIST_URL = `${GRAPH}/v25.0/${WABA}/message_templates`;

type Listed = { name: string; language: string; status?: string; components: unknown[] };

const body = (text: string) => ({ type: "BODY", text });
/** The account as the tests set it up; each listing answers with what it holds at that moment. */
const ACCOUNT: Listed[] = [
  { name: "order_update", language: "en_US", components: [body("Your order {{1}} has been updated.")] },
  { name: "order_update", language: "es", components: [body("Tu pedido {{1}} se ha actualizado.")] },
  { name: "hello_world", language: "en_US", components: [body("Welcome and congratulations!!")] },
  {
    name: "delivery_window",
    language: "en_US",
    components: [
      { type: "HEADER", format: "TEXT", text: "Delivery for {{1}}" },
      body("Arrives {{1}} between {{2}}."),
    ],
  },
  {
    name: "appointment_reminder",
    language: "es",
    components: [body("Hola {{customer_name}}, te esperamos el {{date}}.")],
  },
  {
    name: "reservation_confirmation",
    language: "en_US",
    components: [{ type: "HEADER", format: "IMAGE" }, body("Table for {{guests}}")],
  },
  { name: "summer_sale", language: "en_US", status: "PENDING", components: [body("Hi {{1}}")] },
];

let t: InboxUnderTest;
let account: Listed[];
let listings: number;
/** Set to answer the next listings with this instead of the account. */
let listingFailure: (() => Response) | null;
/** Set to answer template sends (only those) with this. */
let templateSendFailure: (() => Response) | null;

afterEach(async () => {
  await t.close();
});

/** Meta's listing, two templates a page, so every listing also pages. */
function serveListing(): void {
  graphServer.use(
    http.get(LIST_URL, ({ request }) => {
      listings += 1;
      if (listingFailure !== null) return listingFailure();
      const after = Number(new URL(request.url).searchParams.get("after") ?? "0");
      const page = account
        .slice(after, after + 2)
        .map((t) => ({ status: "APPROVED", ...t, id: `${t.name}.${t.language}` }));
      const more = after + 2 < account.length;
      return HttpResponse.json({
        data: page,
        paging: {
          cursors: { before: String(after), after: String(after + 2) },
          ...(more
            ? { next: `https://graph.facebook.com/v25.0/${WABA}/message_templates?after=${after + 2}` }
            : {}),
        },
      });
    }),
  );
}

/** Sheena wrote; #1 belongs to @maria; the inbox knows its WABA id. */
async function start(env: Record<string, string> = { WHATSAPP_BUSINESS_ACCOUNT_ID: WABA }) {
  account = [...ACCOUNT];
  listings = 0;
  listingFailure = null;
  serveListing();
  templateSendFailure = null;
  t = await withNewConversation(env);
  // Ahead of the harness's own handler for sends; anything but a failing template falls through to it.
  graphServer.use(
    http.post(MESSAGES_URL, async ({ request }) => {
      if (templateSendFailure === null) return undefined;
      const sent = (await request.clone().json()) as Record<string, unknown>;
      return sent.type === "template" ? templateSendFailure() : undefined;
    }),
  );
  await t.command(MARIA, "/assign me #1");
  return t;
}

/** Maria asks /templates and gets the list that follows. */
async function readList(): Promise<string | null> {
  await t.command(MARIA, "/templates");
  return t.answerTo(MARIA);
}

/** Messages to customers; "seen" marks (purpose read, SPEC §12) are not messages. */
const customerSends = () =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipientKind, "customer"), ne(outbox.purpose, "read")))
    .all();

describe("/templates", () => {
  it("without WHATSAPP_BUSINESS_ACCOUNT_ID says how to set it, and reads nothing from Meta", async () => {
    await start({});
    expect(await t.command(MARIA, "/templates")).toMatch(
      /^The template list needs WHATSAPP_BUSINESS_ACCOUNT_ID /,
    );
    expect(listings).toBe(0);
  });

  it("the first time: 'the list follows', then the approved templates, read from every page", async () => {
    await start();
    const before = t.sentTo(MARIA).length;
    await t.write(MARIA, "/templates");
    const answers = t
      .sentTo(MARIA)
      .slice(before)
      .map((s) => s.text);
    expect(answers).toEqual([
      "Reading the approved templates from WhatsApp; the list follows in a moment.",
      [
        "Approved templates (5 names) · read just now",
        "appointment_reminder · es · 2 parameters: customer_name | date",
        "delivery_window · en_US · 3 parameters",
        "hello_world · en_US · no parameters",
        "order_update · en_US, es · 1 parameter",
        "reservation_confirmation · en_US · 1 parameter: guests · image header, not sendable from chat",
        "Send one: /template #N <name> [language] [param | param…]",
      ].join("\n"),
    ]);
    // Seven templates, two a page: four requests, one listing.
    expect(listings).toBe(4);
  });

  it("within the hour it answers from the cached list at once; after it, reads the list again", async () => {
    await start();
    await readList();
    const read = listings;
    t.clock.advance(59 * MINUTE_MS);
    expect(await t.command(MARIA, "/templates")).toMatch(/^Approved templates \(5 names\) · read 59m ago\n/);
    expect(listings).toBe(read);
    account.push({ name: "zz_new", language: "en", components: [body("Hi")] });
    t.clock.advance(2 * MINUTE_MS);
    expect(await readList()).toContain("\nzz_new · en · no parameters\n");
    expect(listings).toBeGreaterThan(read);
  });

  it("pages a long list, one phone screen a page", async () => {
    await start();
    account = Array.from({ length: 23 }, (_, i) => ({
      name: `t${String(i).padStart(2, "0")}`,
      language: "en",
      components: [body("x")],
    }));
    const first = (await readList())?.split("\n") ?? [];
    expect(first).toHaveLength(1 + 10 + 2);
    expect(first.at(-2)).toBe("Page 1 of 3 · /templates 2 for more");
    const third = (await t.command(MARIA, "/templates 3"))?.split("\n") ?? [];
    expect(third.slice(1, -2)).toEqual([
      "t20 · en · no parameters",
      "t21 · en · no parameters",
      "t22 · en · no parameters",
    ]);
    expect(third.at(-2)).toBe("Page 3 of 3");
    expect(await t.command(MARIA, "/templates 4")).toBe(
      "Page 4 is past the end: the template list has 3 pages. Send /templates 3 for the last one.",
    );
  });

  it("when Meta refuses the listing, says why and that /template still sends unchecked", async () => {
    await start();
    listingFailure = () =>
      HttpResponse.json(
        { error: { message: "(#100) Invalid parameter", type: "OAuthException", code: 100 } },
        { status: 400 },
      );
    expect(await readList()).toBe(
      "Could not read the approved templates from WhatsApp: Meta 100: invalid or unsupported parameter ((#100) Invalid parameter). /template still sends, unchecked: WhatsApp decides.",
    );
    // Sending is not stopped, and /template is not checked against a list that was never read.
    expect(await t.command(MARIA, "/template #1 no_such_template")).toMatch(
      /^#1 template no_such_template \(en\) queued to Sheena/,
    );
  });
});

describe("/template checked against the approved templates", () => {
  async function withList() {
    await start();
    await readList();
  }

  /** The refusal, and proof that nothing reached Meta or the history. */
  async function refused(command: string): Promise<string | null> {
    const history = t.history(1);
    const answer = await t.command(MARIA, command);
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(customerSends()).toEqual([]);
    expect(t.history(1)).toEqual(history);
    return answer;
  }

  it("an unknown name is refused, naming the close matches", async () => {
    await withList();
    expect(await refused("/template #1 order_updat 4521")).toBe(
      '#1 not sent: there is no approved template "order_updat". Did you mean order_update? /templates lists them.',
    );
    expect(await refused("/template #1 reminder")).toBe(
      '#1 not sent: there is no approved template "reminder". Did you mean appointment_reminder? /templates lists them.',
    );
    expect(await refused("/template #1 summer_sale Ann")).toBe(
      '#1 not sent: there is no approved template "summer_sale". /templates lists them.',
    );
  });

  it("a language it is not approved in is refused, naming the ones it is", async () => {
    await withList();
    expect(await refused("/template #1 order_update pt_BR 4521")).toBe(
      "#1 not sent: order_update is approved in en_US and es, not in pt_BR. Send /template #1 order_update en_US <1>",
    );
    expect(await refused("/template #1 order_update 4521")).toBe(
      "#1 not sent: order_update is approved in en_US and es: write the language after the name, e.g. /template #1 order_update en_US <1>",
    );
  });

  it("a wrong number of parameters is refused with the expected count", async () => {
    await withList();
    expect(await refused("/template #1 order_update en_US 4521 | today")).toBe(
      "#1 not sent: order_update (en_US) takes 1 parameter, not 2. Send /template #1 order_update en_US <1>",
    );
    expect(await refused("/template #1 appointment_reminder es Sheena")).toBe(
      "#1 not sent: appointment_reminder (es) takes 2 parameters, not 1. Send /template #1 appointment_reminder es <customer_name> | <date>",
    );
    expect(await refused("/template #1 hello_world en_US hi | there")).toBe(
      "#1 not sent: hello_world (en_US) takes no parameters, not 2. Send /template #1 hello_world en_US",
    );
  });

  it("a media header is refused: /template cannot fill it", async () => {
    await withList();
    expect(await refused("/template #1 reservation_confirmation en_US 4")).toBe(
      "#1 not sent: reservation_confirmation has an image header, which /template cannot fill. /templates lists the others.",
    );
  });

  it("a refusal from a list over 5 minutes old has it read again, and the retry then goes through", async () => {
    await withList();
    t.clock.advance(10 * MINUTE_MS);
    account.push({ name: "brand_new", language: "en_US", components: [body("{{1}}")] });
    const read = listings;
    expect(await refused("/template #1 brand_new x")).toBe(
      '#1 not sent: there is no approved template "brand_new". /templates lists them. (The list is from 10m ago and is being read again: if the template changed since, try again in a minute.)',
    );
    expect(listings).toBeGreaterThan(read);
    expect(await t.command(MARIA, "/template #1 brand_new x")).toMatch(
      /^#1 template brand_new \(en_US\) queued/,
    );
  });

  it("the language comes from the list when the name has one; named and header parameters are sent as approved", async () => {
    await withList();
    expect(await t.command(MARIA, "/template #1 appointment_reminder Sheena | Friday")).toMatch(
      /^#1 template appointment_reminder \(es\) queued to Sheena/,
    );
    expect(await t.command(MARIA, "/template #1 delivery_window Sheena | Friday | 9 and 11")).toMatch(
      /^#1 template delivery_window \(en_US\) queued to Sheena/,
    );
    expect(t.sentTo(SHEENA).map((s) => s.body.template)).toEqual([
      {
        name: "appointment_reminder",
        language: { code: "es" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", parameter_name: "customer_name", text: "Sheena" },
              { type: "text", parameter_name: "date", text: "Friday" },
            ],
          },
        ],
      },
      {
        name: "delivery_window",
        language: { code: "en_US" },
        components: [
          { type: "header", parameters: [{ type: "text", text: "Sheena" }] },
          {
            type: "body",
            parameters: [
              { type: "text", text: "Friday" },
              { type: "text", text: "9 and 11" },
            ],
          },
        ],
      },
    ]);
    expect(t.history(1).at(-1)).toBe(
      "template (delivery_window (en_US): Sheena | Friday | 9 and 11) by @maria",
    );
  });

  it("with a list never read it sends as typed, as without a WABA id, and has the list read for next time", async () => {
    await start();
    expect(await t.command(MARIA, "/template #1 whatever_name x")).toMatch(
      /^#1 template whatever_name \(en\) queued/,
    );
    expect(t.sentTo(SHEENA).map((s) => s.template)).toEqual([{ name: "whatever_name", params: ["x"] }]);
    expect(listings).toBeGreaterThan(0);
    expect(await t.command(MARIA, "/template #1 whatever_name x")).toMatch(
      /^#1 not sent: there is no approved template/,
    );
  });

  it("with no WABA id nothing is checked", async () => {
    await start({});
    expect(await t.command(MARIA, "/template #1 whatever_name x | y")).toMatch(
      /^#1 template whatever_name \(en\) queued/,
    );
    expect(listings).toBe(0);
  });
});

describe("a template error from Meta has the list read again", () => {
  const templateError = (code: number, message: string) =>
    HttpResponse.json(
      { error: { message, type: "OAuthException", code, error_data: { details: message } } },
      { status: 400 },
    );

  it("132001 on a send: the requester hears why, pointed at /templates, and the list is read again", async () => {
    await start();
    await readList();
    const read = listings;
    // The template was deleted in WhatsApp Manager after the list was read.
    account = account.filter((x) => x.name !== "hello_world");
    t.clock.advance(2 * MINUTE_MS);
    templateSendFailure = () => templateError(132001, "template name (hello_world) does not exist in en_US");
    await t.write(MARIA, "/template #1 hello_world");
    expect(t.answerTo(MARIA)).toBe(
      '#1 not delivered ("hello_world"): Meta 132001: the template does not exist in this language, or is not approved (template name (hello_world) does not exist in en_US). /templates lists the approved ones.',
    );
    expect(listings).toBeGreaterThan(read);
    expect(await t.command(MARIA, "/template #1 hello_world")).toMatch(
      /^#1 not sent: there is no approved template "hello_world"/,
    );
  });

  it("132000 in a failed status webhook does too", async () => {
    await start();
    await readList();
    const read = listings;
    t.clock.advance(2 * MINUTE_MS);
    await t.command(MARIA, "/template #1 hello_world");
    const [sent] = t.sentTo(SHEENA);
    if (!sent) throw new Error("the template was not sent");
    await t.status(sent.wamid, "failed", SHEENA.slice(1), [
      { code: 132000, title: "Number of parameters does not match" },
    ]);
    expect(listings).toBeGreaterThan(read);
  });

  it("not more than one listing a minute, however many template errors", async () => {
    await start();
    await readList();
    const read = listings;
    templateSendFailure = () => templateError(132001, "does not exist");
    for (let i = 0; i < 3; i++) await t.command(MARIA, "/template #1 hello_world");
    expect(listings).toBe(read);
    const state = t.db.select().from(templateList).get();
    expect(state?.refreshRequestedAt).not.toBe(null);
    t.clock.advance(MINUTE_MS);
    await t.flush();
    expect(listings).toBeGreaterThan(read);
    expect(t.db.select().from(templateList).get()?.refreshRequestedAt).toBe(null);
  });
});
