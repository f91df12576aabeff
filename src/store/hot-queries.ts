// The statements on the path of every webhook, prepared once per database. drizzle builds SQL from
// its query objects on every call, which measured as most of the time spent filing a message; a
// prepared query builds it once (reference A2: prepared drizzle ≈ the raw driver). They run on the
// same connection as the caller's transaction, so they see and join its writes.
import { and, eq, or, sql } from "drizzle-orm";
import type { InboxDb } from "./db.js";
import { contacts, conversations, messages, rawEvents, staff } from "./schema.js";

const p = sql.placeholder;

export function prepareHotQueries(db: InboxDb) {
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
      .where(and(eq(conversations.contactId, p("contactId")), eq(conversations.status, "open")))
      .prepare(),
    recordInbound: db
      .update(conversations)
      .set({
        windowExpiresAt: sql`${p("windowExpiresAt")}`,
        lastActivityAt: sql`${p("lastActivityAt")}`,
        lastSnippet: sql`${p("snippet")}`,
      })
      .where(eq(conversations.id, p("id")))
      .returning()
      .prepare(),
  };
}

export type HotQueries = ReturnType<typeof prepareHotQueries>;
