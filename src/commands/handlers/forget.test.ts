// /forget end to end: signed webhooks in, answers out through msw, then every text column of every table
// read back for what must be gone.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADA,
  BOB,
  type InboxUnderTest,
  MARIA,
  SHEENA,
  startInbox,
  TOM,
} from "../../../test/kit/conversation.js";
import { useGraphServer } from "../../../test/kit/e2e.js";
import { makeTextWebhook } from "../../../test/kit/fixtures.js";
import { contacts, conversations, forgetRequests, messages, rawEvents } from "../../store/schema.js";
import { en } from "../../texts/en.js";
import { helpTopic } from "./help.js";

/** The second half of a usage answer: /forget's syntax and example, as /help forget gives them to an admin. */
const FORGET_USAGE = helpTopic(en, { role: "admin", agentReassign: "own" }, "forget");

useGraphServer();

const HOUR = 3_600_000;
const NAME = "Sheena Quixotic";
const TEXT_1 = "My tracking code is ZX-4417-QUASAR";
const CAPTION = "the broken lamp KESTREL";
const MEDIA_ID = "media-9981-OSPREY";
const TEXT_2 = "second visit PELICAN";
const TOM_TEXT = "Tom asks about invoices HERON";
const STAFF_REPLY = "We are checking the lamp now";
const STAFF_NOTE = "refund approved by finance";
/** What no table may hold after the forget: the name, every text, the caption, the media id, the number. */
const GONE = [
  NAME,
  "Quixotic",
  TEXT_1,
  "QUASAR",
  CAPTION,
  "KESTREL",
  MEDIA_ID,
  TEXT_2,
  "PELICAN",
  "15557770001",
];

let t: InboxUnderTest;
afterEach(async () => {
  await t.close();
});

/** Every (table, column, row) whose text holds `needle`, over every table SQLite has. */
function occurrences(needle: string): string[] {
  const tables = t.db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const columns = t.db.all<{ name: string }>(sql`select name from pragma_table_info(${name})`);
    for (const column of columns) {
      const rows = t.db.all<{ v: unknown }>(
        sql`select ${sql.identifier(column.name)} as v from ${sql.identifier(name)} where instr(cast(${sql.identifier(column.name)} as text), ${needle}) > 0`,
      );
      for (const row of rows) found.push(`${name}.${column.name}: ${String(row.v).slice(0, 120)}`);
    }
  }
  return found;
}

async function sheenaSendsPhoto() {
  const body = makeTextWebhook({
    from: SHEENA.slice(1),
    id: "wamid.PHOTO.1",
    text: "",
    timestamp: 0,
    name: NAME,
  });
  const message = body.entry[0]?.changes[0]?.value.messages?.[0] as Record<string, unknown>;
  message.timestamp = String(Math.floor(t.clock.now() / 1000));
  message.type = "image";
  delete message.text;
  message.image = { id: MEDIA_ID, mime_type: "image/jpeg", sha256: "abc", caption: CAPTION };
  expect((await t.post(body)).status).toBe(200);
  await t.flush();
}

/** Two conversations of Sheena's (#1 closed, #2 open with @maria), Tom's #3, staff words in both of hers. */
async function sheenaWithHistory() {
  t = await startInbox();
  await t.write(SHEENA, TEXT_1, { name: NAME });
  await t.command(MARIA, "/assign me #1");
  await t.command(MARIA, `/reply #1 ${STAFF_REPLY}`);
  await t.status(t.lastTo(SHEENA).wamid, "delivered", SHEENA.slice(1));
  await sheenaSendsPhoto();
  await t.command(MARIA, `/note #1 ${STAFF_NOTE}`);
  await t.command(MARIA, "/close #1");
  t.clock.advance(25 * HOUR);
  await t.write(SHEENA, TEXT_2, { name: NAME });
  await t.command(MARIA, "/assign me #2");
  await t.write(TOM, TOM_TEXT, { name: "Tom" });
  expect(await t.command(ADA, "/assigned")).toContain(NAME.slice(0, 10)); // a view line that names her
  for (const needle of GONE) expect(occurrences(needle), needle).not.toEqual([]);
}

describe("/forget +phone", () => {
  it("says what will be erased and how to confirm, and erases nothing yet", async () => {
    await sheenaWithHistory();
    const before = t.snapshot();
    expect(await t.command(ADA, `/forget ${SHEENA}`)).toBe(
      [
        `Forget ${NAME} · ${SHEENA}? This erases their name and number, the texts, captions and media of their 3 messages, and the webhook bodies that mention them. It cannot be undone.`,
        `Kept in #1, #2: the conversation numbers, times, notes and replies, with the customer shown as "forgotten"; an open one is closed.`,
        `To do it, within 10 minutes: /forget ${SHEENA} confirm`,
      ].join("\n"),
    );
    expect(t.snapshot()).toBe(before);
    expect(occurrences(NAME)).not.toEqual([]);
    // The request keeps the number's keyed hash, never the number.
    const request = t.db.select().from(forgetRequests).get();
    expect(request?.waIdHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("confirmed, leaves no table holding her name, words, media id or number; history and staff words stay", async () => {
    await sheenaWithHistory();
    await t.command(ADA, `/forget ${SHEENA}`);
    const done = await t.command(ADA, `/forget ${SHEENA} confirm`);
    expect(done).toBe(
      [
        "Forgotten. Erased: the name and number, 3 messages (texts, captions, media), 5 webhook bodies.",
        'The customer now reads as "forgotten" in #1, #2.',
        "#2 was open and is now closed.",
      ].join("\n"),
    );
    for (const needle of GONE) expect(occurrences(needle), needle).toEqual([]);

    // Tom, and the staff's own words, are untouched.
    for (const kept of [TOM_TEXT, "Tom", STAFF_REPLY, STAFF_NOTE])
      expect(occurrences(kept), kept).not.toEqual([]);
    // Numbers, times and history stay; #2 is closed by the admin.
    expect(t.conversation(2).status).toBe("closed");
    expect(t.history(2)).toEqual([
      "created ∅ → New by system",
      "assigned New → @maria by @maria",
      "closed @maria → closed (customer forgotten) by @ada",
      "forgotten by @ada",
    ]);
    // @maria owned #2: she is told, without the customer's name or words.
    expect(t.lastTo(MARIA).text).toBe(
      "#2 closed by @ada: the customer was forgotten at their request, and their messages erased.",
    );
    const show = await t.command(ADA, "/show #1");
    expect(show?.split("\n")[0]).toBe("#1 · forgotten");
    expect(show).toContain(STAFF_REPLY);
    expect(show).toContain(STAFF_NOTE);
    const history = await t.command(ADA, "/show #1 history");
    expect(history).toContain("@ada forgotten");
    expect(await t.command(ADA, "/closed")).toContain("#1 · forgotten");
    // Nobody can reopen it: there is nobody to write to.
    const stays =
      "#1 stays closed: its customer was forgotten. If they write again, they are a new customer.";
    expect(await t.command(ADA, "/reopen #1")).toBe(stays);
    expect(await t.command(ADA, "/assign me #1")).toBe(stays);
    expect(t.conversation(1).status).toBe("closed");

    // Asked again, the number is recognised by its hash, not stored.
    expect(await t.command(ADA, `/forget ${SHEENA}`)).toBe(
      `${SHEENA} was forgotten just now, and nobody has written from it since: there is nothing left to forget.`,
    );
  });

  it("a forgotten customer who writes again is a new customer", async () => {
    await sheenaWithHistory();
    await t.command(ADA, `/forget ${SHEENA}`);
    await t.command(ADA, `/forget ${SHEENA} confirm`);
    const forgotten = t.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, t.conversation(1).contactId))
      .get();
    expect(forgotten).toMatchObject({ name: null, waId: null, bsuid: null, username: null });
    expect(forgotten?.waIdHash).toMatch(/^[0-9a-f]{64}$/);

    await t.write(SHEENA, "hello again", { name: "Sheena" });
    const newest = t.db.select().from(conversations).orderBy(sql`id desc`).get();
    expect(newest?.id).toBe(4);
    expect(newest?.contactId).not.toBe(forgotten?.id);
    expect(t.conversation(1).status).toBe("closed");
  });

  it("a body not filed yet loses only her updates; Tom's in the same body is still filed", async () => {
    await sheenaWithHistory();
    await t.command(ADA, `/forget ${SHEENA}`);
    // One body with a message from each, stored but not yet filed when the forget commits.
    const body = makeTextWebhook({
      from: TOM.slice(1),
      id: "wamid.MIX.TOM",
      text: "Tom again WREN",
      timestamp: 0,
    });
    const value = body.entry[0]?.changes[0]?.value as { messages: unknown[]; contacts: unknown[] };
    value.messages.push({ ...(value.messages[0] as object), from: SHEENA.slice(1), id: "wamid.MIX.SHEENA" });
    value.messages.push({
      ...(value.messages[0] as object),
      from: SHEENA.slice(1),
      id: "wamid.MIX.SHEENA2",
      text: { body: "late PELICAN" },
    });
    value.contacts.push({ profile: { name: NAME }, wa_id: SHEENA.slice(1) });
    const text = JSON.stringify(body);
    const stored = t.node.inbox.storeRawEvent(text, createHash("sha256").update(text).digest("hex")).id;
    // Failed once and waiting for its retry: it must keep Tom's update and lose Sheena's.
    t.db
      .update(rawEvents)
      .set({ state: "failed", attempts: 1, nextAttemptAt: t.clock.now() + HOUR })
      .where(eq(rawEvents.id, stored))
      .run();
    await t.command(ADA, `/forget ${SHEENA} confirm`);
    for (const needle of GONE) expect(occurrences(needle), needle).toEqual([]);
    t.clock.advance(2 * HOUR);
    await t.flush();
    expect(t.db.select().from(rawEvents).where(eq(rawEvents.id, stored)).get()?.state).toBe("done");
    expect(occurrences("Tom again WREN").some((o) => o.startsWith("messages.text"))).toBe(true);
    expect(t.db.select().from(messages).where(eq(messages.wamid, "wamid.MIX.SHEENA")).all()).toEqual([]);
  });
});

describe("/forget refusals change nothing", () => {
  it("refuses agents and managers with the rule", async () => {
    t = await startInbox();
    await t.write(SHEENA, TEXT_1, { name: NAME });
    const before = t.snapshot();
    for (const phone of [MARIA, BOB]) {
      expect(await t.command(phone, `/forget ${SHEENA}`)).toBe(
        "Not allowed: only admins may forget a customer. Ask an admin.",
      );
      expect(await t.command(phone, `/forget ${SHEENA} confirm`)).toBe(
        "Not allowed: only admins may forget a customer. Ask an admin.",
      );
    }
    expect(t.snapshot()).toBe(before);
    expect(t.db.select().from(forgetRequests).all()).toEqual([]);
    expect(occurrences(NAME)).not.toEqual([]);
  });

  it("a confirmation after 10 minutes has lapsed", async () => {
    t = await startInbox();
    await t.write(SHEENA, TEXT_1, { name: NAME });
    await t.command(ADA, `/forget ${SHEENA}`);
    t.clock.advance(10 * 60_000 + 1);
    expect(await t.command(ADA, `/forget ${SHEENA} confirm`)).toBe(
      `Your /forget ${SHEENA} was more than 10 minutes ago, so it has lapsed. Send /forget ${SHEENA} again to see what it erases.`,
    );
    expect(occurrences(TEXT_1)).not.toEqual([]);
    expect(t.conversation(1).status).toBe("open");
    // Asking again starts a new 10 minutes.
    await t.command(ADA, `/forget ${SHEENA}`);
    t.clock.advance(9 * 60_000);
    expect(await t.command(ADA, `/forget ${SHEENA} confirm`)).toMatch(/^Forgotten\./);
  });

  it("only the admin who asked may confirm", async () => {
    t = await startInbox();
    t.seedStaff("zed", "+15550000009", "admin");
    await t.write("+15550000009", "/whoami");
    await t.write(SHEENA, TEXT_1, { name: NAME });
    expect(await t.command("+15550000009", `/forget ${SHEENA} confirm`)).toBe(
      `Nothing to confirm: send /forget ${SHEENA} first, then /forget ${SHEENA} confirm within 10 minutes.`,
    );
    await t.command(ADA, `/forget ${SHEENA}`);
    expect(await t.command("+15550000009", `/forget ${SHEENA} confirm`)).toBe(
      `Only @ada, who asked, may confirm forgetting this customer. To do it yourself, send /forget ${SHEENA} first.`,
    );
    expect(occurrences(TEXT_1)).not.toEqual([]);
    expect(await t.command(ADA, `/forget ${SHEENA} confirm`)).toMatch(/^Forgotten\./);
  });

  it("answers a number nobody wrote from, a staff member's number and bad arguments", async () => {
    t = await startInbox();
    expect(await t.command(ADA, "/forget +15559990000")).toBe(
      "No customer has written from +15559990000: there is nothing to forget.",
    );
    expect(await t.command(ADA, `/forget ${MARIA}`)).toBe(
      `${MARIA} is the number of @maria, on the staff list: /forget is for customers.`,
    );
    expect(await t.command(ADA, "/forget 15557770001")).toBe(
      `"15557770001" is not a phone number like +15551234567\n${FORGET_USAGE}`,
    );
    expect(await t.command(ADA, `/forget ${SHEENA} yes`)).toBe(
      `"yes": only the word confirm may follow the number\n${FORGET_USAGE}`,
    );
  });

  it("speaks Spanish when the inbox does", async () => {
    t = await startInbox();
    await t.write(SHEENA, TEXT_1, { name: NAME });
    await t.command(ADA, "/set language es");
    expect(await t.command(MARIA, `/forget ${SHEENA}`)).toBe(
      "No permitido: solo los admins pueden olvidar a un cliente. Pídeselo a un admin.",
    );
    await t.command(ADA, `/forget ${SHEENA}`);
    expect(await t.command(ADA, `/forget ${SHEENA} confirm`)).toMatch(/^Olvidado\./);
  });
});

describe("/help forget", () => {
  it("gives admins the syntax and an example, and tells others who may", async () => {
    t = await startInbox();
    expect(await t.command(ADA, "/help forget")).toBe(
      [
        "/forget +phone, then /forget +phone confirm within 10 minutes: erase a customer's name, messages and number",
        "Example: /forget +15557770001",
      ].join("\n"),
    );
    expect(await t.command(MARIA, "/help forget")).toMatch(/admins/);
    expect(await t.command(MARIA, "/help forget")).not.toContain("confirm");
  });
});
