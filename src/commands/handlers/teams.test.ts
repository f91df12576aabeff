// /teams, /team create, /team add, /team remove end to end: signed webhooks in, answers out through msw.
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { staffAnswers } from "../../../test/kit/staff-answers.js";
import { contacts, conversations, settings, staff, teamMembers, teams } from "../../store/schema.js";
import { en } from "../../texts/en.js";
import { helpTopic } from "./help.js";

/** How /help <word> shows the syntax to an admin: the second half of a usage answer. */
const usageOf = (word: string) => helpTopic(en, { role: "admin", agentReassign: "own" }, word);

useGraphServer();

const ADA = "+15550000001";
const BOB = "+15550000002"; // manager of sales
const MARIA = "+15550000003"; // agent in sales
const CARL = "+15550000004"; // agent, no team
/** A manager is sent to an admin, an agent to a manager of the team (SPEC §16: never a manager to a manager). */
const NOT_OWN_TEAM = (team: string, reader: "manager" | "agent" = "manager") =>
  `Not allowed: managers may change the members of their own teams only. ${reader === "manager" ? "Ask an admin." : `Ask a manager of team ${team} or an admin.`}`;

let e: Awaited<ReturnType<typeof startE2E>>;
let ids: { bob: number; maria: number; carl: number; sales: number; support: number };

beforeEach(async () => {
  e = await startE2E();
  const bob = e.seedStaff("bob", BOB, "manager", ["sales"]);
  const maria = e.seedStaff("maria", MARIA, "agent", ["sales"]);
  const carl = e.seedStaff("carl", CARL, "agent");
  const support = e.db.insert(teams).values({ name: "support", createdAt: e.clock.now() }).returning().get();
  const sales = e.db.select().from(teams).where(eq(teams.name, "sales")).get();
  if (!sales) throw new Error("no sales team");
  ids = { bob: bob.id, maria: maria.id, carl: carl.id, sales: sales.id, support: support.id };
});
afterEach(async () => {
  await e.close();
});

const { ask, noticesTo } = staffAnswers(() => e);

function membersOf(teamId: number): number[] {
  return e.db
    .select()
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId))
    .all()
    .map((m) => m.staffId)
    .sort((a, b) => a - b);
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
    teams: e.db.select().from(teams).orderBy(asc(teams.id)).all(),
    members: e.db.select().from(teamMembers).all(),
    settings: e.db.select().from(settings).all(),
  };
}

async function customerConversation(phone: string, name: string) {
  await e.write(phone, "Hello", { name });
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

describe("/teams", () => {
  it("lists each team with its active members and how many wait in its queue; anyone may list", async () => {
    e.db.update(staff).set({ away: true }).where(eq(staff.id, ids.bob)).run();
    // A removed member keeps the membership row but is not listed.
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, ids.maria)).run();
    const queued = await customerConversation("+15559990001", "Carla");
    const owned = await customerConversation("+15559990002", "Dan");
    await customerConversation("+15559990003", "Eve");
    e.db.update(conversations).set({ teamId: ids.sales }).where(eq(conversations.id, queued.id)).run();
    e.db
      .update(conversations)
      .set({ teamId: ids.sales, assigneeId: ids.carl })
      .where(eq(conversations.id, owned.id))
      .run();
    const expected = [
      "Teams (2):",
      "sales · 1 waiting in its queue · members @bob (away)",
      "support · 0 waiting in its queue · no members",
    ].join("\n");
    expect(await ask(ADA, "/teams")).toBe(expected);
    expect(await ask(CARL, "/teams")).toBe(expected);
  });

  it("says how to start when there are no teams", async () => {
    e.db.delete(teamMembers).run();
    e.db.delete(teams).run();
    expect(await ask(CARL, "/teams")).toBe("No teams yet. An admin creates one with /team create <name>.");
  });
});

describe("/team create", () => {
  it("creates a team, lowercased", async () => {
    expect(await ask(ADA, "/team create Billing")).toBe(
      "Created team billing. Add members with /team add billing @handle. Nobody else was told.",
    );
    expect(e.db.select().from(teams).where(eq(teams.name, "billing")).get()).toMatchObject({
      createdAt: e.clock.now(),
    });
  });

  it.each([
    ["manager", BOB],
    ["agent", MARIA],
  ])("refuses the %s and changes nothing", async (_role, phone) => {
    const before = snapshot();
    expect(await ask(phone, "/team create billing")).toBe(
      "Not allowed: only admins create teams. Ask an admin.",
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuses a name that exists, and emoji or punctuation in a name with the usage line", async () => {
    const before = snapshot();
    expect(await ask(ADA, "/team create sales")).toBe(
      "Team sales already exists. Send /teams to see the teams.",
    );
    const usage = usageOf("team");
    expect(await ask(ADA, "/team create s😀les")).toBe(`"s😀les" is not a team name\n${usage}`);
    expect(await ask(ADA, "/team create مبيعات!")).toBe(`"مبيعات!" is not a team name\n${usage}`);
    expect(snapshot()).toEqual(before);
  });
});

describe("/team add", () => {
  it("lets an admin add anyone to any team, and tells them", async () => {
    expect(await ask(ADA, "/team add support @carl")).toBe("Added @carl to team support. Told @carl.");
    expect(membersOf(ids.support)).toEqual([ids.carl]);
    expect(noticesTo(ids.carl)).toEqual([
      "You were added to team support by @ada. Send /queue support to see its queue.",
    ]);
  });

  it("lets a manager add a member to their own team", async () => {
    expect(await ask(BOB, "/team add sales carl")).toBe("Added @carl to team sales. Told @carl.");
    expect(membersOf(ids.sales)).toEqual([ids.bob, ids.maria, ids.carl]);
    expect(noticesTo(ids.carl)).toEqual([
      "You were added to team sales by @bob. Send /queue sales to see its queue.",
    ]);
  });

  it("refuses a manager adding to another team, and an agent, changing nothing", async () => {
    const before = snapshot();
    expect(await ask(BOB, "/team add support @carl")).toBe(NOT_OWN_TEAM("support"));
    expect(await ask(MARIA, "/team add sales @carl")).toBe(NOT_OWN_TEAM("sales", "agent"));
    expect(snapshot()).toEqual(before);
    expect(noticesTo(ids.carl)).toEqual([]);
  });

  it("answers without a change for a member, and refuses unknown teams, people and removed staff", async () => {
    e.db.update(staff).set({ active: false, removedAt: 1 }).where(eq(staff.id, ids.carl)).run();
    const before = snapshot();
    expect(await ask(ADA, "/team add sales @maria")).toBe(
      "@maria is already in team sales. Nothing changed.",
    );
    expect(await ask(ADA, "/team add nosuch @maria")).toBe(
      'There is no team "nosuch". Send /teams to see the teams.',
    );
    expect(await ask(ADA, "/team add sales @zed")).toBe(
      "No staff member @zed. Send /staff to see who is on the team.",
    );
    expect(await ask(ADA, "/team add sales @carl")).toBe("@carl was removed from the staff list.");
    expect(await ask(ADA, "/team add sales @😀")).toBe(
      `"@😀" is not a handle (letters, digits, _ . - up to 32)\n${usageOf("team")}`,
    );
    expect(snapshot()).toEqual(before);
  });
});

describe("/team remove", () => {
  it("lets a manager remove a member of their own team, and tells them; their conversations stay theirs", async () => {
    const conv = await customerConversation("+15559990001", "Carla");
    e.db
      .update(conversations)
      .set({ teamId: ids.sales, assigneeId: ids.maria })
      .where(eq(conversations.id, conv.id))
      .run();
    expect(await ask(BOB, "/team remove sales @maria")).toBe("Removed @maria from team sales. Told @maria.");
    expect(membersOf(ids.sales)).toEqual([ids.bob]);
    expect(noticesTo(ids.maria).at(-1)).toBe(
      "You were removed from team sales by @bob. Your open conversations stay yours.",
    );
    expect(e.db.select().from(conversations).get()).toMatchObject({
      assigneeId: ids.maria,
      teamId: ids.sales,
    });
  });

  it("lets a manager leave their own team without telling anyone", async () => {
    expect(await ask(BOB, "/team remove sales @bob")).toBe(
      "Removed @bob from team sales. Nobody else was told.",
    );
    expect(membersOf(ids.sales)).toEqual([ids.maria]);
  });

  it("refuses a manager of another team and an agent, changing nothing", async () => {
    e.db.insert(teamMembers).values({ teamId: ids.support, staffId: ids.carl }).run();
    const before = snapshot();
    expect(await ask(BOB, "/team remove support @carl")).toBe(NOT_OWN_TEAM("support"));
    expect(await ask(MARIA, "/team remove sales @bob")).toBe(NOT_OWN_TEAM("sales", "agent"));
    expect(snapshot()).toEqual(before);
  });

  it("answers without a change for someone who is not a member", async () => {
    const before = snapshot();
    expect(await ask(ADA, "/team remove sales @carl")).toBe("@carl is not in team sales. Nothing changed.");
    expect(snapshot()).toEqual(before);
  });
});
