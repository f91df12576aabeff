// The statements on the path of every webhook, prepared once per connection (see prepared.ts): filing
// a message ran mostly in drizzle's query building before. `hot(tx)` works from any transaction.
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { InboxDb } from "./db.js";
import { prepared } from "./prepared.js";
import {
  contacts,
  conversationEvents,
  conversations,
  messages,
  outbox,
  rawEvents,
  settings,
  staff,
} from "./schema.js";

const p = sql.placeholder;
/** A placeholder where drizzle's types want a column value (nullable columns, update sets). */
const v = (name: string) => sql`${p(name)}`;

export function hot(db: InboxDb): HotQueries {
  return prepared(db, "hot-queries", prepareHotQueries);
}

function prepareHotQueries(db: InboxDb) {
  return {
    insertRawEvent: db
      .insert(rawEvents)
      .values({ receivedAt: p("now"), bodySha256: p("sha"), body: p("body"), nextAttemptAt: p("now") })
      .onConflictDoNothing()
      .returning({ id: rawEvents.id })
      .prepare(),
    rawEventIdByHash: db
      .select({ id: rawEvents.id })
      .from(rawEvents)
      .where(eq(rawEvents.bodySha256, p("sha")))
      .prepare(),
    rawEventById: db
      .select()
      .from(rawEvents)
      .where(eq(rawEvents.id, p("id")))
      .prepare(),
    markRawEventDone: db
      .update(rawEvents)
      .set({ state: "done", processedAt: sql`${p("now")}`, lastError: null })
      .where(eq(rawEvents.id, p("id")))
      .prepare(),
    messageIdByDedupKey: db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.dedupKey, p("key")))
      .prepare(),
    staffByIdentity: db
      .select()
      .from(staff)
      .where(or(eq(staff.waId, p("waId")), eq(staff.phone, p("phone")), eq(staff.bsuid, p("bsuid"))))
      .prepare(),
    contactsByIdentity: db
      .select()
      .from(contacts)
      .where(or(eq(contacts.waId, p("waId")), eq(contacts.bsuid, p("bsuid"))))
      .prepare(),
    openConversationOf: db
      .select()
      .from(conversations)
      // 'open' as a literal: with a bound value SQLite re-plans the statement on every call to check
      // that the partial index (one open conversation per contact) applies, which costs more than the lookup.
      .where(and(eq(conversations.contactId, p("contactId")), sql`${conversations.status} = 'open'`))
      .prepare(),
    recordInbound: db
      .update(conversations)
      .set({
        windowExpiresAt: sql`${p("windowExpiresAt")}`,
        lastActivityAt: sql`${p("lastActivityAt")}`,
        awaitingReplySince: sql`${p("awaitingReplySince")}`,
        lastSnippet: sql`${p("snippet")}`,
      })
      .where(eq(conversations.id, p("id")))
      .returning()
      .prepare(),
    // The same when the customer already waits since no later than this message, the usual case: not
    // naming awaiting_reply_since spares SQLite rewriting every index that holds it (the waiting views',
    // /stats' and /expiring's) on each message.
    recordInboundStillWaiting: db
      .update(conversations)
      .set({
        windowExpiresAt: sql`${p("windowExpiresAt")}`,
        lastActivityAt: sql`${p("lastActivityAt")}`,
        lastSnippet: sql`${p("snippet")}`,
      })
      .where(eq(conversations.id, p("id")))
      .returning()
      .prepare(),
    latestConversationOf: db
      .select()
      .from(conversations)
      .where(eq(conversations.contactId, p("contactId")))
      .orderBy(desc(conversations.id))
      .limit(1)
      .prepare(),
    insertContact: db
      .insert(contacts)
      .values({
        waId: v("waId"),
        bsuid: v("bsuid"),
        name: v("name"),
        username: v("username"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .returning()
      .prepare(),
    insertConversation: db
      .insert(conversations)
      .values({
        contactId: p("contactId"),
        status: "open",
        lastActivityAt: p("lastActivityAt"),
        createdAt: p("now"),
      })
      .returning()
      .prepare(),
    insertSystemEvent: db
      .insert(conversationEvents)
      .values({
        conversationId: p("conversationId"),
        action: p("action"),
        fromValue: v("from"),
        toValue: v("to"),
        note: v("note"),
        at: p("now"),
      })
      .prepare(),
    insertInbound: db
      .insert(messages)
      .values({
        conversationId: v("conversationId"),
        direction: "in",
        dedupKey: p("dedupKey"),
        wamid: v("wamid"),
        contactId: v("contactId"),
        type: p("type"),
        subtype: v("subtype"),
        text: v("text"),
        mediaId: v("mediaId"),
        mediaMime: v("mediaMime"),
        mediaSha256: v("mediaSha256"),
        mediaFilename: v("mediaFilename"),
        quotedWamid: v("quotedWamid"),
        timestamp: p("timestamp"),
        raw: v("raw"),
        createdAt: p("now"),
      })
      .returning({ id: messages.id })
      .prepare(),
    staffById: db
      .select()
      .from(staff)
      .where(eq(staff.id, p("id")))
      .prepare(),
    /** Every stored setting: read for every command and every customer message (readSettings). */
    allSettings: db.select().from(settings).prepare(),
    /** One setting's stored value: read for every notice (language, buttons, seen signals). */
    settingValue: db
      .select({ value: settings.value })
      .from(settings)
      .where(eq(settings.key, p("key")))
      .prepare(),
    /** Whether a conversation has any inbound media at all (the media catch-up's usual answer: no). */
    inboundMediaIn: db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, p("conversationId")),
          eq(messages.direction, "in"),
          sql`${messages.type} in ('image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts')`,
        ),
      )
      .limit(1)
      .prepare(),
    availableStaff: db
      .select()
      .from(staff)
      .where(and(eq(staff.active, true), eq(staff.away, false)))
      .prepare(),
    markNewNotice: db
      .update(conversations)
      .set({ lastNewNoticeAt: v("now") })
      .where(eq(conversations.id, p("id")))
      .prepare(),
    insertStaffOutbox: db
      .insert(outbox)
      .values({
        recipient: p("recipient"),
        recipientKind: "staff",
        staffId: p("staffId"),
        conversationId: v("conversationId"),
        purpose: p("purpose"),
        payload: p("payload"),
        sourceMessageId: v("sourceMessageId"),
        status: v("status"),
        nextAttemptAt: p("now"),
        createdAt: p("now"),
      })
      .returning({ id: outbox.id })
      .prepare(),
  };
}

export type HotQueries = ReturnType<typeof prepareHotQueries>;
