// Follow-ups, window warnings and the away message end to end (SPEC §13, §17.12–15), on a manual clock.
import { and, asc, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  CARL,
  DINA,
  FIRST,
  type InboxUnderTest,
  MARIA,
  MONA,
  SHEENA,
  startInbox,
  withNewConversation,
} from "../../test/kit/conversation.js";
import { useGraphServer } from "../../test/kit/e2e.js";
import { makeTextWebhook } from "../../test/kit/fixtures.js";
import { HOUR_MS, MINUTE_MS } from "../domain/window.js";
import { textOfPayload } from "../outbox/payload.js";
import { outbox, timers } from "../store/schema.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

/** What the bot sent the customer (replies, away messages), oldest first. */
const toCustomer = () =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipientKind, "customer"), eq(outbox.recipient, SHEENA.slice(1))))
    .orderBy(asc(outbox.id))
    .all()
    .map((r) => textOfPayload(r.payload));

async function later(ms: number): Promise<void> {
  t.clock.advance(ms);
  await t.flush();
}

describe("follow_up", () => {
  it("reminds the owner once at D, hands it back at 2·D and says why; the admins hear of it", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/set follow_up 15m");
    await t.command(MARIA, "/assign me #1");
    const start = t.mark();
    await later(15 * MINUTE_MS - 1);
    expect(t.noticesSince(start)).toEqual({});
    await later(1);
    expect(t.noticesSince(start)).toEqual({
      maria: ["#1 · Sheena has waited 15m for an answer · reply, or /unassign #1"],
    });
    await later(10 * MINUTE_MS);
    expect(t.noticesSince(start).maria).toHaveLength(1); // once
    const beforeBack = t.mark();
    await later(5 * MINUTE_MS);
    const conv = t.conversation(1);
    // Taking it from New put it in Maria's team: it goes back to that team's queue.
    expect([conv.assigneeId, conv.teamId, conv.previousAssigneeId]).toEqual([null, 1, t.staffId("maria")]);
    expect(t.history(1).at(-1)).toBe(
      "unassigned @maria → team sales (follow-up: no answer to the customer for 30m (follow_up 15m)) by system",
    );
    expect(t.noticesSince(beforeBack)).toEqual({
      maria: ["#1 went back to the team sales queue: Sheena waited 30m for an answer (follow_up 15m)."],
      bob: [
        "#1 went back from @maria to the team sales queue: Sheena waited 30m for an answer. Take it: /assign me #1",
      ],
      // Nobody auto-assigns: the rest of the team hears it waits again.
      carl: ["#1 · Sheena is back in the team sales queue, waiting for an answer. Take it: /assign me #1"],
    });
    // Nothing more later.
    const after = t.mark();
    await later(HOUR_MS);
    expect(t.noticesSince(after)).toEqual({});
  });

  it("goes back to the team queue; the team's managers are told; auto-assignment never hands it straight back", async () => {
    t = await withNewConversation();
    for (const phone of [BOB, MONA, DINA]) await t.command(phone, "/away");
    await t.command(ADA, "/set follow_up 10m");
    await t.command(MARIA, "/assign me #1");
    await t.command(ADA, "/team add sales @bob"); // already a member: changes nothing
    await t.command(MARIA, "/assign team sales #1");
    await t.command(MARIA, "/assign me #1");
    await t.command(BOB, "/back");
    await t.command(CARL, "/away");
    await t.command(ADA, "/set auto_assign balanced");
    await later(10 * MINUTE_MS);
    const beforeBack = t.mark();
    await later(10 * MINUTE_MS);
    // The admins are not told to take it: auto-assignment already gave it to someone (SPEC §16).
    expect(t.noticesSince(beforeBack).ada).toBeUndefined();
    expect(t.noticesSince(beforeBack).bob?.[0]).toMatch(
      /^#1 assigned to you by auto-assignment \(balanced\)/,
    );
    // Maria is the only one who could take it besides Bob; Bob (manager) gets it, not Maria.
    const conv = t.conversation(1);
    expect(conv.assigneeId).toBe(t.staffId("bob"));
    expect(t.history(1).slice(-2)).toEqual([
      "unassigned @maria → team sales (follow-up: no answer to the customer for 20m (follow_up 10m)) by system",
      "assigned team sales → @bob (by auto-assignment (balanced)) by system",
    ]);
  });

  it("is not handed straight back to the same person even when they are the only one who qualifies", async () => {
    t = await withNewConversation();
    for (const phone of [BOB, MONA, DINA, CARL]) await t.command(phone, "/away");
    await t.command(ADA, "/set follow_up 10m");
    await t.command(ADA, "/set auto_assign balanced");
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
    await later(20 * MINUTE_MS);
    expect(t.conversation(1).assigneeId).toBeNull();
    // Carl comes back: he gets it.
    await t.command(CARL, "/back");
    expect(t.conversation(1).assigneeId).toBe(t.staffId("carl"));
  });

  it.each([
    ["a reply", "/reply #1 On its way!"],
    ["a template", "/template #1 order_update en_US 42"],
  ])("stops at %s from the owner", async (_what, answer) => {
    t = await withNewConversation();
    await t.command(ADA, "/set follow_up 15m");
    await t.command(MARIA, "/assign me #1");
    await later(5 * MINUTE_MS);
    await t.write(MARIA, answer);
    const start = t.mark();
    await later(HOUR_MS);
    expect(t.noticesSince(start)).toEqual({});
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
  });

  it("starts the clock when the current owner got it, not before (§17.12)", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/set follow_up 15m");
    await later(40 * MINUTE_MS);
    await t.command(MARIA, "/assign me #1");
    const start = t.mark();
    await later(14 * MINUTE_MS);
    expect(t.noticesSince(start)).toEqual({});
    await later(MINUTE_MS);
    expect(t.noticesSince(start)).toEqual({
      maria: ["#1 · Sheena has waited 55m for an answer · reply, or /unassign #1"],
    });
  });

  it("a shorter follow_up applies at once to what is already waiting", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/set follow_up 1h");
    await t.command(MARIA, "/assign me #1");
    await later(20 * MINUTE_MS);
    const start = t.mark();
    await t.command(ADA, "/set follow_up 15m");
    await t.flush();
    expect(t.noticesSince(start).maria).toEqual([
      "#1 · Sheena has waited 20m for an answer · reply, or /unassign #1",
    ]);
  });
});

describe("window_warning", () => {
  it("warns once per window, to whoever hears about New while nobody owns it", async () => {
    t = await withNewConversation();
    const start = t.mark();
    await later(22 * HOUR_MS - MINUTE_MS);
    expect(t.noticesSince(start)).toEqual({});
    await later(MINUTE_MS);
    const warning = "#1 · window closes in 2h 0m · Sheena is waiting since 09:00";
    expect(t.noticesSince(start).maria).toEqual([warning]);
    expect(t.noticesSince(start).ada).toEqual([warning]);
    await later(HOUR_MS);
    expect(t.noticesSince(start).maria).toEqual([warning]);
    // She writes again: a new window, which may warn again; it goes to the owner now.
    await t.command(MARIA, "/assign me #1");
    await t.write(SHEENA, "hello?");
    const again = t.mark();
    await later(22 * HOUR_MS);
    expect(t.noticesSince(again)).toEqual({
      maria: ["#1 · window closes in 2h 0m · Sheena is waiting since 09:00"],
    });
  });

  it("does not warn once the customer was answered", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    await t.write(MARIA, "/reply #1 Checking now");
    // Nothing is left armed for #1: the answer settled its timers (a Durable Object does not wake for them).
    expect(t.db.select().from(timers).where(isNull(timers.firedAt)).all()).toEqual([]);
    const start = t.mark();
    await later(23 * HOUR_MS);
    expect(t.noticesSince(start)).toEqual({});
  });

  it("a warning already due when the message arrives goes at once, in the inbox's time zone", async () => {
    t = await startInbox();
    await t.command(ADA, "/set timezone Europe/Berlin");
    await t.command(ADA, "/set window_warning 3h");
    const start = t.mark();
    // Delivered 22h late: the window closes in 2h.
    const sentAt = t.clock.now() - 22 * HOUR_MS;
    await t.post(
      makeTextWebhook({
        from: SHEENA.slice(1),
        id: "wamid.LATE",
        text: FIRST,
        timestamp: sentAt / 1000,
        name: "Sheena",
      }),
    );
    await t.flush();
    expect(t.noticesSince(start).maria).toContain(
      "#1 · window closes in 2h 0m · Sheena is waiting since 12:00",
    );
  });
});

describe("away_message", () => {
  it("answers once per stretch of closed hours, only inside the window", async () => {
    t = await startInbox();
    // Thursday 09:00 UTC: closed until 10:00.
    await t.command(ADA, "/set hours mon-fri 10:00-18:00");
    await t.command(ADA, "/set away_message Thanks for writing! We answer Mon-Fri 10-18.");
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    await t.write(SHEENA, "anyone?");
    expect(toCustomer()).toEqual(["Thanks for writing! We answer Mon-Fri 10-18."]);
    await later(2 * HOUR_MS); // open
    await t.write(SHEENA, "still there?");
    expect(toCustomer()).toHaveLength(1);
    await later(8 * HOUR_MS); // 19:00: the next closed stretch
    await t.write(SHEENA, "hello again");
    await t.write(SHEENA, "and again");
    expect(toCustomer()).toEqual([
      "Thanks for writing! We answer Mon-Fri 10-18.",
      "Thanks for writing! We answer Mon-Fri 10-18.",
    ]);
  });
});

describe("follow_up without a team", () => {
  it("tells the admins when the conversation has no team", async () => {
    t = await withNewConversation();
    t.seedStaff("zoe", "+15550000009", "admin");
    await t.command(ADA, "/set follow_up 15m");
    await t.command(ADA, "/assign me #1");
    expect(t.conversation(1).teamId).toBeNull();
    await later(15 * MINUTE_MS);
    const start = t.mark();
    await later(15 * MINUTE_MS);
    const told = t.noticesSince(start);
    expect(told.ada).toEqual(["#1 went back to New: Sheena waited 30m for an answer (follow_up 15m)."]);
    expect(told.zoe).toEqual([
      "#1 went back from @ada to New: Sheena waited 30m for an answer. Take it: /assign me #1",
    ]);
    expect(told.maria).toEqual(["#1 · Sheena is back in New, waiting for an answer. Take it: /assign me #1"]);
  });
});

describe("follow_up handing back with auto-assignment on", () => {
  it("tells the admins who has it now, rather than asking them to take it", async () => {
    t = await withNewConversation();
    for (const phone of [BOB, MONA, DINA, CARL]) await t.command(phone, "/away");
    t.seedStaff("zoe", "+15550000009", "admin");
    await t.command(ADA, "/set follow_up 15m");
    await t.command(ADA, "/assign me #1");
    await t.command(ADA, "/set auto_assign balanced");
    await later(15 * MINUTE_MS);
    const start = t.mark();
    await later(15 * MINUTE_MS);
    const told = t.noticesSince(start);
    expect(told.zoe).toEqual([
      "#1 went back from @ada to New: Sheena waited 30m for an answer. Auto-assignment gave it to @maria.",
    ]);
    expect(told.maria?.[0]).toMatch(/^#1 assigned to you by auto-assignment \(balanced\)/);
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
  });
});
