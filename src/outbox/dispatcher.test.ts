import { eq } from "drizzle-orm";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HOUR, metaError, setupOutboxTest } from "../../test/kit/outbox.js";
import { conversations, messageStatuses, messages, outbox } from "../store/schema.js";
import { expireOrphanedLeases } from "./claim.js";
import { createDispatcher, outboxCounts, resumeSending, sendingStatus } from "./dispatcher.js";
import { enqueueToCustomer, enqueueToStaff, releaseHeld } from "./enqueue.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup() {
  const t = setupOutboxTest(server);
  const dispatcher = createDispatcher({
    db: t.db,
    graph: t.graph,
    clock: t.clock,
    log: t.log,
    random: () => 0.5,
  });
  const reply = (body: string) =>
    t.db.transaction((tx) =>
      enqueueToCustomer(tx, {
        now: t.clock.now(),
        conversationId: t.conversation.id,
        recipient: t.contact.waId ?? "",
        message: { type: "text", text: { body } },
        freeForm: true,
        requestedByStaffId: t.agent.id,
        purpose: "reply",
      }),
    );
  const outMessage = (outboxId: number) =>
    t.db
      .select()
      .from(messages)
      .where(eq(messages.dedupKey, `out:${outboxId}`))
      .get();
  const noticesTo = (staffId: number) =>
    t.db
      .select()
      .from(outbox)
      .where(eq(outbox.staffId, staffId))
      .all()
      .map((r) => JSON.parse(r.payload).text.body as string);
  return { ...t, dispatcher, reply, outMessage, noticesTo };
}

describe("dispatcher: retries and outcomes", () => {
  it("retries 5xx with growing backoff, then stores the wamid on outbox and messages", async () => {
    const t = setup();
    t.respond(
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 502 }),
    );
    const { outboxId } = t.reply("hello");

    expect(await t.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    const first = t.outboxRow(outboxId);
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    const firstDelay = (first?.nextAttemptAt ?? 0) - t.clock.now();
    expect(await t.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 }); // not due yet

    t.clock.advance(firstDelay);
    expect(await t.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    const second = t.outboxRow(outboxId);
    expect(second).toMatchObject({ status: "pending", attempts: 2 });
    const secondDelay = (second?.nextAttemptAt ?? 0) - t.clock.now();
    expect(secondDelay).toBeGreaterThan(firstDelay);

    t.clock.advance(secondDelay);
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 1 });
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "sent", wamid: "wamid.OUT1", leaseUntil: null });
    expect(t.outMessage(outboxId)).toMatchObject({ wamid: "wamid.OUT1", status: "sent" });
    expect(t.seen).toHaveLength(3);
    expect(t.seen[0]?.body).toMatchObject({ to: "+15550001111", biz_opaque_callback_data: String(outboxId) });
  });

  it("131047: not retried, the window is marked closed, the requester is told", async () => {
    const t = setup();
    t.respond(() => metaError(131047));
    const { outboxId } = t.reply("are you there?");
    const closed: number[] = [];
    const dispatcher = createDispatcher({
      db: t.db,
      graph: t.graph,
      clock: t.clock,
      log: t.log,
      onWindowClosed: (info) => closed.push(info.conversationId),
    });

    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1, sent: 0 });
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "failed" });
    expect(t.outMessage(outboxId)?.status).toBe("failed");
    const conv = t.db.select().from(conversations).where(eq(conversations.id, t.conversation.id)).get();
    expect(conv?.windowExpiresAt).toBe(t.clock.now());
    expect(closed).toEqual([t.conversation.id]);
    const [notice] = t.noticesTo(t.agent.id);
    expect(notice).toMatch(
      new RegExp(`^#${t.conversation.id} not delivered .*131047.*/template #${t.conversation.id}`),
    );

    t.clock.advance(HOUR);
    await dispatcher.runOnce();
    expect(t.seen.map((r) => r.to)).toEqual(["+15550001111", "+15550002222"]); // the notice, never a retry
  });

  it("190: sending stops, nothing else goes out until resumeSending", async () => {
    const t = setup();
    t.respond(() => metaError(190, 401));
    const a = t.reply("one");
    const b = t.reply("two");

    await t.dispatcher.runOnce();
    expect(sendingStatus(t.db)).toMatchObject({ sending: "stopped", reason: expect.stringContaining("190") });
    expect(t.outboxRow(a.outboxId)).toMatchObject({ status: "pending", attempts: 0 });
    expect(t.outboxRow(b.outboxId)).toMatchObject({ status: "pending", attempts: 0 });
    expect(t.log.lines.some((l) => l.level === "error" && l.msg.includes("sending stopped"))).toBe(true);
    expect(outboxCounts(t.db).pending).toBe(2);

    t.clock.advance(HOUR);
    expect(await t.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(t.seen).toHaveLength(1);

    resumeSending(t.db, t.clock.now());
    expect(sendingStatus(t.db)).toEqual({ sending: "ok" });
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 2 });
    expect(JSON.stringify(t.log.lines)).not.toContain("test-token");
  });

  it("a free-form row whose window closed never reaches Meta", async () => {
    const t = setup();
    t.db
      .update(conversations)
      .set({ windowExpiresAt: t.clock.now() - HOUR })
      .where(eq(conversations.id, t.conversation.id))
      .run();
    const { outboxId } = t.reply("late reply");

    expect(await t.dispatcher.runOnce()).toMatchObject({ failed: 1, sent: 0 });
    expect(t.seen).toHaveLength(0);
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "failed", lastError: "window closed" });
    expect(t.outMessage(outboxId)?.status).toBe("failed");
    expect(t.noticesTo(t.agent.id)[0]).toMatch(new RegExp(`^#${t.conversation.id} not sent.*/template #`));
  });

  it("131056: backs off the recipient by 4^X s without spending an attempt", async () => {
    const t = setup();
    t.respond(() => metaError(131056));
    const { outboxId } = t.reply("hi");
    expect(await t.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect(t.outboxRow(outboxId)).toMatchObject({
      status: "pending",
      attempts: 0,
      nextAttemptAt: t.clock.now() + 1000,
    });
  });

  it("gives up after MAX_ATTEMPTS and tells the requester", async () => {
    const t = setup();
    t.respond(() => new HttpResponse(null, { status: 500 }));
    const { outboxId } = t.reply("hello");
    t.db.update(outbox).set({ attempts: 11 }).where(eq(outbox.id, outboxId)).run();
    expect(await t.dispatcher.runOnce()).toMatchObject({ failed: 1 });
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "failed", attempts: 12 });
    expect(t.noticesTo(t.agent.id)[0]).toMatch(/not delivered .* after 12 attempts: HTTP 500/);
  });
});

describe("dispatcher: statuses, crashes, pacing", () => {
  it("applies a status recorded before the send response arrived", async () => {
    const t = setup();
    t.respond(() => {
      // The webhook for this wamid is processed while the send is still in flight.
      const now = t.clock.now();
      for (const status of ["delivered", "read", "sent"]) {
        t.db
          .insert(messageStatuses)
          .values({ wamid: "wamid.FAST", status, timestamp: now, receivedAt: now })
          .run();
      }
      return HttpResponse.json({ messages: [{ id: "wamid.FAST" }] });
    });
    const { outboxId } = t.reply("quick");
    await t.dispatcher.runOnce();
    expect(t.outMessage(outboxId)).toMatchObject({ wamid: "wamid.FAST", status: "read" });
  });

  it("resends a row whose lease expired (a crash mid-send) after a restart", async () => {
    const t = setup();
    const { outboxId } = t.reply("hello");
    t.db
      .update(outbox)
      .set({ status: "sending", leaseUntil: t.clock.now() + 60_000 })
      .where(eq(outbox.id, outboxId))
      .run();
    const restarted = createDispatcher({ db: t.db, graph: t.graph, clock: t.clock, log: t.log });
    expect(await restarted.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    t.clock.advance(60_001);
    expect(await restarted.runOnce()).toMatchObject({ sent: 1 });
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 1, wamid: "wamid.OUT1" });
  });

  it("at a start that owns the database, resends a row leased by the dead process at once", async () => {
    const t = setup();
    const { outboxId } = t.reply("hello");
    const other = t.reply("still pending");
    t.db
      .update(outbox)
      .set({ status: "sending", leaseUntil: t.clock.now() + 60_000 })
      .where(eq(outbox.id, outboxId))
      .run();
    expect(expireOrphanedLeases(t.db)).toBe(1);
    const restarted = createDispatcher({ db: t.db, graph: t.graph, clock: t.clock, log: t.log });
    expect(await restarted.runOnce()).toMatchObject({ sent: 2 });
    expect(t.outboxRow(outboxId)).toMatchObject({ status: "sent", attempts: 1 });
    expect(t.outboxRow(other.outboxId)).toMatchObject({ status: "sent", attempts: 0 });
    expect(expireOrphanedLeases(t.db)).toBe(0);
  });

  it("coalesces notifications due together into one message; forwards stay separate", async () => {
    const t = setup();
    const ids = t.db.transaction((tx) => {
      const notify = (text: string, purpose: "notify" | "forward" = "notify") =>
        enqueueToStaff(tx, {
          now: t.clock.now(),
          staff: t.agent,
          text,
          conversationId: t.conversation.id,
          purpose,
          notifyTemplate: null,
        }).outboxId;
      return [
        notify("#1 assigned to you"),
        notify("#1 Ann: hi", "forward"),
        notify("#2 new"),
        notify("#3 new"),
      ];
    });
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 4 });
    expect([t.sentText(0), t.sentText(1)]).toEqual(["#1 assigned to you\n\n#2 new\n\n#3 new", "#1 Ann: hi"]);
    const rows = ids.map((id) => t.outboxRow(id));
    expect(new Set([rows[0]?.wamid, rows[2]?.wamid, rows[3]?.wamid]).size).toBe(1);
    expect(rows[1]?.wamid).not.toBe(rows[0]?.wamid);
    expect(t.seen[0]?.body.biz_opaque_callback_data).toBe(`${ids[0]},${ids[2]},${ids[3]}`);
  });

  it("answers go at once; other messages to a busy recipient are deferred, not counted", async () => {
    const t = setup();
    const enqueue = t.enqueueToAgent;
    for (let i = 0; i < 5; i++) enqueue("forward", `f${i}`);
    const late = enqueue("forward", "f5");
    const answer = enqueue("answer", "whoami: @maria");
    expect(await t.dispatcher.runOnce()).toEqual({ sent: 6, retried: 0, failed: 0, deferred: 1 });
    expect(t.outboxRow(answer)?.status).toBe("sent");
    expect(t.outboxRow(late)).toMatchObject({ status: "pending", attempts: 0 });
    expect((t.outboxRow(late)?.nextAttemptAt ?? 0) - t.clock.now()).toBe(6_000);
  });

  it("a refused attempt gives its pacing token back, so an outage does not hold back later notices", async () => {
    const t = setup();
    const enqueue = t.enqueueToAgent;
    for (let i = 0; i < 12; i++) t.respond(() => new HttpResponse(null, { status: 503 }));
    for (let i = 0; i < 4; i++) enqueue("answer", `answer ${i}`);
    for (let round = 0; round < 3; round++) {
      expect(await t.dispatcher.runOnce()).toMatchObject({ retried: 4 });
      t.clock.advance(10_000); // past every backoff so far (1 s, 2 s, 4 s with random 0.5)
    }
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 4 });
    // Four delivered answers leave one of the five burst tokens. The twelve refused attempts cost
    // nothing: before, they were charged too and this notice waited about a minute.
    const notice = enqueue("notify", "#1 assigned to you");
    expect(await t.dispatcher.runOnce()).toMatchObject({ sent: 1, deferred: 0 });
    expect(t.outboxRow(notice)?.status).toBe("sent");
  });

  it("holds notifications for a staff member whose window closed, then releases one summary", async () => {
    const t = setup();
    const away = { ...t.agent, windowExpiresAt: t.clock.now() - HOUR };
    t.db.transaction((tx) => {
      for (const text of ["#1 assigned to you", "#2 Ann: hello\nsecond line", "#3 closed by @bob"]) {
        enqueueToStaff(tx, {
          now: t.clock.now(),
          staff: away,
          text,
          conversationId: null,
          purpose: "notify",
          notifyTemplate: null,
        });
      }
    });
    expect(outboxCounts(t.db)).toEqual({ pending: 0, held: 3, failed: 0 });
    await t.dispatcher.runOnce();
    expect(t.seen).toHaveLength(0);

    const released = t.db.transaction((tx) =>
      releaseHeld(tx, { now: t.clock.now(), staffId: t.agent.id, recipient: t.agent.waId ?? "" }),
    );
    expect(released).toBe(3);
    expect(outboxCounts(t.db)).toEqual({ pending: 1, held: 0, failed: 0 });
    await t.dispatcher.runOnce();
    expect(t.seen).toHaveLength(1);
    expect(t.sentText(0)).toBe(
      "While you were away (3):\n\n#1 assigned to you\n\n#2 Ann: hello\nsecond line\n\n#3 closed by @bob",
    );
  });

  it("start/wake/stop: the loop sends after a wake and stop waits for it", async () => {
    const t = setup();
    t.dispatcher.start(60_000);
    t.reply("via the loop");
    t.dispatcher.wake();
    for (let i = 0; i < 50 && t.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await t.dispatcher.stop();
    expect(t.seen).toHaveLength(1);
  });
});
