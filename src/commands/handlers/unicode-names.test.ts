// Handles and team names in any script (SPEC §16), end to end: one person or team however it is typed
// (case, composed or decomposed, full-width), and never two that differ only so. Answers are checked for
// what they say, not word for word; the stored rows are checked exactly.
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { staffAnswers } from "../../../test/kit/staff-answers.js";
import { conversations, staff, teamMembers, teams } from "../../store/schema.js";

useGraphServer();

const ADA = "+15550000001"; // admin, from INBOX_ADMINS
const ZOE = "+15550000002";
const OTHER = "+15550000003";
const NFD_ZOE = "zoe\u0308";

let e: Awaited<ReturnType<typeof startE2E>>;
beforeEach(async () => {
  e = await startE2E();
});
afterEach(async () => {
  await e.close();
});

const { ask } = staffAnswers(() => e);

const handles = () =>
  e.db
    .select({ handle: staff.handle })
    .from(staff)
    .orderBy(asc(staff.id))
    .all()
    .map((r) => r.handle);
const teamNames = () =>
  e.db
    .select({ name: teams.name })
    .from(teams)
    .orderBy(asc(teams.id))
    .all()
    .map((r) => r.name);

describe("a handle in any script", () => {
  it.each([
    ["Zoë", "zoë"],
    ["@ZOË", "zoë"],
    [NFD_ZOE, "zoë"],
    ["María", "maría"],
    ["مريم", "مريم"],
    ["ｍａｒｉａ", "maria"],
  ])("/staff add %s stores @%s, and the new person is found by it", async (typed, handle) => {
    expect(await ask(ADA, `/staff add ${ZOE} ${typed}`)).toContain(`@${handle}`);
    expect(handles()).toEqual(["ada", handle]);
    expect(await ask(ZOE, "/whoami")).toContain(`@${handle}`);
  });

  it("is one person however it is typed: a second zoë is refused, composed, decomposed or in capitals", async () => {
    await ask(ADA, `/staff add ${ZOE} zoë`);
    for (const typed of ["ZOË", NFD_ZOE, "@Zoe\u0308", "zoë"]) {
      const answer = await ask(ADA, `/staff add ${OTHER} ${typed}`);
      expect(answer).toMatch(/@zoë is already taken/);
    }
    expect(handles()).toEqual(["ada", "zoë"]);
  });

  it("reaches the person in every command that names one", async () => {
    await ask(ADA, `/staff add ${ZOE} zoë`);
    await e.write(ZOE, "/whoami");
    await e.write("+15551110001", "Hola", { name: "Lucía" });
    await ask(ADA, "/assign @ZOË #1");
    const zoe = e.db.select().from(staff).where(eq(staff.handle, "zoë")).get();
    expect(e.db.select().from(conversations).where(eq(conversations.id, 1)).get()?.assigneeId).toBe(zoe?.id);
    expect(await ask(ADA, `/assigned @${NFD_ZOE}`)).toMatch(/^Assigned to @zoë · 1 conversation\n#1 · /);
    await ask(ADA, "/role @Zoë manager");
    expect(e.db.select().from(staff).where(eq(staff.handle, "zoë")).get()?.role).toBe("manager");
  });
});

describe("a team name in any script", () => {
  it("is created once, in its normal form, and found however it is typed", async () => {
    expect(await ask(ADA, "/team create Ventas-España")).toContain("ventas-españa");
    expect(teamNames()).toContain("ventas-españa");
    const before = teamNames();
    expect(await ask(ADA, "/team create VENTAS-ESPAN\u0303A")).toMatch(/ventas-españa already exists/);
    expect(teamNames()).toEqual(before);

    await ask(ADA, `/staff add ${ZOE} zoë`);
    await ask(ADA, "/team add VENTAS-ESPAÑA @ZOË");
    const team = e.db.select().from(teams).where(eq(teams.name, "ventas-españa")).get();
    const members = e.db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.teamId, team?.id ?? -1))
      .all();
    expect(members).toHaveLength(1);
    expect(await ask(ADA, "/queue Ventas-España")).toMatch(/ventas-españa/);
  });
});
