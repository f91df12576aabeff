// The whole sandbox over real HTTP: the seed made by the bot's own commands, a conversation from a
// customer's first message to a template after the window closed, and the page's two actions.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, staff } from "../store/schema.js";
import { customerHeader, staffHeader } from "./bot-view.js";
import { type Sandbox, startSandbox } from "./sandbox.js";

const ADA = "15550100001";
const BOB = "15550100002";
const MARIA = "15550100003";
const DINA = "15550100004";
const SHEENA = "15550100101";
const KENJI = "15550100102";
const LAYLA = "15550100103";

let sandbox: Sandbox;
beforeAll(async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")), PORT: "0" };
  sandbox = await startSandbox({ env, statusDelaysMs: [5, 10, 20] });
}, 30_000);
afterAll(() => sandbox.close());

async function say(waId: string, text: string, quotedWamid: string | null = null) {
  const entry = await sandbox.simulator.personSends(waId, text, quotedWamid);
  await sandbox.settle();
  return entry;
}

/** The bot's messages on this phone since `from` (an index into its chat). */
function botSaid(waId: string, from = 0) {
  return sandbox.simulator.chats
    .chat(waId)
    .slice(from)
    .filter((e) => e.author === "business");
}
const lastText = (waId: string) => botSaid(waId).at(-1)?.text ?? "";
const mark = (waId: string) => sandbox.simulator.chats.chat(waId).length;

describe("seeded through the bot's own commands", () => {
  it("an admin, a manager and two agents in sales and support, each with an open window", () => {
    const rows = sandbox.node.db.select().from(staff).all();
    expect(rows.map((r) => [r.handle, r.role])).toEqual([
      ["ada", "admin"],
      ["bob", "manager"],
      ["maria", "agent"],
      ["dina", "agent"],
    ]);
    const now = sandbox.clock.now();
    expect(staffHeader(sandbox.node.db, BOB, now)?.title).toBe("@bob · manager · sales, support");
    expect(staffHeader(sandbox.node.db, MARIA, now)?.title).toBe("@maria · agent · sales");
    for (const waId of [ADA, BOB, MARIA, DINA]) {
      expect(staffHeader(sandbox.node.db, waId, now)?.window).toMatch(/^own window open/);
    }
    expect(lastText(DINA)).toContain("You are @dina · agent");
  });
});

describe("a conversation, end to end over HTTP", () => {
  it("a customer writes: every available staff member hears of #1", async () => {
    const before = [ADA, BOB, MARIA, DINA].map(mark);
    await say(SHEENA, "Hi, is my order #4521 ready?");
    [ADA, BOB, MARIA, DINA].forEach((waId, i) => {
      expect(botSaid(waId, before[i]).map((e) => e.text.split("\n")[0])).toEqual([
        "#1 · Sheena Nelson · +15550100101",
      ]);
    });
  });

  it("an agent takes it and replies; the customer's phone shows the reply, read", async () => {
    await say(MARIA, "/assign me #1");
    expect(lastText(MARIA)).toMatch(/^#1 assigned to you/);
    await say(MARIA, "/reply #1 Yes, ready for pickup 📦");
    const reply = botSaid(SHEENA).at(-1);
    expect(reply).toMatchObject({ text: "Yes, ready for pickup 📦", status: "read" });
  });

  it("the customer's quote-reply reaches the owner, who answers by quoting it back", async () => {
    const reply = botSaid(SHEENA).at(-1);
    await say(SHEENA, "Great, see you at 5", reply?.wamid ?? null);
    const forwarded = botSaid(MARIA).at(-1);
    expect(forwarded?.text).toContain("Great, see you at 5");
    await say(MARIA, "See you then!", forwarded?.wamid ?? null);
    expect(lastText(SHEENA)).toBe("See you then!");
  });

  it("a manager reassigns it to the other team's agent", async () => {
    await say(BOB, "/assign @dina #1");
    expect(lastText(DINA)).toMatch(/^#1 assigned to you by @bob/);
  });

  it("+25 h closes the window: free text is refused, a template goes through, the customer reopens it", async () => {
    const res = await fetch(`${sandbox.origin}/sandbox/api/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hours: 25 }),
    });
    expect(res.status).toBe(200);
    await say(DINA, "/reply #1 Still there?");
    expect(lastText(DINA)).toMatch(/^#1 window closed .* templates only/);
    await say(DINA, "/template #1 order_update en_US 4521");
    expect(lastText(SHEENA)).toBe("📋 template order_update (en_US)\n4521");
    await say(SHEENA, "Yes! Still want it");
    await say(DINA, "/reply #1 Great, it's waiting for you");
    expect(botSaid(SHEENA).at(-1)).toMatchObject({ text: "Great, it's waiting for you", status: "read" });
  });
});

describe("the phone headers tell what /show tells", () => {
  /** "#1 · closed · @dina · support", made from /show's own status line. */
  async function showSays(waId: string, conv: number) {
    await say(waId, `/show #${conv}`);
    const shown = lastText(waId);
    const status = /^(Open|Closed)\b.* · owner: (\S+)(?: \(removed\))? · team: (\S+)$/m.exec(shown);
    if (!status) throw new Error(`no status line in /show:\n${shown}`);
    return { status: status[1]?.toLowerCase(), owner: status[2], team: status[3] };
  }
  const header = (waId: string) => customerHeader(sandbox.node.db, waId, sandbox.clock.now())?.title;

  it("an open conversation with an owner", async () => {
    const shown = await showSays(BOB, 1);
    expect(shown.status).toBe("open");
    expect(header(SHEENA)).toBe(`#1 · open · ${shown.owner} · ${shown.team}`);
  });

  it("a closed one names who had it when it closed, as /show does, and no queue", async () => {
    await say(DINA, "/close #1");
    const shown = await showSays(BOB, 1);
    expect(shown).toMatchObject({ status: "closed", owner: "@dina" });
    expect(header(SHEENA)).toBe(`#1 · closed · @dina · ${shown.team}`);
    expect(header(SHEENA)).not.toContain("queue");
  });

  it("New, then a team's queue while open; closed from the queue it is nobody's, in that team", async () => {
    await say(KENJI, "Do you ship to Osaka?");
    const n = Number(/^#(\d+)/.exec(header(KENJI) ?? "")?.[1]);
    expect(header(KENJI)).toBe(`#${n} · open · New`);
    await say(BOB, `/assign team sales #${n}`);
    expect(await showSays(BOB, n)).toEqual({ status: "open", owner: "nobody", team: "sales" });
    expect(header(KENJI)).toBe(`#${n} · open · team sales queue`);
    await say(BOB, `/close #${n}`);
    expect(await showSays(BOB, n)).toEqual({ status: "closed", owner: "nobody", team: "sales" });
    expect(header(KENJI)).toBe(`#${n} · closed · team sales`);
    // Two new conversations a second apart: Meta's pair pacing would hold the next test's notices.
    sandbox.clock.advance(60_000);
    sandbox.node.dispatcher.wake();
    await sandbox.settle();
  });
});

describe("names and the page", () => {
  it("a right-to-left name with an emoji arrives intact", async () => {
    await say(LAYLA, "مرحبا");
    const row = sandbox.node.db.select().from(contacts).where(eq(contacts.waId, LAYLA)).get();
    expect(row?.name).toBe("ليلى 🌸");
    expect(lastText(ADA)).toContain("ليلى 🌸");
  });

  it("the page renders every phone; the send API refuses what a phone could not send", async () => {
    const page = await (await fetch(`${sandbox.url}`)).text();
    expect(page.startsWith("<!doctype html>")).toBe(true);
    for (const waId of [ADA, BOB, MARIA, DINA, SHEENA, LAYLA]) expect(page).toContain(`id="p${waId}"`);
    const send = (body: object, type = "application/json") =>
      fetch(`${sandbox.origin}/sandbox/api/send`, {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify(body),
      });
    expect((await send({ phone: "999", text: "hi" })).status).toBe(400);
    expect((await send({ phone: SHEENA, text: " " })).status).toBe(400);
    expect((await send({ phone: SHEENA, text: "hi" }, "text/plain")).status).toBe(415);
    // WhatsApp's app stops at 65,536 characters; the page's phones stop there too.
    const tooLong = await send({ phone: SHEENA, text: "x".repeat(65_537) });
    expect([tooLong.status, await tooLong.text()]).toEqual([400, "Text must be 1 to 65536 characters"]);
  });

  it("a text over 4,096 characters reaches the bot, which answers it for itself", async () => {
    const send = (phone: string, text: string) =>
      fetch(`${sandbox.url}/api/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phone, text }),
      });
    // A customer's long text is Meta's to deliver: the webhook carries all of it.
    const story = `Long story: ${"the parcel went round the depot again. ".repeat(130)}THE END`;
    expect(story.length).toBeGreaterThan(5_000);
    expect((await send(LAYLA, story)).status).toBe(200);
    await sandbox.settle();
    expect(sandbox.simulator.chats.chat(LAYLA).at(-1)).toMatchObject({ text: story, status: "delivered" });
    // A staff member's long reply is the bot's to refuse, with its own words (WhatsApp's 4,096 limit).
    const n = Number(
      /^#(\d+)/.exec(customerHeader(sandbox.node.db, LAYLA, sandbox.clock.now())?.title ?? "")?.[1],
    );
    await say(BOB, `/assign me #${n}`);
    const before = mark(BOB);
    expect((await send(BOB, `/reply #${n} ${story}`)).status).toBe(200);
    await sandbox.settle();
    expect(botSaid(BOB, before).map((e) => e.text)).toEqual([expect.stringMatching(/^#\d+ .*\b4,?096\b/)]);
    expect(botSaid(LAYLA).at(-1)?.text ?? "").not.toContain("parcel");
  });

  it("the event stream starts with the run's id, the clock, every header and every bubble (and close() ends it)", async () => {
    const res = await fetch(`${sandbox.url}/events`);
    const reader = res.body?.getReader();
    let text = "";
    while (reader && !text.includes("event: bubble")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toMatch(/^event: hello\ndata: \{"instance":"[0-9a-f]+"\}\n\nevent: clock\n/);
    expect(text).toContain(`"instance":"${sandbox.simulator.chats.instance}"`);
    expect(text).toContain("event: header");
    // Left open on purpose: afterAll's close() must not wait for it.
  });

  it("a number the bot writes to that nobody holds gets its own phone", async () => {
    await say(ADA, "/staff add +15550100009 zoe agent");
    await say(ADA, "/team add sales @zoe");
    const zoe = sandbox.simulator.chats.person("15550100009");
    expect(zoe?.side).toBe("other");
    expect(lastText("15550100009")).toMatch(/^📋 template inbox_notice \(en\)\nYou were added to team sales/);
  });

  it("a customer added on the page gets a phone and can write at once", async () => {
    const add = (body: object) =>
      fetch(`${sandbox.url}/api/customers`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect(await (await fetch(sandbox.url)).text()).toContain('value="+1 555 010 0104"');
    const refused = await add({ name: "Amara Obi", phone: `+${SHEENA}` });
    expect([refused.status, await refused.text()]).toEqual([
      400,
      "+15550100101 is already Sheena Nelson's phone.",
    ]);
    expect((await add({ name: "", phone: "+1 555 010 0104" })).status).toBe(400);

    const added = await add({ name: "Amara Obi", phone: "+1 555 010 0104" });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({
      waId: "15550100104",
      name: "Amara Obi",
      nextPhone: "+1 555 010 0105",
    });
    expect(sandbox.simulator.chats.person("15550100104")).toEqual({
      waId: "15550100104",
      name: "Amara Obi",
      side: "customer",
    });

    sandbox.clock.advance(60_000); // Meta's pair pacing: the staff had notices a moment ago
    await say("15550100104", "Hello, do you deliver on Sundays?");
    const row = sandbox.node.db.select().from(contacts).where(eq(contacts.waId, "15550100104")).get();
    expect(row?.name).toBe("Amara Obi");
    // Maria has not written since the +25 h jump: her notice comes as a template.
    expect(lastText(MARIA)).toMatch(/^(📋 template .*\n)?#\d+ · Amara Obi · \+15550100104/);
  });

  it("the simulated Graph API refuses a caller without the bot's token", async () => {
    const res = await fetch(`${sandbox.origin}/graph/v25.0/${sandbox.config.phoneNumberId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", to: SHEENA, type: "text", text: { body: "x" } }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 190 } });
  });
});

describe("start-up problems", () => {
  it("a bad PORT is named, and nothing is left listening", async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")), PORT: "not-a-port" };
    await expect(startSandbox({ env })).rejects.toThrow(/sandbox configuration: PORT/);
  });

  it("a port in use is named", async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sandbox-")), PORT: new URL(sandbox.origin).port };
    await expect(startSandbox({ env })).rejects.toThrow(/could not listen on port/);
  });
});
