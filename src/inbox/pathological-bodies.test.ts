// Issue 18, case 5, through the real wiring: signed bodies Meta never sends (a list of 100,000 junk
// elements, an extra field nested 10,000 deep) are filed: their valid message reaches the inbox, the body is
// not left pending for retries, and what was skipped is logged with a reason and a bounded number of lines.
// Times and memory are measured outside the tests (see the issue's closing note), not asserted here.
import { and, eq, ne } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../test/kit/e2e.js";
import { TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { messages, rawEvents } from "../store/schema.js";
import { signBody } from "../whatsapp/signature.js";

useGraphServer();

const ADA = "+15550000001";
const CUSTOMER = "15557770001";
const N = 100_000;
/** Far fewer log lines than junk elements: a body must not log once per element. */
const BOUNDED_LOG_LINES = 100;

type E2E = Awaited<ReturnType<typeof startE2E>>;
let e: E2E;
beforeEach(async () => {
  e = await startE2E();
});
afterEach(() => e.close());

const textMessage = (id: string, extra = "") =>
  `{"from":"${CUSTOMER}","id":"${id}","timestamp":"${Math.floor(e.clock.now() / 1000)}","type":"text","text":{"body":"hello from ${id}"}${extra}}`;
const entry = (value: string) =>
  `{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"${TEST_PHONE_NUMBER_ID}"},${value}}}]}`;
const body = (entries: string) => `{"object":"whatsapp_business_account","entry":[${entries}]}`;
const sheena = `{"profile":{"name":"Sheena"},"wa_id":"${CUSTOMER}"}`;
const many = (item: string) => Array(N).fill(item).join(",");

/** Signs and posts the exact text (a body nested 10,000 deep cannot go through JSON.stringify). */
async function postText(text: string): Promise<number> {
  const bytes = new TextEncoder().encode(text);
  const res = await e.node.app.request("/webhook", {
    method: "POST",
    body: bytes,
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await signBody("e2e-secret", bytes),
    },
  });
  return res.status;
}

const filed = (wamid: string) =>
  e.db
    .select()
    .from(messages)
    .where(and(eq(messages.wamid, wamid), eq(messages.direction, "in")))
    .all();
const unfinished = () =>
  e.db
    .select({ state: rawEvents.state, error: rawEvents.lastError })
    .from(rawEvents)
    .where(ne(rawEvents.state, "done"))
    .all();
const logged = () => e.log.lines.map((l) => `${l.level} ${l.msg} ${JSON.stringify(l.fields ?? {})}`);

async function expectFiled(text: string, wamid: string, skipped: RegExp) {
  expect(await postText(text)).toBe(200);
  await e.flush();
  expect(unfinished()).toEqual([]);
  expect(filed(wamid)).toHaveLength(1);
  expect(logged().filter((line) => skipped.test(line))).not.toEqual([]);
  expect(e.log.lines.length).toBeLessThan(BOUNDED_LOG_LINES);
}

describe("pathological signed bodies are filed, bounded and explained", () => {
  it("a text message with an extra field nested 10,000 deep is filed, not retried forever", async () => {
    const depth = 10_000;
    const deep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const text = body(
      entry(`"contacts":[${sheena}],"messages":[${textMessage("wamid.DEEP", `,"extra":${deep}`)}]`),
    );
    await expectFiled(text, "wamid.DEEP", /wamid\.DEEP.*nested deeper than/);
    // The stored copy of the message holds what was understood; the whole body stays in raw_events.
    const [row] = filed("wamid.DEEP");
    expect(row?.text).toBe("hello from wamid.DEEP");
    expect(row?.raw?.length ?? 0).toBeLessThan(2_000);
    const stored = e.db.select({ body: rawEvents.body }).from(rawEvents).all();
    expect(stored.map((r) => r.body)).toContain(text);
  });

  it("entry: a valid entry followed by 100,000 zeros", async () => {
    const text = body(
      `${entry(`"contacts":[${sheena}],"messages":[${textMessage("wamid.E")}]`)},${many("0")}`,
    );
    await expectFiled(text, "wamid.E", /entry.*not read/);
  });

  it("messages: a valid message followed by 100,000 empty objects", async () => {
    const text = body(entry(`"contacts":[${sheena}],"messages":[${textMessage("wamid.M")},${many("{}")}]`));
    await expectFiled(text, "wamid.M", /messages.*not read/);
  });

  it("contacts: 100,000 empty contacts beside a valid message", async () => {
    const text = body(entry(`"contacts":[${sheena},${many("{}")}],"messages":[${textMessage("wamid.K")}]`));
    await expectFiled(text, "wamid.K", /contacts.*not read/);
  });

  it("statuses: 100,000 empty statuses beside a valid message", async () => {
    const text = body(
      entry(`"contacts":[${sheena}],"messages":[${textMessage("wamid.S")}],"statuses":[${many("{}")}]`),
    );
    await expectFiled(text, "wamid.S", /statuses.*not read/);
  });

  it("a staff command sent right after a large body is answered", async () => {
    expect(await postText(body(entry(`"messages":[${textMessage("wamid.BIG")},${many("{}")}]`)))).toBe(200);
    await e.write(ADA, "/whoami");
    expect(e.lastTo(ADA).text).toMatch(/ada/i);
    expect(filed("wamid.BIG")).toHaveLength(1);
    expect(unfinished()).toEqual([]);
  });
});
