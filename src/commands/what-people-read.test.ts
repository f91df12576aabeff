// SPEC §16, one test per message that used to trip people up: each asserts what the message means for
// its reader (names the winner, names /reply #N, never advises a refused command), not its exact words.
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  CARL,
  DINA,
  type InboxUnderTest,
  MARIA,
  MONA,
  SHEENA,
  TOM,
  withNewConversation,
} from "../../test/kit/conversation.js";
import { useGraphServer } from "../../test/kit/e2e.js";
import { TEXT_LIMIT } from "../outbox/payload.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

/** The last message the bot sent this person that starts with `prefix`. */
function lastStartingWith(phone: string, prefix: string) {
  const found = t
    .sentTo(phone)
    .filter((s) => s.text?.startsWith(prefix))
    .at(-1);
  if (!found) throw new Error(`nothing starting with ${JSON.stringify(prefix)} reached ${phone}`);
  return found;
}

describe("a plain-text quote of a notice about #N names the command that reaches the customer", () => {
  it("the owner quoting '#1 assigned to you' is told /reply #1 <text>; the customer gets nothing", async () => {
    t = await withNewConversation();
    await t.command(ADA, "/assign @carl #1");
    const notice = lastStartingWith(CARL, "#1 assigned to you");
    const answer = await t.command(CARL, "on it", { quotedId: notice.wamid });
    expect(answer).toContain("/reply #1 <text>");
    expect(answer).not.toContain("forwarded message");
    expect(t.sentTo(SHEENA)).toEqual([]);
  });

  it("someone who does not own it yet is told to take it first, then /reply #1", async () => {
    t = await withNewConversation();
    const notice = lastStartingWith(CARL, "#1 · Sheena");
    const answer = await t.command(CARL, "hello!", { quotedId: notice.wamid });
    expect(answer).toMatch(/^#1 /);
    expect(answer).toContain("/assign me #1");
    expect(answer).toContain("/reply #1 <text>");
    expect(t.sentTo(SHEENA)).toEqual([]);
  });

  it("someone who may not take it is not told to: they hear who owns it", async () => {
    t = await withNewConversation();
    const notice = lastStartingWith(CARL, "#1 · Sheena");
    await t.command(MARIA, "/assign me #1");
    t.clock.advance(120_000);
    const answer = await t.command(CARL, "hello!", { quotedId: notice.wamid });
    expect(answer).toContain("@maria");
    expect(answer).not.toContain("/assign me");
    expect(answer).not.toContain("/reply #1");
  });
});

describe("/reply refused to a non-owner advises only what that person may do", () => {
  it("an agent who may not take over is told who owns it, not 'Take it first with /assign me'", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const answer = await t.command(CARL, "/reply #1 I can help");
    expect(answer).toContain("@maria");
    expect(answer).not.toContain("/assign me");
    // Indeed refused one message later:
    t.clock.advance(120_000);
    expect(await t.command(CARL, "/assign me #1")).toContain("Not allowed");
  });

  it("with agent_reassign=any the same agent is told to take it first, and that works", async () => {
    t = await withNewConversation();
    t.setAgentReassign("any");
    await t.command(MARIA, "/assign me #1");
    t.clock.advance(120_000);
    expect(await t.command(CARL, "/reply #1 I can help")).toContain("/assign me #1");
    expect(await t.command(CARL, "/assign me #1")).toContain("#1 assigned to you");
  });

  it("an admin is told to take it first", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    expect(await t.command(ADA, "/reply #1 hello")).toContain("/assign me #1");
  });
});

describe("losing a race to take a conversation", () => {
  it("the loser is told who won, not a rule", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const answer = await t.command(CARL, "/assign me #1");
    expect(answer).toMatch(/^#1 was taken by @maria a moment ago/);
    expect(answer).not.toContain("Not allowed");
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
  });

  it("a manager who could take it over is not moved past the winner by the race", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    expect(await t.command(BOB, "/assign me #1")).toMatch(/^#1 was taken by @maria a moment ago/);
    expect(t.conversation(1).assigneeId).toBe(t.staffId("maria"));
    // Told, a later /assign me is a deliberate takeover, which Bob's role allows.
    t.clock.advance(5_000);
    expect(await t.command(BOB, "/assign me #1")).toContain("#1 assigned to you");
  });

  it("a manager is never told to ask a manager", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    expect(await t.command(MONA, "/assign me #1")).toMatch(/^#1 was taken by @maria/);
    t.clock.advance(120_000);
    const answer = await t.command(MONA, "/assign me #1");
    expect(answer).toContain("Not allowed");
    expect(answer).not.toMatch(/ask a manager/i);
  });
});

describe("/help fits a phone screen and lists only what the reader may use", () => {
  const cases = [
    {
      role: "agent",
      phone: DINA,
      maxLines: 12,
      absent: ["/staff add", "/role", "/set ", "/team add", "/team create"],
    },
    { role: "manager", phone: MONA, maxLines: 13, absent: ["/staff add", "/role", "/set ", "/team create"] },
    { role: "admin", phone: ADA, maxLines: 15, absent: [] },
  ];
  for (const c of cases) {
    it(`${c.role}: at most ${c.maxLines} lines, with syntax`, async () => {
      t = await withNewConversation();
      const answer = (await t.command(c.phone, "/help")) ?? "";
      const lines = answer.split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(8);
      expect(lines.length).toBeLessThanOrEqual(c.maxLines);
      expect(answer).toContain("/assign me #N");
      expect(answer).toContain("/reply #N <text>");
      for (const word of c.absent) expect(answer).not.toContain(word);
    });
  }

  it("an admin's help names the admin commands", async () => {
    t = await withNewConversation();
    const answer = (await t.command(ADA, "/help")) ?? "";
    for (const word of ["/staff add", "/role", "/set", "/team create"]) expect(answer).toContain(word);
  });

  it("/help <command>: its syntax and one example", async () => {
    t = await withNewConversation();
    const answer = (await t.command(DINA, "/help assign")) ?? "";
    expect(answer).toContain("/assign me");
    expect(answer).toMatch(/Example: \/assign me #\d+/);
    expect(answer.split("\n").length).toBeLessThanOrEqual(5);
  });

  it("/help staff for an agent shows the list only, not /staff add", async () => {
    t = await withNewConversation();
    const answer = (await t.command(DINA, "/help staff")) ?? "";
    expect(answer).toContain("/staff");
    expect(answer).not.toContain("/staff add");
  });
});

describe("a customer message longer than one WhatsApp message", () => {
  it("reaches staff in numbered parts with nothing lost, the window on the last", async () => {
    t = await withNewConversation();
    await t.command(CARL, "/assign me #1");
    const long = Array.from({ length: 700 }, (_, i) => `word${i} 😀`).join(" ");
    expect(long.length).toBeGreaterThan(TEXT_LIMIT);
    t.clock.advance(30_000);
    await t.write(SHEENA, long, { name: "Sheena" });
    t.clock.advance(60_000);
    await t.flush();
    const parts = t.sentTo(CARL).filter((s) => s.text?.startsWith("#1 · Sheena · +15557770001 ("));
    expect(parts.map((p) => p.text?.split("\n")[0])).toEqual([
      "#1 · Sheena · +15557770001 (1/2)",
      "#1 · Sheena · +15557770001 (2/2)",
    ]);
    for (const p of parts) expect(p.text?.length).toBeLessThanOrEqual(TEXT_LIMIT);
    const bodies = parts.map((p) => (p.text ?? "").split("\n").slice(1));
    expect(bodies[1]?.at(-1)).toMatch(/^window open/);
    const rebuilt = (bodies[0] ?? []).join("\n") + (bodies[1] ?? []).slice(0, -1).join("\n");
    expect(rebuilt).toBe(long);
  });
});

describe("notices held while a person's window was closed", () => {
  it("a long customer message reaches them whole when they write again, not cut in a summary", async () => {
    t = await withNewConversation();
    await t.command(CARL, "/assign me #1");
    t.clock.advance(25 * 60 * 60_000);
    const long = Array.from({ length: 600 }, (_, i) => `line ${i} 🙂`).join("\n");
    await t.write(SHEENA, long, { name: "Sheena" });
    await t.write(SHEENA, "and one more thing", { name: "Sheena" });
    const before = t.sentTo(CARL).length;
    await t.write(CARL, "/mine");
    // Meta's pacing lets one message a few seconds reach one person.
    for (let i = 0; i < 6; i++) {
      t.clock.advance(10_000);
      await t.flush();
    }
    const received = t
      .sentTo(CARL)
      .slice(before)
      .map((s) => s.text ?? "");
    const parts = received.filter((m) => m.startsWith("#1 · Sheena · +15557770001 ("));
    expect(parts).toHaveLength(2);
    const bodies = parts.map((m) => m.split("\n").slice(1));
    const rebuilt = (bodies[0] ?? []).join("\n") + (bodies[1] ?? []).slice(0, -1).join("\n");
    expect(rebuilt).toBe(long);
    expect(
      received.some((m) => m.startsWith("While you were away") && m.includes("and one more thing")),
    ).toBe(true);
  });
});

describe("a long customer message to someone reached by the notify template", () => {
  it("the template says the rest follows, and the whole text comes when they write", async () => {
    t = await withNewConversation({ STAFF_NOTIFY_TEMPLATE: "staff_notice" });
    await t.command(CARL, "/assign me #1");
    t.clock.advance(25 * 60 * 60_000);
    const long = Array.from({ length: 150 }, (_, i) => `word${i}`).join(" ");
    await t.write(SHEENA, long, { name: "Sheena" });
    const template = t.sentTo(CARL).at(-1)?.template;
    expect(template?.name).toBe("staff_notice");
    const param = template?.params[0] ?? "";
    expect(param.length).toBeLessThanOrEqual(900);
    expect(param).toMatch(/write to the bot/);
    const before = t.sentTo(CARL).length;
    await t.write(CARL, "/mine");
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10_000);
      await t.flush();
    }
    const whole = t
      .sentTo(CARL)
      .slice(before)
      .find((m) => m.text?.startsWith("#1 · Sheena · +15557770001\n"));
    expect(whole?.text).toContain(long);
  });
});

describe("numbers once, window only where it matters", () => {
  it("a customer without a profile name is shown by number once", async () => {
    t = await withNewConversation();
    await t.write(TOM, "Hello?");
    const notice = lastStartingWith(CARL, "#2 ");
    expect(notice.text?.split("\n")[0]).toBe("#2 · +15557770002");
    await t.command(ADA, "/assign @carl #2");
    const assigned = lastStartingWith(CARL, "#2 assigned to you");
    expect(assigned.text?.split("+15557770002").length).toBe(2);
  });

  it("the window is on what leads to writing to the customer, not on a note or a hand-back", async () => {
    t = await withNewConversation();
    expect(await t.command(MARIA, "/assign me #1")).toContain("window open");
    expect(await t.command(MARIA, "/note #1 VIP customer")).not.toContain("window");
    expect(await t.command(MARIA, "/unassign #1")).not.toContain("window");
    expect(lastStartingWith(CARL, "#1 back in").text).toContain("window open");
  });

  it("a close confirmation does not carry the window", async () => {
    t = await withNewConversation();
    await t.command(MARIA, "/assign me #1");
    const answer = await t.command(MARIA, "/close #1");
    expect(answer).toMatch(/^#1 closed/);
    expect(answer).not.toContain("window");
  });
});

describe("/set language es: the staff side in Spanish", () => {
  it("answers, refusals and notices are in Spanish; commands, #N and @handles stay as typed", async () => {
    t = await withNewConversation();
    expect(await t.command(ADA, "/set language es")).toMatch(/^language ahora es es \(antes en\)/);
    expect(await t.command(DINA, "/help")).toMatch(/^Tus comandos \(agente\):\n/);
    await t.command(MARIA, "/assign me #1");
    expect(await t.command(CARL, "/assign me #1")).toMatch(/^#1 la acaba de tomar @maria/);
    t.clock.advance(120_000);
    expect(await t.command(CARL, "/reply #1 hola")).toBe(
      "#1 No permitido: solo quien lleva la conversación responde al cliente (la lleva @maria).",
    );
    await t.write(TOM, "Hola?");
    expect(lastStartingWith(CARL, "#2 ").text).toContain("Responde /assign me #2");
    expect(await t.command(ADA, "/set language en")).toMatch(/^language is now en \(was es\)/);
  });
});
