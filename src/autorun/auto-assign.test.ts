// Auto-assignment end to end (SPEC §13, §17.9–11): signed webhooks in, msw as Meta, a manual clock.
import { asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  CARL,
  DINA,
  type InboxUnderTest,
  MARIA,
  MONA,
  startInbox,
} from "../../test/kit/conversation.js";
import { useGraphServer } from "../../test/kit/e2e.js";
import { HOUR_MS, MINUTE_MS } from "../domain/window.js";
import { conversations, staff } from "../store/schema.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

const customer = (i: number) => `+1555888${String(i).padStart(4, "0")}`;
const owners = () =>
  t.db
    .select()
    .from(conversations)
    .orderBy(asc(conversations.id))
    .all()
    .map((c) => (c.assigneeId === null ? null : handleOf(c.assigneeId)));
const handleOf = (id: number) => t.db.select().from(staff).where(eq(staff.id, id)).get()?.handle ?? "?";

async function customers(from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++)
    await t.write(customer(i), `hello ${i}`, { name: `Customer ${i}` });
}

describe("auto_assign balanced", () => {
  it("spreads new customers over agents and managers, never an admin, and tells only the new owner", async () => {
    t = await startInbox();
    expect(await t.command(ADA, "/set auto_assign balanced")).toBe(
      "auto_assign is now balanced (was off): to whoever has the fewest open conversations. Nobody else was told.",
    );
    const before = t.mark();
    await customers(1, 1);
    expect(t.noticesSince(before)).toEqual({
      bob: [
        // With the commands its Show/Close buttons stand for, for wherever the buttons cannot go (§17.5).
        "#1 assigned to you by auto-assignment (balanced)\nCustomer 1 · +15558880001\nLast message: hello 1\nwindow open · 24h 0m left\n/show #1 to see it · /close #1 when it is done",
        "#1 · Customer 1 · +15558880001\nhello 1\nwindow open · 24h 0m left",
      ],
    });
    expect(t.history(1)).toEqual([
      "created ∅ → New by system",
      "assigned New → @bob (by auto-assignment (balanced)) by system",
    ]);
    await customers(2, 11);
    // Fewest open first; ties go to whoever was assigned least recently (join order at the start).
    expect(owners()).toEqual([
      "bob",
      "maria",
      "carl",
      "dina",
      "mona",
      "bob",
      "maria",
      "carl",
      "dina",
      "mona",
      "bob",
      "maria",
    ]);
  });

  it("counts every open conversation, however it came: someone with more gets none until the rest catch up", async () => {
    t = await startInbox();
    await customers(1, 3);
    await t.command(MARIA, "/assign me #1");
    await t.command(MARIA, "/assign me #2");
    await t.command(MARIA, "/assign me #3");
    await t.command(ADA, "/set auto_assign balanced");
    await customers(4, 8);
    const counts: Record<string, number> = {};
    for (const h of owners()) counts[h ?? "-"] = (counts[h ?? "-"] ?? 0) + 1;
    expect(counts).toEqual({ maria: 3, bob: 2, carl: 2, dina: 2, mona: 2 });
  });
});

describe("auto_assign round_robin", () => {
  it("takes turns in join order, continuing after the last one picked, across settings changes", async () => {
    t = await startInbox();
    await t.command(ADA, "/set auto_assign round_robin");
    await customers(1, 3);
    expect(owners()).toEqual(["bob", "maria", "carl"]);
    await t.command(ADA, "/set auto_assign off");
    await customers(4, 1);
    await t.command(ADA, "/set auto_assign round_robin");
    // Switching it on hands out what waits (#4) to the next in turn, then turns go on.
    await customers(5, 4);
    expect(owners()).toEqual(["bob", "maria", "carl", "dina", "mona", "bob", "maria", "carl"]);
  });
});

describe("who qualifies", () => {
  it("never someone away, over max_open, or outside their §5 rights; the backlog goes out on /back, longest waiting first", async () => {
    t = await startInbox();
    for (const phone of [BOB, CARL, DINA, MONA]) await t.command(phone, "/away");
    await t.command(ADA, "/set max_open 1");
    await t.command(ADA, "/set auto_assign balanced");
    await customers(1, 1);
    expect(owners()).toEqual(["maria"]);
    // Maria is full: #2 and #3 wait in New, and New is told (nobody qualifies).
    const before = t.mark();
    await customers(2, 1);
    t.clock.advance(MINUTE_MS);
    await customers(3, 1);
    expect(owners()).toEqual(["maria", null, null]);
    expect(Object.keys(t.noticesSince(before)).sort()).toEqual(["ada", "maria"]);
    // Dina comes back: she may take from New, so she gets the longest waiting (#2).
    await t.command(DINA, "/back");
    expect(owners()).toEqual(["maria", "dina", null]);
    // Maria closes #1: she qualifies again, and gets #3.
    await t.command(MARIA, "/close #1");
    expect(owners()).toEqual([null, "dina", "maria"]);
    expect(t.conversation(1).status).toBe("closed");
  });

  it("a team queue goes only to people who may pick up from it: members (agents) or managers", async () => {
    t = await startInbox();
    for (const phone of [BOB, MONA, MARIA]) await t.command(phone, "/away");
    await customers(1, 1);
    await t.command(ADA, "/assign team sales #1");
    await t.command(ADA, "/set auto_assign balanced");
    // Carl (sales) is available, Dina (support) is not a member: it goes to Carl.
    expect(owners()).toEqual(["carl"]);
    await t.command(CARL, "/away");
    await customers(2, 1);
    await t.command(ADA, "/assign team sales #2");
    expect(owners()).toEqual(["carl", null]);
    // Dina joins sales: she qualifies at once.
    await t.command(ADA, "/team add sales @dina");
    expect(owners()).toEqual(["carl", "dina"]);
  });

  it("max_open rising hands out at once; max_open 0 gives nobody anything", async () => {
    t = await startInbox();
    await t.command(ADA, "/set max_open 0");
    await t.command(ADA, "/set auto_assign balanced");
    await customers(1, 2);
    expect(owners()).toEqual([null, null]);
    await t.command(ADA, "/set max_open 1");
    expect(owners()).toEqual(["bob", "maria"]);
  });

  it("outside business hours nothing is handed out; it goes the moment hours begin, by the clock", async () => {
    t = await startInbox();
    // The test clock starts on Thursday 2026-01-15 at 09:00 UTC.
    await t.command(ADA, "/set hours mon-fri 10:00-18:00");
    await t.command(ADA, "/set auto_assign balanced");
    await customers(1, 2);
    expect(owners()).toEqual([null, null]);
    t.clock.advance(HOUR_MS - MINUTE_MS);
    await t.flush();
    expect(owners()).toEqual([null, null]);
    t.clock.advance(MINUTE_MS);
    await t.flush();
    expect(owners()).toEqual(["bob", "maria"]);
  });

  it("hours changed so that now is inside them hands out at once", async () => {
    t = await startInbox();
    await t.command(ADA, "/set hours sat 10:00-18:00");
    await t.command(ADA, "/set auto_assign round_robin");
    await customers(1, 1);
    expect(owners()).toEqual([null]);
    await t.command(ADA, "/set hours always");
    expect(owners()).toEqual(["bob"]);
  });
});

describe("giving a conversation up", () => {
  it("hands what /unassign freed to someone else, never straight back to who gave it up", async () => {
    t = await startInbox();
    for (const phone of [BOB, MONA, DINA]) await t.command(phone, "/away");
    await t.command(ADA, "/set auto_assign balanced");
    await customers(1, 1);
    expect(owners()).toEqual(["maria"]);
    await t.command(MARIA, "/unassign #1");
    expect(owners()).toEqual(["carl"]);
    await t.command(CARL, "/unassign #1");
    // Maria gave it up before Carl had it, so she may get it now; Carl may not.
    expect(owners()).toEqual(["maria"]);
  });
});
