// Forgetting a customer (SPEC §15, §17.19; GDPR Art. 17): their name, words, media ids, raw webhook
// bodies and phone number go; conversation numbers, times, ownership history and staff's own words stay,
// with the customer shown as "forgotten". One function called inside the command's transaction, so it is
// all or nothing, on Node and in a Durable Object alike (plain drizzle, no runtime API).
//
// The phone number is replaced by an HMAC-SHA-256 under a random key kept in this database (`settings`
// row forget_hash_key), not a plain SHA-256: phone numbers are few enough (about 10^10 per country code)
// that a plain hash is reversed by trying them all, by anyone, with precomputed tables. The keyed hash
// cannot be matched against anything outside this install. It is a pseudonym, not anonymity: whoever holds
// the database holds the key and can test a number they already know ("was +1555… forgotten?"), which is
// what it is for (/forget on the same number again says so).
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { hmacSha256, toHex } from "../domain/sha256.js";
import type { InboxDb } from "../store/db.js";
import {
  contacts,
  conversations,
  forgetRequests,
  messageStatuses,
  messages,
  outbox,
  rawEvents,
  settings,
  strangerReplies,
} from "../store/schema.js";
import { inSlices, redactBody, scrubPayloadLines, sweepEveryTextColumn } from "./forget-scrub.js";
import type { ContactRow } from "./identities.js";

/**
 * What a forgotten customer's own messages keep: direction, type, times, conversation. Every column that
 * holds their words or media is set here; a media column added to `messages` is one more line.
 */
export const ERASED_MESSAGE_FIELDS = {
  text: null,
  mediaId: null,
  mediaMime: null,
  raw: null,
} as const satisfies Partial<typeof messages.$inferInsert>;

/** What replaces the phone number wherever it was written (a staff command that typed it, say). */
export const NUMBER_MARKER = "[forgotten]";
const KEY_SETTING = "forget_hash_key";
const encode = (text: string) => new TextEncoder().encode(text);

/** The install's hashing key, made on first use; in `settings`, so a backup carries it with the data. */
function installKey(tx: InboxDb): Uint8Array {
  const row = tx.select().from(settings).where(eq(settings.key, KEY_SETTING)).get();
  if (row) return Uint8Array.from(row.value.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  const key = crypto.getRandomValues(new Uint8Array(32));
  tx.insert(settings)
    .values({ key: KEY_SETTING, value: toHex(key) })
    .run();
  return key;
}

/** The keyed hash of a wa_id (digits, no "+"): what a forgotten contact and a pending request keep. */
export function hashWaId(tx: InboxDb, waId: string): string {
  return toHex(hmacSha256(installKey(tx), encode(`wa_id:${waId}`)));
}

export type ForgetScope = { contact: ContactRow; conversationIds: number[]; messages: number };

/** What /forget +phone would erase: the customer with that wa_id, their conversations and messages. */
export function forgetScope(tx: InboxDb, waId: string): ForgetScope | null {
  const contact = tx.select().from(contacts).where(eq(contacts.waId, waId)).get();
  if (!contact) return null;
  const conversationIds = tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.contactId, contact.id))
    .orderBy(conversations.id)
    .all()
    .map((r) => r.id);
  const counted = tx
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .where(and(eq(messages.contactId, contact.id), eq(messages.direction, "in")))
    .get();
  return { contact, conversationIds, messages: counted?.n ?? 0 };
}

/** When a number was forgotten before (its hash on a forgotten contact), for "already forgotten". */
export function forgottenBefore(tx: InboxDb, waIdHash: string): number | null {
  const row = tx
    .select({ at: sql<number>`max(${contacts.forgottenAt})` })
    .from(contacts)
    .where(eq(contacts.waIdHash, waIdHash))
    .get();
  return row?.at ?? null;
}

export type ErasedCounts = { messages: number; rawBodiesDeleted: number; rawBodiesRedacted: number };

/**
 * Erases everything of `scope`'s customer except the skeleton of their conversations. The caller has
 * closed an open conversation (a history row by the admin) first. `lineMarker` replaces a line of a
 * message to staff that named the customer.
 */
export function eraseCustomer(
  tx: InboxDb,
  scope: ForgetScope,
  at: { now: number; lineMarker: string },
): ErasedCounts {
  const { contact, conversationIds } = scope;
  const key = installKey(tx);
  const ids = [contact.waId, contact.bsuid].filter((id): id is string => id !== null);
  const waIdHash = contact.waId === null ? null : toHex(hmacSha256(key, encode(`wa_id:${contact.waId}`)));
  // Real wamids carry the recipient's number in base64, so theirs are replaced by keyed hashes too.
  const pseudonym = (wamid: string) =>
    `erased.${toHex(hmacSha256(key, encode(`wamid:${wamid}`))).slice(0, 32)}`;

  const erasedMessages = eraseMessages(tx, contact.id, conversationIds, pseudonym);
  for (const slice of inSlices(conversationIds)) {
    tx.update(conversations).set({ lastSnippet: null }).where(inArray(conversations.id, slice)).run();
  }
  scrubOutbox(tx, { ids, conversationIds, contact, lineMarker: at.lineMarker, pseudonym });
  const raw = scrubRawBodies(tx, ids);
  if (ids.length > 0) {
    tx.delete(strangerReplies)
      .where(
        inArray(strangerReplies.sender, [...ids.map((id) => `wa:${id}`), ...ids.map((id) => `bsuid:${id}`)]),
      )
      .run();
  }
  if (waIdHash !== null) tx.delete(forgetRequests).where(eq(forgetRequests.waIdHash, waIdHash)).run();
  tx.update(contacts)
    .set({
      name: null,
      username: null,
      waId: null,
      bsuid: null,
      forgottenAt: at.now,
      waIdHash,
      updatedAt: at.now,
    })
    .where(eq(contacts.id, contact.id))
    .run();
  // Last, over every text column: the number wherever it is still written.
  sweepEveryTextColumn(tx, ids, NUMBER_MARKER);
  return { messages: erasedMessages, ...raw };
}

function eraseMessages(
  tx: InboxDb,
  contactId: number,
  conversationIds: readonly number[],
  pseudonym: (wamid: string) => string,
): number {
  // Theirs and ours to them (both carry their contact), and anything else in their conversations.
  // Only what they sent is erased; staff's words stay, and only the wamids change.
  const rows = [
    ...tx.select().from(messages).where(eq(messages.contactId, contactId)).all(),
    ...inSlices(conversationIds).flatMap((slice) =>
      tx
        .select()
        .from(messages)
        .where(and(inArray(messages.conversationId, slice), isNull(messages.contactId)))
        .all(),
    ),
  ];
  const own = (row: (typeof rows)[number]) => row.direction === "in" && row.contactId === contactId;
  for (const row of rows) {
    tx.update(messages)
      .set({
        ...(own(row) ? ERASED_MESSAGE_FIELDS : {}),
        wamid: row.wamid === null ? null : pseudonym(row.wamid),
        // Inbound keys are the wamid (a reaction's adds emoji and time); ours are "out:<outbox id>".
        dedupKey: row.direction === "in" ? pseudonym(row.dedupKey) : row.dedupKey,
        quotedWamid: row.quotedWamid === null ? null : pseudonym(row.quotedWamid),
      })
      .where(eq(messages.id, row.id))
      .run();
    if (row.wamid !== null && row.direction === "out") {
      tx.update(messageStatuses)
        .set({ wamid: pseudonym(row.wamid) })
        .where(eq(messageStatuses.wamid, row.wamid))
        .run();
    }
  }
  return rows.filter(own).length;
}

function scrubOutbox(
  tx: InboxDb,
  s: {
    ids: string[];
    conversationIds: number[];
    contact: ContactRow;
    lineMarker: string;
    pseudonym: (wamid: string) => string;
  },
): void {
  const unsent = ["pending", "held"] as const;
  // To the customer: staff's own words stay; the address goes, and nothing more is sent to them.
  if (s.ids.length > 0) {
    const toThem = and(eq(outbox.recipientKind, "customer"), inArray(outbox.recipient, s.ids));
    for (const row of tx.select({ id: outbox.id, wamid: outbox.wamid }).from(outbox).where(toThem).all()) {
      tx.update(outbox)
        .set({ wamid: row.wamid === null ? null : s.pseudonym(row.wamid) })
        .where(eq(outbox.id, row.id))
        .run();
    }
    tx.update(outbox)
      .set({ status: "failed", lastError: "customer forgotten" })
      .where(and(toThem, inArray(outbox.status, unsent)))
      .run();
    tx.update(outbox).set({ recipient: "forgotten" }).where(toThem).run();
  }
  // To staff about their conversations (notices, forwards, /show answers): the customer's words and
  // name are all through them, so the whole text goes; an unsent one is not sent.
  const erased = JSON.stringify({ type: "text", text: { body: s.lineMarker } });
  for (const slice of inSlices(s.conversationIds)) {
    const about = and(inArray(outbox.conversationId, slice), ne(outbox.recipientKind, "customer"));
    tx.update(outbox).set({ payload: erased }).where(about).run();
    tx.update(outbox)
      .set({ status: "failed", lastError: "customer forgotten" })
      .where(and(about, inArray(outbox.status, unsent)))
      .run();
  }
  // Anything else that names them (a view's line, a list): that line goes.
  const { contact } = s;
  const needles = [
    ...s.ids,
    ...[contact.name, contact.username].filter((n): n is string => n !== null && Array.from(n).length >= 3),
  ];
  const search = [...needles, ...s.conversationIds.map((id) => `#${id} ·`)];
  for (const slice of inSlices(search, 40)) {
    const rows = tx
      .select({ id: outbox.id, payload: outbox.payload })
      .from(outbox)
      .where(or(...slice.map((n) => sql`instr(${outbox.payload}, ${jsonEscaped(n)}) > 0`)))
      .all();
    for (const row of rows) {
      const payload = scrubPayloadLines(row.payload, needles, s.conversationIds, s.lineMarker);
      if (payload !== null) tx.update(outbox).set({ payload }).where(eq(outbox.id, row.id)).run();
    }
  }
}

/** How a string appears inside JSON text (quotes, backslashes and control characters escaped). */
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * Processed bodies that mention them are deleted (the updates in them are filed; retention would delete
 * them anyway). A body not yet filed, or failed and waiting for a retry, may hold other people's updates:
 * it loses only the customer's part (redactBody) and keeps its SHA-256, so a redelivery of the original
 * bytes is still recognised as stored.
 */
function scrubRawBodies(
  tx: InboxDb,
  ids: readonly string[],
): { rawBodiesDeleted: number; rawBodiesRedacted: number } {
  if (ids.length === 0) return { rawBodiesDeleted: 0, rawBodiesRedacted: 0 };
  const mentions = or(...ids.map((id) => sql`instr(${rawEvents.body}, ${id}) > 0`));
  const deleted = tx
    .delete(rawEvents)
    .where(and(eq(rawEvents.state, "done"), mentions))
    .returning({ id: rawEvents.id })
    .all().length;
  let redacted = 0;
  const waiting = tx
    .select({ id: rawEvents.id, body: rawEvents.body })
    .from(rawEvents)
    .where(and(ne(rawEvents.state, "done"), mentions))
    .all();
  for (const row of waiting) {
    const body = redactBody(row.body, ids);
    if (body === null) continue;
    tx.update(rawEvents).set({ body }).where(eq(rawEvents.id, row.id)).run();
    redacted += 1;
  }
  return { rawBodiesDeleted: deleted, rawBodiesRedacted: redacted };
}
