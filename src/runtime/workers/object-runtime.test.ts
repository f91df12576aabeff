// The Durable Object's runtime on better-sqlite3: what an alarm does (file, send) and when the next one
// is due. worker.test.ts runs the same runtime inside workerd.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../../test/kit/fixtures.js";
import { manualClock } from "../../clock.js";
import { parseConfig } from "../../config.js";
import { DAY_MS } from "../../inbox/retention.js";
import { silentLogger } from "../../log.js";
import { stopSending } from "../../outbox/sending-state.js";
import { openNodeDatabase } from "../../store/open-node.js";
import { rawEvents } from "../../store/schema.js";
import { requestTemplateRefresh } from "../../store/template-list.js";
import type { GraphFetch } from "../../whatsapp/graph-client.js";
import { createObjectRuntime } from "./object-runtime.js";

function setup(
  answer: (body: Record<string, unknown>) => { status: number; json: unknown },
  env: Record<string, string> = {},
) {
  const parsed = parseConfig({
    ...env,
    WHATSAPP_APP_SECRET: "s",
    WHATSAPP_VERIFY_TOKEN: "v",
    WHATSAPP_ACCESS_TOKEN: "t",
    WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
    GRAPH_API_URL: "https://graph.object.test",
    INBOX_ADMINS: "ada:+15550000001",
  });
  if (!parsed.ok) throw new Error("bad test config");
  const clock = manualClock();
  const sent: Array<Record<string, unknown>> = [];
  const fetch: GraphFetch = async (url, init) => {
    // The only GET an alarm makes without media: the template listing.
    const body: Record<string, unknown> =
      init.method === "GET" ? { listing: url } : (JSON.parse(String(init.body)) as Record<string, unknown>);
    sent.push(body);
    const { status, json } = answer(body);
    const text = JSON.stringify(json);
    return {
      status,
      headers: { get: (name) => (name.toLowerCase() === "content-type" ? "application/json" : null) },
      text: async () => text,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer,
    };
  };
  const { db } = openNodeDatabase(":memory:");
  const runtime = createObjectRuntime({ db, config: parsed.config, clock, log: silentLogger, fetch });
  let seq = 0;
  const store = (from: string, text: string) => {
    seq += 1;
    const body = JSON.stringify(
      makeTextWebhook({ from, id: `wamid.O.${seq}`, text, timestamp: Math.floor(clock.now() / 1000) }),
    );
    return runtime.store(body, `sha-${seq}`);
  };
  return { runtime, db, clock, sent, store };
}

const ok = () => ({ status: 200, json: { messages: [{ id: "wamid.SENT" }] } });
/** With nothing else waiting, the next alarm is when the body just filed passes RAW_RETENTION_DAYS (30). */
const retentionWake = (clock: { now: () => number }) => clock.now() + 30 * DAY_MS + 1;

describe("the Durable Object's runtime", () => {
  it("wants no alarm when nothing waits, and one at once when a body is stored", () => {
    const { runtime, clock, store } = setup(ok);
    expect(runtime.nextWakeAt()).toBeNull();
    store("15550000001", "/whoami");
    expect(runtime.nextWakeAt()).toBe(clock.now());
  });

  it("files the stored body and sends the answer in one alarm, then wants no other", async () => {
    const { runtime, sent, store, clock } = setup(ok);
    store("15550000001", "/whoami");
    expect(await runtime.runDue()).toBe(retentionWake(clock));
    expect(sent.map((b) => b.to)).toEqual(["+15550000001"]);
    expect(runtime.health()).toMatchObject({ eventsPending: 0, outboxPending: 0, sending: "ok" });
  });

  it("wakes for a send that will be retried, at its next attempt", async () => {
    const { runtime, clock, store } = setup(() => ({ status: 500, json: { error: { code: 1 } } }));
    store("15550000001", "/whoami");
    const next = await runtime.runDue();
    expect(next).not.toBeNull();
    expect(next ?? 0).toBeGreaterThanOrEqual(clock.now());
    expect(runtime.health().outboxPending).toBe(1);
  });

  it("does not wake for the outbox while sending is stopped (the alarm would spin)", async () => {
    const { runtime, db, clock, store } = setup(ok);
    stopSending(db, { now: clock.now(), reason: "190: token expired" });
    store("15550000001", "/whoami");
    expect(await runtime.runDue()).toBe(retentionWake(clock));
    expect(runtime.health()).toMatchObject({ outboxPending: 1, sending: { state: "stopped" } });
  });

  it("a wanted template listing is the alarm's too, but only with a WABA id to serve it", async () => {
    const answer = (body: Record<string, unknown>) =>
      "listing" in body
        ? {
            status: 200,
            json: { data: [{ name: "hello_world", language: "en_US", status: "APPROVED", components: [] }] },
          }
        : ok();
    const served = setup(answer, { WHATSAPP_BUSINESS_ACCOUNT_ID: "102290129340398" });
    served.store("15550000001", "/templates");
    expect(await served.runtime.runDue()).toBe(retentionWake(served.clock));
    // The listing runs beside the sends; the list it brings goes out in the same alarm.
    expect(served.sent.filter((b) => "listing" in b)).toHaveLength(1);
    expect(served.sent.flatMap((b) => ("listing" in b ? [] : [(b.text as { body: string }).body]))).toEqual([
      "Reading the approved templates from WhatsApp; the list follows in a moment.",
      expect.stringMatching(/^Approved templates \(1 name\) · read just now\nhello_world · en_US/),
    ]);
    // A refresh asked within the minute waits for it, and the alarm with it.
    served.db.transaction((tx) => requestTemplateRefresh(tx, { now: served.clock.now() }));
    expect(served.runtime.nextWakeAt()).toBe(served.clock.now() + 60_000);

    const unserved = setup(answer);
    unserved.db.transaction((tx) => requestTemplateRefresh(tx, { now: unserved.clock.now() }));
    expect(unserved.runtime.nextWakeAt()).toBeNull();
  });

  it("deletes processed bodies past RAW_RETENTION_DAYS in its alarm, a batch at a time, then sleeps", async () => {
    const { runtime, db, clock, store } = setup(ok, { RAW_RETENTION_DAYS: "1" });
    for (let i = 0; i < 250; i++) store("15557770001", `message ${i}`);
    await runtime.runDue();
    await runtime.runDue();
    const kept = () => db.select({ n: count() }).from(rawEvents).get()?.n;
    expect(kept()).toBe(250);
    clock.advance(DAY_MS + 1);
    // Due now: one batch of 200 per alarm, and the alarm comes back at once for the rest.
    expect(await runtime.runDue()).toBe(clock.now());
    expect(kept()).toBe(50);
    expect(await runtime.runDue()).toBeNull();
    expect(kept()).toBe(0);
  });
});
