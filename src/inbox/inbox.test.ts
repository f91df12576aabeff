import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { createTestInbox, seconds } from "../../test/kit/inbox-harness.js";
import { HOUR_MS, WINDOW_MS } from "../domain/window.js";
import { contacts, conversationEvents, conversations, messages, rawEvents } from "../store/schema.js";
import { silentNotifier } from "./notifier.js";

const CUSTOMER = "16505551234";

function text(
  t: ReturnType<typeof createTestInbox>,
  id: string,
  body = "hello",
  at = t.clock.now(),
  from = CUSTOMER,
) {
  return makeTextWebhook({ from, id, text: body, timestamp: seconds(at), name: "Sheena Nelson" });
}

describe("Inbox: customer messages", () => {
  it("files a first message into a new conversation in New with its window", () => {
    const t = createTestInbox();
    const { counts } = t.deliver(text(t, "wamid.A1"));
    expect(counts.messages).toBe(1);
    const conv = t.db.select().from(conversations).all();
    expect(conv).toHaveLength(1);
    expect(conv[0]).toMatchObject({
      id: 1,
      status: "open",
      assigneeId: null,
      teamId: null,
      lastSnippet: "hello",
    });
    expect(conv[0]?.windowExpiresAt).toBe(seconds(t.clock.now()) * 1000 + WINDOW_MS);
    const contact = t.db.select().from(contacts).get();
    expect(contact).toMatchObject({ waId: CUSTOMER, name: "Sheena Nelson" });
    expect(
      t.db
        .select()
        .from(conversationEvents)
        .all()
        .map((e) => e.action),
    ).toEqual(["created"]);
  });

  it("stores a replayed body once and changes nothing the second time", () => {
    const t = createTestInbox();
    const body = JSON.stringify(text(t, "wamid.A1"));
    t.deliver(body);
    const before = t.sqlite.prepare("select * from conversations").all();
    const again = t.deliver(body);
    expect(again.stored.duplicate).toBe(true);
    expect(t.db.select().from(rawEvents).all()).toHaveLength(1);
    expect(t.sqlite.prepare("select * from conversations").all()).toEqual(before);
    expect(t.db.select().from(messages).all()).toHaveLength(1);
  });

  it("recognises the same wamid redelivered in a different body", () => {
    const t = createTestInbox();
    t.deliver(text(t, "wamid.A1", "hello"));
    t.clock.advance(1000);
    const { counts } = t.deliver(text(t, "wamid.A1", "hello")); // new timestamp → different bytes
    expect(counts).toMatchObject({ messages: 0, duplicates: 1 });
    expect(t.db.select().from(messages).all()).toHaveLength(1);
  });

  it("puts two webhooks for one new customer, stored before either is processed, in one conversation", () => {
    const t = createTestInbox();
    const first = t.store(text(t, "wamid.A1", "hi"));
    const second = t.store(text(t, "wamid.A2", "anyone there?"));
    t.inbox.processEvent(second.id);
    t.inbox.processEvent(first.id);
    expect(t.db.select().from(conversations).all()).toHaveLength(1);
    expect(t.db.select().from(messages).all()).toHaveLength(2);
  });

  it("refuses a second open conversation for one customer in the database itself", () => {
    const t = createTestInbox();
    t.deliver(text(t, "wamid.A1"));
    expect(() =>
      t.sqlite
        .prepare(
          "insert into conversations (contact_id, status, last_activity_at, created_at) values (1, 'open', 0, 0)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it("processes a 1000-update batch completely", () => {
    const t = createTestInbox();
    const batch = text(t, "wamid.X");
    const value = batch.entry[0]?.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
    value.messages = Array.from({ length: 1000 }, (_, i) => ({
      from: String(15550000000 + i),
      id: `wamid.batch.${i}`,
      timestamp: String(seconds(t.clock.now())),
      type: "text",
      text: { body: `message ${i}` },
    }));
    value.contacts = [];
    const { counts } = t.deliver(batch);
    expect(counts.messages).toBe(1000);
    expect(t.db.select().from(conversations).all()).toHaveLength(1000);
  });

  it("stores but never processes an update for another business number", () => {
    const t = createTestInbox();
    const body = makeTextWebhook({
      from: CUSTOMER,
      id: "wamid.F",
      text: "hi",
      timestamp: 1,
      phoneNumberId: "999",
    });
    const { counts, stored } = t.deliver(body);
    expect(counts).toMatchObject({ foreign: 1, messages: 0 });
    expect(stored.duplicate).toBe(false);
    expect(t.db.select().from(conversations).all()).toHaveLength(0);
    expect(t.db.select().from(rawEvents).get()?.state).toBe("done");
    expect(TEST_PHONE_NUMBER_ID).not.toBe("999");
  });
});

describe("Inbox: reopen or new, around REOPEN_WINDOW_HOURS", () => {
  function closeFirst(t: ReturnType<typeof createTestInbox>) {
    t.db
      .update(conversations)
      .set({ status: "closed", closedAt: t.clock.now() })
      .where(eq(conversations.id, 1))
      .run();
  }

  it.each([
    { hours: 24, after: 24 * HOUR_MS - 1, expected: "reopened" },
    { hours: 24, after: 24 * HOUR_MS, expected: "new" },
    { hours: 2, after: 2 * HOUR_MS - 1, expected: "reopened" },
    { hours: 2, after: 2 * HOUR_MS + 1, expected: "new" },
    { hours: 0, after: 1, expected: "new" },
  ])("closed $after ms ago with REOPEN_WINDOW_HOURS=$hours → $expected", ({ hours, after, expected }) => {
    const t = createTestInbox({ options: { reopenWindowHours: hours } });
    t.deliver(text(t, "wamid.A1"));
    closeFirst(t);
    t.clock.advance(after);
    t.deliver(text(t, "wamid.A2", "back again"));
    const all = t.db.select().from(conversations).all();
    if (expected === "reopened") {
      expect(all).toHaveLength(1);
      expect(all[0]?.status).toBe("open");
      expect(
        t.db
          .select()
          .from(conversationEvents)
          .all()
          .map((e) => e.action),
      ).toEqual(["created", "reopened"]);
    } else {
      expect(all.map((c) => [c.id, c.status])).toEqual([
        [1, "closed"],
        [2, "open"],
      ]);
    }
  });
});

describe("Inbox: the 24-hour window", () => {
  it("is open until the last inbound timestamp + 24 h, and a late old message never shortens it", () => {
    const t = createTestInbox();
    const t0 = t.clock.now();
    t.deliver(text(t, "wamid.A1", "first", t0));
    t.clock.advance(HOUR_MS);
    t.deliver(text(t, "wamid.A2", "second"));
    const expiry = t.db.select().from(conversations).get()?.windowExpiresAt;
    expect(expiry).toBe(t0 + HOUR_MS + WINDOW_MS);
    t.deliver(text(t, "wamid.A0", "sent earlier, delivered late", t0 - 5 * HOUR_MS));
    expect(t.db.select().from(conversations).get()?.windowExpiresAt).toBe(expiry);
  });

  it("caps a timestamp from the future at the time the webhook arrived", () => {
    const t = createTestInbox();
    const now = t.clock.now();
    t.deliver(text(t, "wamid.A1", "from the future", now + 10 * HOUR_MS));
    expect(t.db.select().from(conversations).get()?.windowExpiresAt).toBe(now + WINDOW_MS);
  });
});

describe("Inbox: failures and restarts", () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it("quarantines a failing update with its error, keeps the others, and retries it later", () => {
    let broken = true;
    const t = createTestInbox({
      notifier: {
        ...silentNotifier,
        customerMessage: (_tx, notice) => {
          if (broken && notice.message.id === "wamid.BAD") throw new Error("notifier exploded");
        },
      },
    });
    const bad = t.store(text(t, "wamid.BAD", "boom", t.clock.now(), "15550001111"));
    t.store(text(t, "wamid.GOOD", "fine", t.clock.now(), "15550002222"));
    t.inbox.processPending();
    const rows = t.db.select().from(rawEvents).all();
    expect(rows.map((r) => r.state)).toEqual(["failed", "done"]);
    expect(rows[0]?.lastError).toContain("notifier exploded");
    expect(
      t.db
        .select()
        .from(messages)
        .all()
        .map((m) => m.wamid),
    ).toEqual(["wamid.GOOD"]);
    expect(t.inbox.pendingEventCount()).toBe(1);

    broken = false;
    expect(t.inbox.processPending().processed).toBe(0); // not due yet: backoff
    t.clock.advance(60_000);
    t.inbox.processPending();
    expect(t.db.select().from(rawEvents).where(eq(rawEvents.id, bad.id)).get()?.state).toBe("done");
    expect(t.db.select().from(messages).all()).toHaveLength(2);
    expect(t.inbox.pendingEventCount()).toBe(0);
  });

  it("processes after a restart an event that was stored but not processed", () => {
    dir = mkdtempSync(join(tmpdir(), "inbox-"));
    const file = join(dir, "inbox.db");
    const first = createTestInbox({ file });
    first.store(text(first, "wamid.A1"));
    first.close(); // the process dies between "stored" and "processed"
    const second = createTestInbox({ file });
    expect(second.inbox.pendingEventCount()).toBe(1);
    second.inbox.processPending();
    expect(second.db.select().from(conversations).all()).toHaveLength(1);
    expect(second.inbox.pendingEventCount()).toBe(0);
    second.close();
  });
});
