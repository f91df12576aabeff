// /reply, quote-replies, /template and /note end to end: what reaches Meta (msw), what is refused before
// it can, and what the requester hears when Meta says no.
import { and, eq, ne } from "drizzle-orm";
import { HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  CARL,
  DINA,
  type InboxUnderTest,
  MARIA,
  OPEN,
  SHEENA,
  TOM,
  withNewConversation,
} from "../../../test/kit/conversation.js";
import { useGraphServer } from "../../../test/kit/e2e.js";
import { HOUR_MS } from "../../domain/window.js";
import { outbox } from "../../store/schema.js";

useGraphServer();

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

/** Sheena wrote; #1 belongs to @maria (team sales). */
async function withMariasConversation() {
  t = await withNewConversation();
  await t.command(MARIA, "/assign me #1");
  return t;
}

/**
 * The wamid of the forward of one customer message, as this staff member received it from Meta. The
 * clock moves past Meta's pair-rate pacing first, so a forward held back by it has gone out.
 */
async function forwardTo(phone: string, title: string, body: string): Promise<string> {
  t.clock.advance(30_000);
  await t.flush();
  const forward = t.sentTo(phone).find((s) => s.text?.startsWith(`${title}\n${body}\n`));
  if (!forward) throw new Error(`the forward of "${body}" did not reach ${phone}`);
  return forward.wamid;
}

/** Messages to customers; "seen" marks (purpose read, SPEC §12) are not messages. */
const customerSends = () =>
  t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipientKind, "customer"), ne(outbox.purpose, "read")))
    .all();

describe("/reply", () => {
  it("the owner's reply reaches the customer; no 'sent' answer; the history says who replied", async () => {
    await withMariasConversation();
    const answers = t.sentTo(MARIA).length;
    await t.write(MARIA, "/reply #1 Your parcel left the warehouse today.");
    expect(t.sentTo(SHEENA).map((s) => [s.type, s.text])).toEqual([
      ["text", "Your parcel left the warehouse today."],
    ]);
    expect(t.sentTo(MARIA).length).toBe(answers);
    const [row] = customerSends();
    expect([row?.purpose, row?.needsWindow, row?.requestedByStaffId, row?.status]).toEqual([
      "reply",
      true,
      t.staffId("maria"),
      "sent",
    ]);
    expect(t.history(1).at(-1)).toBe("replied (Your parcel left the warehouse today.) by @maria");
  });

  it("refused by role: an admin who does not own it must take it first", async () => {
    await withMariasConversation();
    const before = t.snapshot();
    expect(await t.command(ADA, "/reply #1 Hello from the boss")).toBe(
      "#1 Not allowed: only the owner replies to the customer (@maria has it). Take it first with /assign me #1.",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(t.snapshot()).toBe(before);
  });

  it("refused by state: a closed conversation", async () => {
    await withMariasConversation();
    await t.command(MARIA, "/close #1");
    const before = t.snapshot();
    expect(await t.command(MARIA, "/reply #1 one more thing")).toBe(
      "#1 It is closed; reopen it with /reopen #1 before writing to the customer.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("outside the window it is refused with the way out, and nothing reaches Meta", async () => {
    await withMariasConversation();
    t.clock.advance(27 * HOUR_MS);
    const before = t.snapshot();
    expect(await t.command(MARIA, "/reply #1 Sorry for the wait")).toBe(
      "#1 window closed 3h ago · templates only. Use /template #1 <name> [language] [params]",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(customerSends()).toEqual([]);
    expect(t.snapshot()).toBe(before);
  });

  it("a reply longer than WhatsApp allows is refused rather than cut", async () => {
    await withMariasConversation();
    expect(await t.command(MARIA, `/reply #1 ${"a".repeat(4097)}`)).toBe(
      "#1 not sent: 4097 characters, WhatsApp allows 4096. Send it in parts.",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
  });

  it("Meta's 131047 on a reply: the owner is told and the window is marked closed", async () => {
    await withMariasConversation();
    t.failures.push(() =>
      HttpResponse.json(
        { error: { code: 131047, message: "Re-engagement message", type: "OAuthException" } },
        { status: 400 },
      ),
    );
    const before = t.mark();
    await t.write(MARIA, "/reply #1 Are you still there?");
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(t.noticesSince(before)).toEqual({
      maria: [
        '#1 not delivered ("Are you still there?"): the customer\'s 24-hour window is closed (Meta 131047). Use /template #1 <name> to write to them first.',
      ],
    });
    expect(t.conversation(1).windowExpiresAt).toBe(t.clock.now());
    // Nothing is retried into a closed window, and the next reply is refused before Meta.
    expect(await t.command(MARIA, "/reply #1 Hello?")).toBe(
      "#1 window closed just now · templates only. Use /template #1 <name> [language] [params]",
    );
    expect(customerSends().map((r) => r.status)).toEqual(["failed"]);
  });

  it("Meta's 131047 in a status webhook: the owner is told and the window is marked closed", async () => {
    await withMariasConversation();
    await t.write(MARIA, "/reply #1 Any news?");
    const [reply] = t.sentTo(SHEENA);
    if (!reply) throw new Error("the reply did not reach Meta");
    const before = t.mark();
    await t.status(reply.wamid, "failed", SHEENA.slice(1), [
      { code: 131047, title: "Re-engagement message" },
    ]);
    expect(t.noticesSince(before)).toEqual({
      maria: [
        "#1 not delivered: the customer's 24-hour window is closed (Meta 131047). Use /template #1 <name> to write again.",
      ],
    });
    expect(t.conversation(1).windowExpiresAt).toBe(t.clock.now());
  });
});

describe("quote-replies", () => {
  it("plain text quoting a forwarded customer message reaches that customer, and only them", async () => {
    await withMariasConversation();
    await t.write(TOM, "Do you ship to Lisbon?", { name: "Tom" });
    await t.command(MARIA, "/assign me #2");
    await t.write(SHEENA, "Any update?", { name: "Sheena" });
    await t.write(TOM, "Hello?", { name: "Tom" });
    const forward = await forwardTo(MARIA, "#1 · Sheena · +15557770001", "Any update?");
    const answers = t.sentTo(MARIA).length;
    await t.write(MARIA, "Yes, tomorrow morning.", { quotedId: forward });
    expect(t.sentTo(SHEENA).map((s) => s.text)).toEqual(["Yes, tomorrow morning."]);
    expect(t.sentTo(TOM)).toEqual([]);
    expect(t.sentTo(MARIA).length).toBe(answers);
    expect(t.history(1).at(-1)).toBe("replied (Yes, tomorrow morning.) by @maria");
  });

  it("a non-owner's quote-reply is refused with the reason and reaches nobody", async () => {
    await withMariasConversation();
    await t.write(SHEENA, "Any update?", { name: "Sheena" });
    const forward = await forwardTo(MARIA, "#1 · Sheena · +15557770001", "Any update?");
    await t.command(ADA, "/assign @carl #1");
    const before = t.snapshot();
    expect(await t.command(MARIA, "It ships tomorrow.", { quotedId: forward })).toBe(
      "#1 Not allowed: your text was not sent; only the owner replies to the customer (@carl has it).",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(t.snapshot()).toBe(before);
  });

  it("plain text quoting a notification is a hint, never a message to the customer", async () => {
    await withMariasConversation();
    await t.command(ADA, "/assign @carl #1");
    const notice = t.sentTo(CARL).find((s) => s.text?.startsWith("#1 assigned to you by @ada"));
    if (!notice) throw new Error("Carl was not told");
    expect(await t.command(CARL, "on it", { quotedId: notice.wamid })).toBe(
      "#1 your text was not sent: that message is a notice. To answer the customer: /reply #1 <text>",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
  });
});

describe("quote-replies to a message that carried several rows", () => {
  it("one conversation, a notice first and the forward after: quoting it answers that customer", async () => {
    await withMariasConversation();
    await t.write(SHEENA, "Any update?", { name: "Sheena" });
    const forward = await forwardTo(MARIA, "#1 · Sheena · +15557770001", "Any update?");
    // Bundled (a person who fell behind): an earlier notice about #1 shares the forward's wamid.
    const notice = t.db.select().from(outbox).where(eq(outbox.purpose, "notify")).all().at(0);
    if (notice?.conversationId !== 1) throw new Error("no earlier notice about #1");
    t.db.update(outbox).set({ wamid: forward }).where(eq(outbox.id, notice.id)).run();
    await t.write(MARIA, "Yes, tomorrow morning.", { quotedId: forward });
    expect(t.sentTo(SHEENA).map((s) => s.text)).toEqual(["Yes, tomorrow morning."]);
  });

  it("names the conversations and the way to answer one; reaches no customer", async () => {
    t = await withNewConversation();
    await t.write(TOM, "Hello?", { name: "Tom" });
    const about = (n: number) => t.sentTo(CARL).find((s) => s.text?.startsWith(`#${n} `));
    const first = about(1);
    if (!first || !about(2)) throw new Error("Carl was not told of #1 and #2");
    // A person who fell behind gets both in one message: the rows share its wamid.
    t.db.update(outbox).set({ wamid: first.wamid }).where(eq(outbox.conversationId, 2)).run();
    expect(await t.command(CARL, "on it", { quotedId: first.wamid })).toBe(
      "That message is about #1, #2. Answer one with /reply #N <text>.",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(t.sentTo(TOM)).toEqual([]);
  });
});

describe("/template", () => {
  it("works with a closed window (the way back) and says so", async () => {
    await withMariasConversation();
    t.clock.advance(27 * HOUR_MS);
    expect(await t.command(MARIA, "/template #1 hello_world")).toBe(
      "#1 template hello_world (en) queued to Sheena · window closed 3h ago · templates only · the window reopens when the customer answers",
    );
    const [sent] = t.sentTo(SHEENA);
    expect(sent?.template).toEqual({ name: "hello_world", params: [] });
    expect(sent?.body.template).toEqual({ name: "hello_world", language: { code: "en" } });
    const [row] = customerSends();
    expect([row?.purpose, row?.needsWindow, row?.requestedByStaffId]).toEqual([
      "template",
      false,
      t.staffId("maria"),
    ]);
    expect(t.history(1).at(-1)).toBe("template (hello_world (en)) by @maria");
  });

  it("takes a language and body parameters", async () => {
    await withMariasConversation();
    expect(await t.command(MARIA, "/template #1 order_update pt_BR Sheena | 42")).toBe(
      `#1 template order_update (pt_BR) queued to Sheena · ${OPEN}`,
    );
    const [sent] = t.sentTo(SHEENA);
    expect(sent?.body.template).toEqual({
      name: "order_update",
      language: { code: "pt_BR" },
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "Sheena" },
            { type: "text", text: "42" },
          ],
        },
      ],
    });
  });

  it("refused by role: only the owner sends templates", async () => {
    await withMariasConversation();
    const before = t.snapshot();
    expect(await t.command(CARL, "/template #1 hello_world")).toBe(
      "#1 Not allowed: only the owner replies to the customer (@maria has it).",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("refused by state: a closed conversation", async () => {
    await withMariasConversation();
    await t.command(MARIA, "/close #1");
    const before = t.snapshot();
    expect(await t.command(MARIA, "/template #1 hello_world")).toBe(
      "#1 It is closed; reopen it with /reopen #1 before writing to the customer.",
    );
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(t.snapshot()).toBe(before);
  });
});

describe("/note", () => {
  it("goes into the history and to the owner and team, never the customer", async () => {
    await withMariasConversation();
    const before = t.mark();
    expect(await t.command(BOB, "/note #1 VIP customer, be quick")).toBe(
      "#1 note saved. Told @maria, @carl.",
    );
    const note = "#1 note from @bob:\nVIP customer, be quick";
    expect(t.noticesSince(before)).toEqual({ maria: [note], carl: [note] });
    expect(t.history(1).at(-1)).toBe("note (VIP customer, be quick) by @bob");
    expect(t.sentTo(SHEENA)).toEqual([]);
    expect(customerSends()).toEqual([]);
  });

  it("refused by role: someone who may not see the conversation", async () => {
    await withMariasConversation();
    const before = t.snapshot();
    expect(await t.command(DINA, "/note #1 hello")).toBe(
      "#1 Not allowed: you may see New, your teams' conversations and your own. Ask a manager of team sales or an admin.",
    );
    expect(t.snapshot()).toBe(before);
  });

  it("refused: a conversation that does not exist", async () => {
    await withMariasConversation();
    expect(await t.command(MARIA, "/note #9 hello")).toBe("There is no conversation #9.");
  });
});
