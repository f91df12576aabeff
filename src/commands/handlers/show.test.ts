// /show of a long conversation (SPEC §16): its assignments and closes stay visible however many messages
// there are, the answer stays about one phone screen, and /show #N history pages through all of it.
import { describe, expect, it } from "vitest";
import { startE2E, useGraphServer } from "../../../test/kit/e2e.js";
import { MINUTE_MS } from "../../domain/window.js";

useGraphServer();

const ADA = "+15550000001"; // admin, from INBOX_ADMINS
const MARIA = "+15550000003"; // agent, sales
const BOB = "+15550000005"; // manager, sales
const SAM = "+15550000004"; // agent, support
const LEE = "+15551110001";

/** Lee writes 13 times, @maria answers each (26 messages); @bob assigned it, @maria closes it. */
async function longConversation() {
  const e = await startE2E();
  e.seedStaff("maria", MARIA, "agent", ["sales"]);
  e.seedStaff("bob", BOB, "manager", ["sales"]);
  e.seedStaff("sam", SAM, "agent", ["support"]);
  for (const phone of [ADA, MARIA, BOB, SAM]) await e.write(phone, "/whoami");
  const ask = async (phone: string, text: string, extra: { quotedId?: string } = {}) => {
    await e.write(phone, text, extra);
    return e.lastTo(phone).text ?? "";
  };
  await e.write(LEE, "Question 1", { name: "Lee" });
  await ask(BOB, "/assign @maria #1");
  for (let n = 1; n <= 13; n++) {
    if (n > 1) await e.write(LEE, `Question ${n}`, { name: "Lee" });
    e.clock.advance(MINUTE_MS);
    await e.write(MARIA, `/reply #1 Answer ${n}`);
    e.clock.advance(MINUTE_MS);
  }
  await ask(MARIA, "/close #1 sorted");
  e.clock.advance(MINUTE_MS);
  return { e, ask };
}

describe("/show of a long conversation", () => {
  it("names the history's actions in the inbox's language", async () => {
    const { ask } = await longConversation();
    await ask(ADA, "/set language es");
    const shown = (await ask(ADA, "/show #1")).split("\n");
    expect(shown.some((l) => /^hace \d+m @bob asignada: New → @maria$/.test(l))).toBe(true);
    expect(shown.some((l) => /@maria cerrada: @maria → closed · sorted$/.test(l))).toBe(true);
    expect(shown.join("\n")).not.toMatch(/ assigned:| closed:/);
  });

  it("keeps who assigned it to whom and who closed it, and says where the rest is", async () => {
    const { ask } = await longConversation();
    const shown = (await ask(ADA, "/show #1")).split("\n");
    expect(shown.slice(0, 3)).toEqual([
      "#1 · Lee · +15551110001",
      "Closed 1m ago · owner: @maria · team: sales",
      "window open · 23h 57m left",
    ]);
    expect(shown).toContain("Last 5 messages:");
    expect(shown.some((l) => / @bob assigned: New → @maria$/.test(l))).toBe(true);
    expect(shown.some((l) => / @maria closed: @maria → closed · sorted$/.test(l))).toBe(true);
    // Replies are among the messages; the changes do not repeat them.
    expect(shown.filter((l) => / replied/.test(l))).toEqual([]);
    // 1 created + 1 assigned + 13 replies + 1 closed.
    expect(shown.at(-1)).toBe("Full history: /show #1 history (16 entries)");
    // About one phone screen.
    expect(shown.length).toBeLessThanOrEqual(16);
  });

  it("pages through the whole history, 10 a page, oldest first", async () => {
    const { e, ask } = await longConversation();
    const first = (await ask(ADA, "/show #1 history")).split("\n");
    expect(first[0]).toBe("#1 · Lee · +15551110001");
    expect(first[1]).toBe("History, 16 entries:");
    expect(first[2]).toMatch(/ created: New$/);
    expect(first[3]).toMatch(/ @bob assigned: New → @maria$/);
    expect(first[4]).toMatch(/ @maria replied · Answer 1$/);
    expect(first).toHaveLength(2 + 10 + 1);
    expect(first.at(-1)).toBe("page 1/2 · /show #1 history 2 for more");

    // Quoting the page's answer finds #1, as for /show.
    const second = (await ask(ADA, "/show history 2", { quotedId: e.lastTo(ADA).wamid })).split("\n");
    expect(second.slice(2, -1)).toHaveLength(6);
    expect(second[2]).toMatch(/ @maria replied · Answer 9$/);
    expect(second.at(-2)).toMatch(/ @maria closed: @maria → closed · sorted$/);
    expect(second.at(-1)).toBe("page 2/2");

    expect(await ask(ADA, "/show #1 history 3")).toBe(
      "#1's history has 2 pages: page 3 is past the end. Send /show #1 history 2 for the last one.",
    );
  });

  it("keeps a page within one WhatsApp message however long the notes", async () => {
    const { ask } = await longConversation();
    for (let n = 0; n < 10; n++) await ask(ADA, `/note #1 ${"a long note ".repeat(400)}`);
    const last = await ask(ADA, "/show #1 history 3");
    expect(last.length).toBeLessThanOrEqual(4096);
    expect(last.split("\n").at(-1)).toBe("page 3/3");
  });

  it("is refused to someone who may not see the conversation", async () => {
    const { ask } = await longConversation();
    expect(await ask(SAM, "/show #1 history")).toMatch(/^Not allowed: /);
    expect(await ask(ADA, "/show #99 history")).toBe("There is no conversation #99.");
  });
});
