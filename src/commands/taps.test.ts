// One tap instead of typing (SPEC §12) end to end: signed webhooks in, msw as Meta. Buttons on notices,
// taps that run the command they name, the /assign list, reactions, and where buttons cannot go.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  CARL,
  FIRST,
  type InboxUnderTest,
  MARIA,
  OPEN,
  SHEENA,
  startInbox,
  withNewConversation,
} from "../../test/kit/conversation.js";
import { useGraphServer } from "../../test/kit/e2e.js";
import { settings, staff } from "../store/schema.js";
import { en } from "../texts/en.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

const setting = (key: string, value: string) =>
  t.db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();

describe("reply buttons on notices", () => {
  it("a new-conversation notice carries Take #1 and Show #1; a tap runs /assign me #1 with the typed answer", async () => {
    t = await withNewConversation();
    const notice = t.lastTo(MARIA);
    expect(notice.interactive).toBe("button");
    expect(notice.text).toContain(FIRST);
    expect(notice.taps).toEqual([
      { id: "cmd:/assign me #1", title: "Take #1" },
      { id: "cmd:/show #1", title: "Show #1" },
    ]);
    await t.tap(MARIA, "cmd:/assign me #1", notice.wamid);
    // The same words as assign.test.ts's typed "/assign me #1".
    expect(t.answerTo(MARIA)).toBe(`#1 assigned to you (team sales). Told @bob, @carl. ${OPEN}`);
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
  });

  it("an assignment notice carries Show #1 and Close #1; Close closes it as /close #1 would", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/assign @maria #1");
    const notice = t.lastTo(MARIA);
    expect(notice.text?.startsWith("#1 assigned to you by @ada")).toBe(true);
    expect(notice.taps.map((b) => b.id)).toEqual(["cmd:/show #1", "cmd:/close #1"]);
    expect(notice.taps.map((b) => b.title)).toEqual(["Show #1", "Close #1"]);
    await t.tap(MARIA, "cmd:/show #1", notice.wamid);
    expect(t.answerTo(MARIA)?.startsWith("#1 · Sheena · +15557770001")).toBe(true);
    await t.tap(MARIA, "cmd:/close #1", notice.wamid);
    expect(t.conversation(1).status).toBe("closed");
    expect(t.history(1).at(-1)).toBe("closed @maria → closed by @maria");
  });

  it("a stale notice: the tap gets the refusal the typed command gets, and changes nothing", async () => {
    t = await withNewConversation();
    const carlsNotice = t.lastTo(CARL);
    await t.command(MARIA, "/assign me #1");
    const before = t.snapshot();
    await t.tap(CARL, "cmd:/assign me #1", carlsNotice.wamid);
    const tapped = t.answerTo(CARL);
    expect(t.snapshot()).toBe(before);
    expect(await t.command(CARL, "/assign me #1")).toBe(tapped);
    expect(tapped).toContain("#1 was taken by @maria a moment ago");
    expect(t.snapshot()).toBe(before);
  });

  it("a forged id does no more than the person's typed command; a command no button carries is refused", async () => {
    t = await withNewConversation();
    const notice = t.lastTo(MARIA);
    const before = t.snapshot();
    await t.tap(MARIA, "cmd:/assign @carl #1", notice.wamid);
    const tapped = t.answerTo(MARIA);
    expect(t.snapshot()).toBe(before);
    expect(await t.command(MARIA, "/assign @carl #1")).toBe(tapped);
    const staffBefore = t.db.select().from(staff).all().length;
    for (const id of ["cmd:/staff add +15559990000 eve admin", "cmd:/reply #1 hi", "pick:x", "hello"]) {
      await t.tap(MARIA, id, notice.wamid);
      expect(t.answerTo(MARIA)).toBe(
        "That button is not one the bot sent. Type the command instead; /help lists them.",
      );
    }
    expect(t.db.select().from(staff).all()).toHaveLength(staffBefore);
    expect(t.snapshot()).toBe(before);
  });

  it("a notice over 1,024 characters: the text first, the rest under the buttons, nothing cut", async () => {
    t = await startInbox();
    const long = `${"Order 4521: ".repeat(60)}\n${"please call me back. ".repeat(40)}`;
    await t.write(SHEENA, long, { name: "Sheena" });
    const [head, rest] = t.sentTo(MARIA).slice(-2);
    expect(head?.type).toBe("text");
    expect(rest?.interactive).toBe("button");
    expect(rest?.text?.length).toBeLessThanOrEqual(1024);
    expect(rest?.taps.map((b) => b.title)).toEqual(["Take #1", "Show #1"]);
    const whole = `${head?.text}\n${rest?.text}`;
    expect(whole).toContain(long.trim());
    expect(whole).toContain("/assign me #1");
  });

  it("with /set buttons off, notices are text with the command to type", async () => {
    t = await startInbox();
    setting("buttons", "off");
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    const notice = t.lastTo(MARIA);
    expect(notice.type).toBe("text");
    expect(notice.text).toContain("/assign me #1");
    // An assignment notice, whose buttons are Show and Close, names /show and /close as text (§17.5).
    await t.command(ADA, "/assign @maria #1");
    const assigned = t.lastTo(MARIA);
    expect(assigned.type).toBe("text");
    expect(assigned.text?.split("\n").at(-1)).toBe("/show #1 to see it · /close #1 when it is done");
  });

  it("the staff group gets text with the command to type, never buttons", async () => {
    t = await startInbox({ STAFF_GROUP_ID: "120363000000000001" });
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    const notice = t.lastTo("120363000000000001");
    expect(notice.type).toBe("text");
    expect(notice.text).toContain("/assign me #1");
  });

  it("in the staff group: /assign #1 lists the commands as text, and a 👍 on the group's notice takes it", async () => {
    const GROUP = "120363000000000001";
    t = await startInbox({ STAFF_GROUP_ID: GROUP });
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    const notice = t.lastTo(GROUP);
    await t.write(ADA, "/assign #1", { groupId: GROUP });
    const list = t.lastTo(GROUP);
    expect(list.type).toBe("text");
    expect(list.text?.split("\n").slice(0, 3)).toEqual([
      "#1 · who should have it? Send one of:",
      "/assign me #1",
      "/assign @bob #1",
    ]);
    await t.react(MARIA, notice.wamid, "👍", { groupId: GROUP });
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
    expect(t.lastTo(GROUP).text?.startsWith("#1 assigned to you")).toBe(true);
  });

  it("outside a staff member's window the notice is the template, with the command to type", async () => {
    t = await startInbox({ STAFF_NOTIFY_TEMPLATE: "staff_notice" });
    t.db.update(staff).set({ windowExpiresAt: 0 }).where(eq(staff.handle, "maria")).run();
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    const notice = t.lastTo(MARIA);
    expect(notice.type).toBe("template");
    expect(notice.template?.params.join(" ")).toContain("/assign me #1");
    expect(t.lastTo(CARL).interactive).toBe("button");
  });

  it("several notices folded into one message are text: no message carries two conversations' buttons", async () => {
    t = await startInbox();
    // Both customers write while Maria's pacing holds her notices back; they then go together.
    t.db.update(staff).set({ windowExpiresAt: 0 }).where(eq(staff.handle, "maria")).run();
    await t.write(SHEENA, FIRST, { name: "Sheena" });
    await t.write("+15557770002", "Me too", { name: "Tom" });
    await t.write(MARIA, "/whoami");
    const summary = t.sentTo(MARIA).find((s) => s.text?.includes("#2"));
    expect(summary?.type).toBe("text");
    expect(summary?.text).toContain("/assign me #1");
    expect(summary?.text).toContain("/assign me #2");
  });
});

describe("/assign #N: choose from a list", () => {
  it("an admin gets me, then available people alphabetically, then teams; a row assigns as typed", async () => {
    t = await withNewConversation();
    await t.write(ADA, "/assign #1");
    const list = t.lastTo(ADA);
    expect(list.interactive).toBe("list");
    expect(list.taps.map((r) => r.title)).toEqual([
      "me",
      "@bob",
      "@carl",
      "@dina",
      "@maria",
      "@mona",
      "team sales",
      "team support",
    ]);
    expect(list.taps[2]?.id).toBe("cmd:/assign @carl #1");
    await t.tap(ADA, "cmd:/assign @carl #1", list.wamid, { list: true });
    expect(t.conversation(1).assigneeId).toBe(t.staffId("carl"));
    const tapped = t.answerTo(ADA);
    expect(tapped?.startsWith("#1 assigned to @carl")).toBe(true);
  });

  it("an agent may only take it: the list is `me`; away people are not offered", async () => {
    t = await withNewConversation();
    await t.write(MARIA, "/assign #1");
    expect(t.lastTo(MARIA).taps.map((r) => r.id)).toEqual(["cmd:/assign me #1"]);
    await t.command(CARL, "/away");
    await t.write(ADA, "/assign #1");
    expect(t.lastTo(ADA).taps.map((r) => r.title)).not.toContain("@carl");
  });

  it("/assign quoting a notice lists #N; /assign with neither is the usage line", async () => {
    t = await withNewConversation();
    const notice = t.lastTo(ADA);
    await t.write(ADA, "/assign", { quotedId: notice.wamid });
    expect(t.lastTo(ADA).text).toBe("#1 · who should have it?");
    const usage = await t.command(ADA, "/assign");
    expect((usage ?? "").split("\n").slice(0, 3)).toEqual([
      en.helpTopics.assignMe,
      en.helpTopics.assignOther,
      en.helpTopics.assignPick,
    ]);
  });

  it("with buttons off, and in the staff group, the same choices come as text with the commands", async () => {
    t = await withNewConversation();
    setting("buttons", "off");
    expect(await t.command(MARIA, "/assign #1")).toBe("#1 · who should have it? Send one of:\n/assign me #1");
  });

  it("more than ten choices: nine a page and More…, which shows the next page", async () => {
    t = await withNewConversation();
    for (let i = 0; i < 12; i++)
      t.seedStaff(`extra${String(i).padStart(2, "0")}`, `+1555888000${i}`, "agent");
    await t.write(ADA, "/assign #1");
    const first = t.lastTo(ADA);
    expect(first.taps).toHaveLength(10);
    expect(first.taps.at(-1)).toEqual({ id: "pick:1:2", title: "More…" });
    // 20 choices: me, 17 people and 2 teams. Pages of nine and More…, the last page up to ten.
    const titles = first.taps.slice(0, 9).map((r) => r.title);
    expect(titles.at(-1)).toBe("@extra04");
    let page = first;
    for (let next = 2; page.taps.at(-1)?.title === "More…"; next++) {
      expect(page.taps.at(-1)?.id).toBe(`pick:1:${next}`);
      await t.tap(ADA, `pick:1:${next}`, page.wamid, { list: true });
      page = t.lastTo(ADA);
      expect(page.interactive).toBe("list");
      expect(page.taps.length).toBeLessThanOrEqual(10);
      titles.push(...page.taps.filter((r) => r.title !== "More…").map((r) => r.title));
    }
    expect(titles).toHaveLength(20);
    expect(new Set(titles).size).toBe(20);
    expect(titles.slice(-2)).toEqual(["team sales", "team support"]);
    expect(page.text).toBe("#1 · who should have it? (3/3)");
  });
});

describe("reactions", () => {
  it("👍 in any skin tone on a notice takes it, ✅ closes it, with the typed answers", async () => {
    t = await withNewConversation();
    const notice = t.lastTo(MARIA);
    await t.react(MARIA, notice.wamid, "👍🏽");
    expect(t.answerTo(MARIA)).toBe(`#1 assigned to you (team sales). Told @bob, @carl. ${OPEN}`);
    await t.react(MARIA, notice.wamid, "👍");
    expect(t.answerTo(MARIA)?.startsWith("#1 is already yours")).toBe(true);
    await t.react(MARIA, notice.wamid, "✅");
    expect(t.conversation(1).status).toBe("closed");
  });

  it("other emoji and removed reactions change nothing and get no answer", async () => {
    t = await withNewConversation();
    const notice = t.lastTo(MARIA);
    const before = t.snapshot();
    const sent = t.sentTo(MARIA).length;
    await t.react(MARIA, notice.wamid, "❤️");
    await t.react(MARIA, notice.wamid, "");
    expect(t.sentTo(MARIA)).toHaveLength(sent);
    expect(t.snapshot()).toBe(before);
  });

  it("a reaction to a message about no conversation gets a one-line hint", async () => {
    t = await withNewConversation();
    await t.write(MARIA, "/whoami");
    await t.react(MARIA, t.lastTo(MARIA).wamid, "👍");
    expect(t.answerTo(MARIA)).toBe(
      "That message is about no conversation: react with 👍 or ✅ to a message about #N.",
    );
  });

  it("a customer's reactions change nothing", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/assign me #1");
    await t.command(ADA, "/reply #1 On its way");
    const reply = t.lastTo(SHEENA);
    const before = t.snapshot();
    await t.react(SHEENA, reply.wamid, "👍");
    await t.react(SHEENA, reply.wamid, "✅");
    expect(t.snapshot()).toBe(before);
    expect(t.sentTo(SHEENA)).toHaveLength(1);
  });
});
