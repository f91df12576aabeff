// The production entry (main.ts, a child process) as an operator runs it with two business numbers and
// METRICS_TOKEN: GET /metrics is Prometheus text behind the token, its counters move with traffic, and
// the two numbers are isolated (one database each; a command on one never sees the other's
// conversations), while an update for a number not served is stored and answered 200, never processed.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databasePath } from "../src/store/open-node.js";
import { freePort, healthz, openReadOnly, postWebhook, waitFor } from "./kit/bot-http.js";
import { startBot } from "./kit/bot-process.js";
import { makeTextWebhook } from "./kit/fixtures.js";
import { type Exposition, parsePrometheus } from "./kit/prometheus.js";

const A = "106540352242922";
const B = "106540352242933";
const UNSERVED = "106540352242944";
const TOKEN = "metrics-t0ken";
const ADA = "15550000001";

/** A Graph API that records which number each message went out from, to whom, and its text. */
async function recordingGraph() {
  const sent: { from: string; to: string; text: string }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as { to?: string; text?: { body?: string } };
      const from = /\/(\d+)\/messages/.exec(req.url ?? "")?.[1] ?? "";
      sent.push({ from, to: (body.to ?? "").replace(/^\+/, ""), text: body.text?.body ?? "" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: `wamid.OP.${sent.length}` }] }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, sent, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let n = 0;
const text = (phoneNumberId: string, from: string, body: string, name?: string) => {
  n += 1;
  const id = `wamid.op.${process.pid}.${n}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return makeTextWebhook({ from, id, text: body, timestamp, phoneNumberId, ...(name ? { name } : {}) });
};

async function scrape(url: string, authorization?: string): Promise<Response> {
  return fetch(`${url}/metrics`, authorization ? { headers: { authorization } } : {});
}

async function metrics(url: string): Promise<Exposition> {
  const res = await scrape(url, `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

describe("operating it: /metrics and several numbers (main.ts as a child process)", () => {
  it("serves two numbers isolated, counts what happens, and guards /metrics with the token", async () => {
    const graph = await recordingGraph();
    cleanups.push(graph.close);
    const dataDir = mkdtempSync(join(tmpdir(), "inbox-operate-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const bot = await startBot({
      port: await freePort(),
      graphUrl: graph.url,
      dataDir,
      env: { WHATSAPP_PHONE_NUMBER_ID: `${A},${B}`, METRICS_TOKEN: TOKEN, LOG_LEVEL: "warn" },
    });
    cleanups.push(() => bot.stop());

    // The token: none, a wrong one, another scheme → 401; the right one → 200.
    expect((await scrape(bot.url)).status).toBe(401);
    expect((await scrape(bot.url, "Bearer wrong")).status).toBe(401);
    expect((await scrape(bot.url, `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(bot.url, `Basic ${TOKEN}`)).status).toBe(401);
    const before = await metrics(bot.url);
    for (const id of [A, B]) {
      expect(before.value("inbox_webhook_bodies_stored_total", { phone_number_id: id })).toBe(0);
      expect(before.value("inbox_outbox_depth", { phone_number_id: id })).toBe(0);
    }
    expect(before.types.get("inbox_webhook_ack_seconds")).toBe("histogram");
    expect(before.types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");

    // Ann writes to A, Bob to B; one body carries Cat's message to A and Dan's to B; Eve writes to a
    // number this bot does not serve.
    const post = (body: unknown) => postWebhook(bot.url, JSON.stringify(body));
    expect(await post(text(A, "15558000001", "hello from ann", "Ann"))).toBe(200);
    expect(await post(text(B, "15558000002", "hello from bob", "Bob"))).toBe(200);
    const cat = text(A, "15558000003", "hello from cat", "Cat");
    const dan = text(B, "15558000004", "hello from dan", "Dan");
    expect(await post({ ...cat, entry: [...cat.entry, ...dan.entry] })).toBe(200);
    expect(await post(text(UNSERVED, "15558000005", "hello from eve", "Eve"))).toBe(200);
    const unsigned = await fetch(`${bot.url}/webhook`, { method: "POST", body: JSON.stringify(cat) });
    expect(unsigned.status).toBe(401);
    const filed = async () => {
      const health = await healthz(bot.url);
      return health.ok && health.eventsPending === 0 && Object.keys(health.numbers ?? {}).length === 2;
    };
    expect(await waitFor(filed, 15_000)).toBe(true);

    // The admin (INBOX_ADMINS: an admin on every number) asks each number for its new conversations.
    // (What went out before, such as the new-conversation notices, is not the answer.)
    const sentBefore = graph.sent.length;
    expect(await post(text(A, ADA, "/new"))).toBe(200);
    expect(await post(text(B, ADA, "/new"))).toBe(200);
    const answerFrom = (number: string) =>
      graph.sent
        .slice(sentBefore)
        .find((m) => m.from === number && m.to === ADA && m.text.startsWith("New ·"));
    expect(
      await waitFor(async () => answerFrom(A) !== undefined && answerFrom(B) !== undefined, 15_000),
    ).toBe(true);
    const onA = answerFrom(A)?.text ?? "";
    const onB = answerFrom(B)?.text ?? "";
    expect(onA).toMatch(/Ann/);
    expect(onA).toMatch(/Cat/);
    expect(onA).not.toMatch(/Bob|Dan|Eve/);
    expect(onB).toMatch(/Bob/);
    expect(onB).toMatch(/Dan/);
    expect(onB).not.toMatch(/Ann|Cat|Eve/);
    // Every message to a customer or to staff about A went out from A, and likewise for B.
    expect(graph.sent.filter((m) => /Bob|Dan/.test(m.text) && m.from !== B)).toEqual([]);
    expect(graph.sent.filter((m) => /Ann|Cat/.test(m.text) && m.from !== A)).toEqual([]);

    // One database per number; Eve's update is in the primary number's raw_events, and nowhere filed.
    const names = (id: string) => {
      const db = openReadOnly(databasePath(dataDir, id));
      try {
        const contacts = db
          .prepare("select name from contacts where name is not null order by name")
          .pluck()
          .all();
        const raw = db
          .prepare("select count(*) from raw_events where body like '%hello from eve%'")
          .pluck()
          .get();
        return { contacts, eveRaw: raw };
      } finally {
        db.close();
      }
    };
    expect(names(A)).toEqual({ contacts: ["Ann", "Cat"], eveRaw: 1 });
    expect(names(B)).toEqual({ contacts: ["Bob", "Dan"], eveRaw: 0 });

    // The counters moved with that traffic.
    const after = await metrics(bot.url);
    const stored = (m: Exposition, id: string) =>
      m.value("inbox_webhook_bodies_stored_total", { phone_number_id: id });
    expect(stored(after, A)).toBe(4); // Ann, Cat's part, Eve (the primary's), /new
    expect(stored(after, B)).toBe(3); // Bob, Dan's part, /new
    expect(after.value("inbox_webhooks_total", { outcome: "stored" })).toBe(6);
    expect(after.value("inbox_webhooks_total", { outcome: "bad_signature" })).toBe(1);
    expect(after.value("inbox_webhook_ack_seconds_count")).toBe(6);
    for (const id of [A, B]) {
      expect(after.sum("inbox_journal_commit_seconds_count", { phone_number_id: id })).toBeGreaterThan(0);
      expect(
        after.value("inbox_sends_total", { phone_number_id: id, outcome: "accepted", error_code: "" }),
      ).toBeGreaterThan(0);
      expect(after.value("inbox_events_failed", { phone_number_id: id })).toBe(0);
      expect(after.value("inbox_sending_stopped", { phone_number_id: id })).toBe(0);
    }
    // /healthz's acknowledgement buckets are read out of the same histograms.
    const health = await healthz(bot.url);
    for (const id of [A, B]) {
      const commits = health.numbers?.[id]?.acknowledgements?.journalCommitMs.counts ?? [];
      const scraped = after.value("inbox_journal_commit_seconds_count", { phone_number_id: id }) ?? -1;
      expect(scraped).toBeGreaterThan(0);
      expect(commits.reduce((x, y) => x + y, 0)).toBe(scraped);
    }
    const sentBy = (id: string) => graph.sent.filter((m) => m.from === id).length;
    expect(after.sum("inbox_sends_total", { phone_number_id: A })).toBe(sentBy(A));
    expect(after.sum("inbox_sends_total", { phone_number_id: B })).toBe(sentBy(B));
  }, 60_000);
});
