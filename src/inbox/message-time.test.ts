// One clock for "when": a message's stored time, the window it opens and the activity the views sort
// by are all its own timestamp capped at the moment its webhook arrived, however late Meta delivered it
// and however long it then waited to be processed. An Inbox on in-memory SQLite with the real staff
// channel, so commands run as in production.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTextWebhook, TEST_PHONE_NUMBER_ID } from "../../test/kit/fixtures.js";
import { createTestInbox, seconds } from "../../test/kit/inbox-harness.js";
import { createStaffChannel } from "../commands/staff-channel.js";
import { MINUTE_MS, WINDOW_MS } from "../domain/window.js";
import { silentLogger } from "../log.js";
import { conversations, messages, staff } from "../store/schema.js";
import { assignedView, mineView, newView } from "../store/view-plans.js";
import { readViewPage, type ViewPlan } from "../store/view-queries.js";
import type { InboxOptions } from "./options.js";

const SHEENA = "15557770001";
const TOM = "15557770002";
const MARIA = "15550000003";
const ADA = "15550000001";
const CARL = "15550000004";

function startInbox() {
  const options: InboxOptions = {
    phoneNumberId: TEST_PHONE_NUMBER_ID,
    reopenWindowHours: 24,
    staffGroupId: null,
    staffNotifyTemplate: null,
  };
  const t = createTestInbox({ options, staffChannel: createStaffChannel(options, silentLogger) });
  const seed = (handle: string, waId: string, role: "admin" | "agent") =>
    t.db
      .insert(staff)
      .values({ handle, phone: `+${waId}`, waId, role, createdAt: t.clock.now() })
      .returning()
      .get().id;
  const ids = {
    ada: seed("ada", ADA, "admin"),
    maria: seed("maria", MARIA, "agent"),
    carl: seed("carl", CARL, "agent"),
  };

  let seq = 0;
  /** `from` wrote `text` at `sentAt`; the webhook arrives now (the clock) and is processed at once. */
  const write = (from: string, text: string, sentAt = t.clock.now(), extra: { groupId?: string } = {}) => {
    seq += 1;
    const id = `wamid.IN.${seq}`;
    t.deliver(makeTextWebhook({ from, id, text, timestamp: seconds(sentAt), name: from, ...extra }));
    return id;
  };
  /** The conversation numbers a view lists, in its order. */
  const listed = (plan: ViewPlan) => readViewPage(t.db, plan, 1).rows.map((r) => r.id);
  const activity = (id: number) =>
    t.db.select().from(conversations).where(eq(conversations.id, id)).get()?.lastActivityAt;
  const storedTime = (wamid: string) =>
    t.db.select().from(messages).where(eq(messages.wamid, wamid)).get()?.timestamp;
  return { ...t, ids, write, listed, activity, storedTime };
}

describe("activity: one clock for the views' newest-first order", () => {
  it("a conversation opened by a message that arrived a minute late sorts below one whose customer wrote after it", () => {
    const t = startInbox();
    const t0 = t.clock.now();
    t.write(TOM, "hello"); // #1, at t0
    t.clock.advance(30_000);
    t.write(TOM, "anyone?"); // Tom writes at t0+30s, delivered on time
    t.clock.advance(30_000);
    t.write(SHEENA, "my order is late", t0); // #2: Sheena wrote at t0, delivered a minute late

    expect(t.activity(2)).toBe(t0);
    expect(t.activity(1)).toBe(t0 + 30_000);
    expect(t.listed(newView())).toEqual([1, 2]);
  });

  it("a conversation reopened by a late message is active when its customer wrote, not when it arrived", () => {
    const t = startInbox();
    const t0 = t.clock.now();
    t.write(SHEENA, "hi"); // #1
    t.db.update(conversations).set({ status: "closed", closedAt: t0 }).where(eq(conversations.id, 1)).run();
    t.clock.advance(10 * MINUTE_MS);
    const wrote = t.clock.now();
    t.clock.advance(MINUTE_MS);
    t.write(SHEENA, "back again", wrote);

    const conv = t.db.select().from(conversations).where(eq(conversations.id, 1)).get();
    expect(conv?.status).toBe("open");
    expect(conv?.lastActivityAt).toBe(wrote);
  });

  it.each([
    ["/reply #1 On it", (t: ReturnType<typeof startInbox>) => mineView(t.ids.maria, [])],
    ["/assign @carl #1", () => assignedView({ all: true }, [], null)],
  ])("a staff command that arrived late (%s) is activity when it was sent", (command, view) => {
    const t = startInbox();
    const t0 = t.clock.now();
    t.write(SHEENA, "hi"); // #1
    t.write(TOM, "hello"); // #2
    t.write(MARIA, "/assign me #1");
    t.write(MARIA, "/assign me #2");
    t.clock.advance(30_000);
    t.write(TOM, "still there?"); // #2 active at t0+30s
    t.clock.advance(30_000);
    // Sent at t0+10s, delivered at t0+60s.
    const sender = command.startsWith("/reply") ? MARIA : ADA;
    t.write(sender, command, t0 + 10_000);

    expect(t.activity(1)).toBe(t0 + 10_000);
    expect(t.listed(view(t))).toEqual([2, 1]);
  });

  it("activity never moves backwards: an old message delivered late leaves it where it was", () => {
    const t = startInbox();
    const t0 = t.clock.now();
    t.write(SHEENA, "hi");
    t.clock.advance(5 * MINUTE_MS);
    t.write(SHEENA, "sent long ago", t0 - 60 * MINUTE_MS);
    expect(t.activity(1)).toBe(t0);
  });
});

describe("a staff message's time: one rule for what is stored and the window it opens", () => {
  it("a fast clock's message, processed late, is stored at arrival, where its window starts", () => {
    const t = startInbox();
    const arrived = t.clock.now();
    // The phone's clock runs 30 s fast; the event then waits a minute before it is processed.
    const stored = t.store(
      makeTextWebhook({ from: MARIA, id: "wamid.S1", text: "/whoami", timestamp: seconds(arrived + 30_000) }),
    );
    t.clock.advance(MINUTE_MS);
    t.inbox.processEvent(stored.id);

    const maria = t.db.select().from(staff).where(eq(staff.id, t.ids.maria)).get();
    expect(maria?.windowExpiresAt).toBe(arrived + WINDOW_MS);
    expect(t.storedTime("wamid.S1")).toBe(arrived);
  });

  it("a message from a group we do not serve is stored by the same rule", () => {
    const t = startInbox();
    const arrived = t.clock.now();
    const stored = t.store(
      makeTextWebhook({
        from: SHEENA,
        id: "wamid.G1",
        text: "hi all",
        timestamp: seconds(arrived + 30_000),
        groupId: "SOME_OTHER_GROUP",
      }),
    );
    t.clock.advance(MINUTE_MS);
    t.inbox.processEvent(stored.id);
    expect(t.storedTime("wamid.G1")).toBe(arrived);
  });
});
