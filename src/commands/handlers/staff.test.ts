// /staff, /staff add, /staff remove, /role end to end: signed webhooks in, answers out through msw.
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { staffAnswers } from "../../../test/kit/staff-answers.js";
import {
  contacts,
  conversationEvents,
  conversations,
  messages,
  outbox,
  settings,
  staff,
  teamMembers,
  teams,
} from "../../store/schema.js";
import { en } from "../../texts/en.js";
import { helpTopic } from "./help.js";
import { isLastAdminError } from "./staff.js";

/** How /help <word> shows the syntax to an admin: the second half of a usage answer. */
const usageOf = (word: string) => helpTopic(en, { role: "admin", agentReassign: "own" }, word);

useGraphServer();

const ADA = "+15550000001";
const MARIA = "+15550000002";
const BOB = "+15550000003";
const NOT_ADMIN = "Not allowed: only admins manage staff and roles. Ask an admin.";
const LAST_ADMIN = "Not allowed: @ada is the last active admin. Add another admin first.";

let e: Awaited<ReturnType<typeof startE2E>>;
beforeEach(async () => {
  e = await startE2E();
});
afterEach(async () => {
  await e.close();
});

const { ask, noticesTo } = staffAnswers(() => e);

function staffRow(handle: string) {
  const row = e.db.select().from(staff).where(eq(staff.handle, handle)).get();
  if (!row) throw new Error(`no staff @${handle}`);
  return row;
}

/** What a command may change. A staff member's own window is left out: any message they send opens it. */
function snapshot() {
  return {
    staff: e.db
      .select()
      .from(staff)
      .orderBy(asc(staff.id))
      .all()
      .map(({ windowExpiresAt: _, ...row }) => row),
    members: e.db.select().from(teamMembers).all(),
    settings: e.db.select().from(settings).all(),
    conversations: e.db.select().from(conversations).all(),
    events: e.db.select().from(conversationEvents).all(),
  };
}

/** A customer writes, which opens a conversation in New; returns it. */
async function customerConversation(phone: string, name: string) {
  await e.write(phone, "Hello, where is my order?", { name });
  const contact = e.db
    .select()
    .from(contacts)
    .where(eq(contacts.waId, phone.slice(1)))
    .get();
  const conv =
    contact && e.db.select().from(conversations).where(eq(conversations.contactId, contact.id)).get();
  if (!conv) throw new Error("no conversation");
  return conv;
}

describe("/staff", () => {
  it("lists active staff with role, phone, teams and away, removed ones last; agents may list", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent", ["support", "sales"]);
    e.seedStaff("bob", BOB, "manager");
    const carol = e.seedStaff("carol", "+15550000004", "agent");
    e.db.update(staff).set({ away: true }).where(eq(staff.id, maria.id)).run();
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, carol.id)).run();
    const expected = [
      "Staff (3):",
      "@ada · admin · +15550000001 · no teams",
      "@bob · manager · +15550000003 · no teams",
      "@maria · agent · +15550000002 · teams sales, support · away",
      "Removed: @carol",
    ].join("\n");
    expect(await ask(ADA, "/staff")).toBe(expected);
    expect(await ask(MARIA, "/staff list")).toBe(expected);
  });
});

describe("/staff add", () => {
  it("adds an agent by default, who cannot be messaged until they write first", async () => {
    expect(await ask(ADA, "/staff add +15550000002 @Maria")).toBe(
      "Added @maria (agent). Ask them to send /help to the bot to start.\n" +
        "The bot cannot message them until they write first (their 24 h window is closed). Nobody else was told.",
    );
    expect(staffRow("maria")).toMatchObject({
      phone: MARIA,
      waId: "15550000002",
      role: "agent",
      active: true,
      windowExpiresAt: null,
    });
    expect(e.sentTo(MARIA)).toHaveLength(0);
    expect(await ask(MARIA, "/whoami")).toMatch(/^You are @maria · agent · \+15550000002\n/);
  });

  it("takes a role", async () => {
    await ask(ADA, "/staff add +15550000003 bob manager");
    expect(staffRow("bob").role).toBe("manager");
  });

  it.each([
    ["manager", BOB],
    ["agent", MARIA],
  ] as const)("refuses the %s and changes nothing", async (role, phone) => {
    e.seedStaff("someone", phone, role);
    const before = snapshot();
    expect(await ask(phone, "/staff add +15550000009 zed")).toBe(NOT_ADMIN);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a handle or a phone that is taken", async () => {
    e.seedStaff("maria", MARIA, "agent");
    const before = snapshot();
    expect(await ask(ADA, "/staff add +15550000009 maria")).toBe(
      "@maria is already taken by +15550000002. Choose another handle.",
    );
    expect(await ask(ADA, "/staff add +15550000002 mary")).toBe(
      "+15550000002 is already on the staff list as @maria.",
    );
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ["/staff add +15550000009 😀maria", '"😀maria" is not a handle'],
    ["/staff add +15550000009 مريم!", '"مريم!" is not a handle'],
  ])("refuses an emoji or punctuation in a handle with the usage line: %s", async (text, detail) => {
    const before = snapshot();
    expect(await ask(ADA, text)).toBe(`${detail} (letters, digits, _ . - up to 32)\n${usageOf("staff")}`);
    expect(snapshot()).toEqual(before);
  });

  it("re-adding a removed person brings their row back with the new handle and role, and their teams", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent", ["sales"]);
    await ask(ADA, "/staff remove @maria");
    expect(await ask(ADA, "/staff add +15550000002 mary manager")).toBe(
      "Re-added @mary (manager), formerly @maria; their history is kept.\nTeams: sales.\n" +
        "Ask them to send /help to the bot to start: the bot cannot message them until they write first. Nobody else was told.",
    );
    expect(e.db.select().from(staff).all()).toHaveLength(2);
    expect(staffRow("mary")).toMatchObject({ id: maria.id, role: "manager", active: true, removedAt: null });
    expect(await ask(MARIA, "/whoami")).toMatch(/^You are @mary · manager/);
  });

  it("refuses the handle of a removed person who had another phone", async () => {
    const carol = e.seedStaff("carol", "+15550000004", "agent");
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, carol.id)).run();
    expect(await ask(ADA, "/staff add +15550000009 carol")).toBe(
      "@carol is already taken by +15550000004 (removed; their history keeps the handle). Choose another handle.",
    );
  });
});

describe("/staff remove", () => {
  it("moves the removed person's open conversations to their team queue or New, with history, and tells who can pick them up", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent", ["sales"]);
    const bob = e.seedStaff("bob", BOB, "agent", ["sales"]);
    const sales = e.db.select().from(teams).where(eq(teams.name, "sales")).get();
    const first = await customerConversation("+15559990001", "Carla");
    const second = await customerConversation("+15559990002", "Dan");
    e.db
      .update(conversations)
      .set({ assigneeId: maria.id, teamId: sales?.id })
      .where(eq(conversations.id, first.id))
      .run();
    e.db.update(conversations).set({ assigneeId: maria.id }).where(eq(conversations.id, second.id)).run();
    const bobNoticesBefore = noticesTo(bob.id).length;

    e.clock.advance(60_000);
    const answer = await ask(ADA, "/staff remove maria");
    const command = e.db.select().from(messages).where(eq(messages.text, "/staff remove maria")).get();

    expect(answer).toBe(
      [
        "Removed @maria (agent) from the staff list; their history is kept.",
        "They had open conversations, now moved:",
        `#${first.id} · Carla · +15559990001 → team sales`,
        `#${second.id} · Dan · +15559990002 → New`,
        "Told @bob.",
      ].join("\n"),
    );
    expect(staffRow("maria")).toMatchObject({ active: false, removedAt: e.clock.now() });
    const after = e.db.select().from(conversations).orderBy(asc(conversations.id)).all();
    expect(after.map((c) => [c.id, c.status, c.assigneeId, c.teamId, c.previousAssigneeId])).toEqual([
      [first.id, "open", null, sales?.id, maria.id],
      [second.id, "open", null, null, maria.id],
    ]);
    const history = e.db
      .select()
      .from(conversationEvents)
      .where(eq(conversationEvents.action, "unassigned"))
      .orderBy(asc(conversationEvents.id))
      .all();
    expect(history.map((h) => [h.conversationId, h.actorStaffId, h.fromValue, h.toValue, h.note])).toEqual([
      [first.id, staffRow("ada").id, "@maria", "team sales", "staff removed"],
      [second.id, staffRow("ada").id, "@maria", "New", "staff removed"],
    ]);
    expect(history.every((h) => h.commandWamid === command?.wamid && h.at === e.clock.now())).toBe(true);
    expect(noticesTo(bob.id).slice(bobNoticesBefore)).toEqual([
      `#${first.id} · Carla · +15559990001\nBack in the team sales queue: @maria was removed from the staff list by @ada.\nwindow open · 23h 59m left\nReply /assign me #${first.id}`,
      `#${second.id} · Dan · +15559990002\nBack in New: @maria was removed from the staff list by @ada.\nwindow open · 23h 59m left\nReply /assign me #${second.id}`,
    ]);
    // Nobody loses a customer: no open conversation is left with someone who is not active staff.
    const orphans = after.filter((c) => c.status === "open" && c.assigneeId !== null);
    expect(orphans).toEqual([]);
  });

  it("tells the other admins when nobody in the team is available", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent", ["sales"]);
    const zoe = e.seedStaff("zoe", BOB, "admin");
    const sales = e.db.select().from(teams).where(eq(teams.name, "sales")).get();
    const conv = await customerConversation("+15559990001", "Carla");
    e.db
      .update(conversations)
      .set({ assigneeId: maria.id, teamId: sales?.id })
      .where(eq(conversations.id, conv.id))
      .run();
    const zoeBefore = noticesTo(zoe.id).length;
    expect(await ask(ADA, "/staff remove @maria")).toMatch(/\nTold @zoe\.$/);
    expect(noticesTo(zoe.id).slice(zoeBefore)).toEqual([
      `#${conv.id} · Carla · +15559990001\nBack in the team sales queue: @maria was removed from the staff list by @ada.\nwindow open · 24h 0m left\nReply /assign me #${conv.id}`,
    ]);
  });

  it("leaves closed conversations and history with the removed person", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent");
    const conv = await customerConversation("+15559990001", "Carla");
    e.db
      .update(conversations)
      .set({ status: "closed", assigneeId: maria.id, closedAt: 1 })
      .where(eq(conversations.id, conv.id))
      .run();
    expect(await ask(ADA, "/staff remove @maria")).toBe(
      "Removed @maria (agent) from the staff list; their history is kept.\nThey had no open conversations.\nNobody else was told.",
    );
    expect(e.db.select().from(conversations).get()).toMatchObject({ status: "closed", assigneeId: maria.id });
  });

  it("fails the notices still held for the removed person instead of keeping them forever", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent");
    await ask(ADA, "/role @maria manager");
    await ask(ADA, "/staff remove @maria");
    const rows = e.db.select().from(outbox).where(eq(outbox.staffId, maria.id)).all();
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "staff member removed before delivery"],
    ]);
    const health = await e.node.app.request("/healthz");
    expect(await health.json()).toMatchObject({ heldNotifications: 0 });
  });

  it("treats the removed person's later messages as a customer's", async () => {
    e.seedStaff("maria", MARIA, "agent");
    await ask(ADA, "/staff remove @maria");
    await e.write(MARIA, "/help");
    expect(e.sentTo(MARIA)).toHaveLength(0);
    const message = e.db.select().from(messages).where(eq(messages.text, "/help")).get();
    expect(message).toMatchObject({ staffId: null, direction: "in" });
    const contact = e.db.select().from(contacts).where(eq(contacts.waId, "15550000002")).get();
    expect(message?.contactId).toBe(contact?.id);
    expect(message?.conversationId).not.toBeNull();
  });

  it.each([
    ["manager", BOB],
    ["agent", MARIA],
  ] as const)("refuses the %s and changes nothing", async (role, phone) => {
    e.seedStaff("someone", phone, role);
    e.seedStaff("victim", "+15550000009", "agent");
    const before = snapshot();
    expect(await ask(phone, "/staff remove @victim")).toBe(NOT_ADMIN);
    expect(snapshot()).toEqual(before);
  });

  it("refuses an unknown or already removed handle", async () => {
    const carol = e.seedStaff("carol", "+15550000004", "agent");
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, carol.id)).run();
    const before = snapshot();
    expect(await ask(ADA, "/staff remove @nobody")).toBe(
      "No staff member @nobody. Send /staff to see who is on the team.",
    );
    expect(await ask(ADA, "/staff remove @carol")).toBe("@carol was already removed from the staff list.");
    expect(snapshot()).toEqual(before);
  });

  it("refuses to remove the last active admin, even when another admin was removed", async () => {
    const old = e.seedStaff("old", "+15550000008", "admin");
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, old.id)).run();
    const before = snapshot();
    expect(await ask(ADA, "/staff remove @ada")).toBe(LAST_ADMIN);
    expect(snapshot()).toEqual(before);
  });

  it("lets an admin remove themselves when another admin remains; they are then a customer", async () => {
    e.seedStaff("bob", BOB, "admin");
    expect(await ask(ADA, "/staff remove @ada")).toBe(
      "You removed yourself (admin) from the staff list; your history is kept.\nYou had no open conversations.\nNobody else was told.",
    );
    expect(staffRow("ada").active).toBe(false);
    const sentBefore = e.sentTo(ADA).length;
    await e.write(ADA, "/staff");
    expect(e.sentTo(ADA)).toHaveLength(sentBefore);
  });
});

describe("/role", () => {
  it("changes the role and tells the person (held until they write)", async () => {
    const maria = e.seedStaff("maria", MARIA, "agent");
    expect(await ask(ADA, "/role @maria manager")).toBe("@maria is now a manager (was agent). Told @maria.");
    expect(staffRow("maria").role).toBe("manager");
    expect(noticesTo(maria.id)).toEqual([
      "You are now a manager (was agent), changed by @ada. Send /help to see your commands.",
    ]);
    expect(e.db.select().from(outbox).where(eq(outbox.staffId, maria.id)).get()?.status).toBe("held");
  });

  it("answers without a change when the role is the same", async () => {
    e.seedStaff("maria", MARIA, "agent");
    const before = snapshot();
    expect(await ask(ADA, "/role maria agent")).toBe("@maria is already an agent. Nothing changed.");
    expect(snapshot()).toEqual(before);
  });

  it("refuses a manager and changes nothing", async () => {
    e.seedStaff("bob", BOB, "manager");
    e.seedStaff("maria", MARIA, "agent");
    const before = snapshot();
    expect(await ask(BOB, "/role @maria admin")).toBe(NOT_ADMIN);
    expect(snapshot()).toEqual(before);
  });

  it("refuses to demote the last active admin", async () => {
    const before = snapshot();
    expect(await ask(ADA, "/role @ada manager")).toBe(LAST_ADMIN);
    expect(snapshot()).toEqual(before);
  });

  it("lets an admin demote themselves when another admin remains", async () => {
    e.seedStaff("bob", BOB, "admin");
    expect(await ask(ADA, "/role @ada agent")).toBe(
      "@ada is now an agent (was admin). Nobody else was told.",
    );
    expect(await ask(ADA, "/staff add +15550000009 zed")).toBe(NOT_ADMIN);
  });

  it("refuses unknown and removed people, and bad roles with the usage line", async () => {
    const carol = e.seedStaff("carol", "+15550000004", "agent");
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, carol.id)).run();
    const before = snapshot();
    expect(await ask(ADA, "/role @zed admin")).toBe(
      "No staff member @zed. Send /staff to see who is on the team.",
    );
    expect(await ask(ADA, "/role @carol admin")).toBe("@carol was removed from the staff list.");
    expect(await ask(ADA, "/role @carol boss")).toBe(
      `"boss" is not a role: agent, manager or admin\n${usageOf("role")}`,
    );
    expect(snapshot()).toEqual(before);
  });
});

describe("the last-admin trigger", () => {
  it("refuses any UPDATE or DELETE that leaves no active admin", () => {
    const ada = staffRow("ada");
    const byId = eq(staff.id, ada.id);
    expect(() => e.db.update(staff).set({ active: false }).where(byId).run()).toThrow("LAST_ADMIN");
    expect(() => e.db.update(staff).set({ role: "agent" }).where(byId).run()).toThrow("LAST_ADMIN");
    expect(() => e.db.delete(staff).where(byId).run()).toThrow("LAST_ADMIN");
    expect(staffRow("ada")).toEqual(ada);
    e.seedStaff("bob", BOB, "admin");
    e.db.update(staff).set({ role: "agent" }).where(byId).run();
    expect(staffRow("ada").role).toBe("agent");
  });

  it("is recognised whether the driver throws it bare or wrapped", () => {
    expect(isLastAdminError(new Error("LAST_ADMIN"))).toBe(true);
    expect(isLastAdminError(new Error("Failed query", { cause: new Error("LAST_ADMIN") }))).toBe(true);
    expect(isLastAdminError(new Error("UNIQUE constraint failed: staff.handle"))).toBe(false);
    expect(isLastAdminError("LAST_ADMIN")).toBe(false);
  });
});
