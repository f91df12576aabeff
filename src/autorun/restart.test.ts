// Timers are rows (SPEC §13): a follow-up due while the process is down fires exactly once after the
// restart, and a Durable Object's next alarm is the earliest due timer. The object's runtime runs here on
// better-sqlite3 over a file, closed and opened again as a restart would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { manualClock } from "../clock.js";
import { parseConfig } from "../config.js";
import { MINUTE_MS } from "../domain/window.js";
import { silentLogger } from "../log.js";
import { createObjectRuntime } from "../runtime/workers/object-runtime.js";
import { openNodeDatabase } from "../store/open-node.js";
import { settings, staff } from "../store/schema.js";
import type { GraphFetch } from "../whatsapp/graph-client.js";

const parsed = parseConfig({
  WHATSAPP_APP_SECRET: "s",
  WHATSAPP_VERIFY_TOKEN: "v",
  WHATSAPP_ACCESS_TOKEN: "t",
  WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
  GRAPH_API_URL: "https://graph.restart.test",
  INBOX_ADMINS: "ada:+15550000001",
});
if (!parsed.ok) throw new Error("bad test config");
const config = parsed.config;

const REMINDER = "#1 · Sheena has waited 20m for an answer · reply, or /unassign #1";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function start(file: string, clock: ReturnType<typeof manualClock>) {
  const sent: string[] = [];
  const fetch: GraphFetch = async (_url, init) => {
    const body = JSON.parse(String(init.body)) as {
      text?: { body?: string };
      interactive?: { body?: { text?: string } };
    };
    // What the person reads: a text's body, or the body of a notice with buttons.
    sent.push(body.text?.body ?? body.interactive?.body?.text ?? "");
    const text = JSON.stringify({ messages: [{ id: `wamid.S.${sent.length}` }] });
    return {
      status: 200,
      headers: { get: (name) => (name.toLowerCase() === "content-type" ? "application/json" : null) },
      text: async () => text,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer,
    };
  };
  const opened = openNodeDatabase(file);
  const runtime = createObjectRuntime({ db: opened.db, config, clock, log: silentLogger, fetch });
  return { runtime, db: opened.db, sent, close: () => opened.close() };
}

describe("a timer while the process is down", () => {
  it("fires exactly once after the restart; the alarm is set for it", async () => {
    dir = mkdtempSync(join(tmpdir(), "autorun-restart-"));
    const file = join(dir, "inbox.db");
    const clock = manualClock();

    const first = start(file, clock);
    first.db
      .insert(staff)
      .values({
        handle: "maria",
        phone: "+15550000003",
        waId: "15550000003",
        role: "agent",
        createdAt: clock.now(),
        windowExpiresAt: clock.now() + 48 * 60 * MINUTE_MS,
      })
      .run();
    first.db
      .insert(settings)
      .values([
        { key: "follow_up", value: "15m" },
        { key: "auto_assign", value: "balanced" },
      ])
      .run();
    const body = makeTextWebhook({
      from: "15557770001",
      id: "wamid.C1",
      text: "Hi",
      timestamp: clock.now() / 1000,
      name: "Sheena",
    });
    first.runtime.store(JSON.stringify(body), "sha-1");
    await first.runtime.runDue();
    expect(first.sent[0]).toMatch(/^#1 assigned to you by auto-assignment \(balanced\)/);
    // The object's next alarm is the follow-up, 15 minutes on.
    expect(first.runtime.nextWakeAt()).toBe(clock.now() + 15 * MINUTE_MS);
    first.close(); // killed before it was due

    clock.advance(20 * MINUTE_MS);
    const second = start(file, clock);
    await second.runtime.runDue();
    await second.runtime.runDue();
    expect(second.sent).toEqual([REMINDER]);
    // The hand-back is the next alarm: at 2·D.
    expect(second.runtime.nextWakeAt()).toBe(clock.now() + 10 * MINUTE_MS);
    second.close();

    const third = start(file, clock);
    await third.runtime.runDue();
    expect(third.sent).toEqual([]);
    third.close();
  });
});
