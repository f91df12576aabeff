// What /show reads about one conversation besides its row: the latest messages and changes, and pages
// of the whole history, each with the staff handle involved. All walk their (conversation_id, id)
// index: backwards from the newest for the latest, forwards for a page of history.
import { and, asc, count, desc, eq, notInArray } from "drizzle-orm";
import type { InboxDb } from "./db.js";
import { conversationEvents, messages, staff } from "./schema.js";

export type DetailMessage = {
  direction: "in" | "out";
  type: string;
  subtype: string | null;
  text: string | null;
  status: string | null;
  timestamp: number;
  staffHandle: string | null;
  /** Media only: its size once the relay has read it, and a document's file name. */
  mediaSize: number | null;
  mediaFilename: string | null;
};

export type DetailEvent = {
  action: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  at: number;
  actorHandle: string | null;
};

/** Oldest first, as they are read; `more` says whether older ones were left out. */
export type Latest<T> = { items: T[]; more: boolean };

function oldestFirst<T>(newestFirst: T[], limit: number): Latest<T> {
  return { items: newestFirst.slice(0, limit).reverse(), more: newestFirst.length > limit };
}

export function latestMessages(tx: InboxDb, conversationId: number, limit: number): Latest<DetailMessage> {
  const rows = tx
    .select({
      direction: messages.direction,
      type: messages.type,
      subtype: messages.subtype,
      text: messages.text,
      status: messages.status,
      timestamp: messages.timestamp,
      staffHandle: staff.handle,
      mediaSize: messages.mediaSize,
      mediaFilename: messages.mediaFilename,
    })
    .from(messages)
    .leftJoin(staff, eq(staff.id, messages.staffId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.id))
    .limit(limit + 1)
    .all();
  return oldestFirst(rows, limit);
}

const eventFields = {
  action: conversationEvents.action,
  fromValue: conversationEvents.fromValue,
  toValue: conversationEvents.toValue,
  note: conversationEvents.note,
  at: conversationEvents.at,
  actorHandle: staff.handle,
};

/** The latest history entries, leaving out the actions in `except` (the summary skips replies). */
export function latestEvents(
  tx: InboxDb,
  conversationId: number,
  limit: number,
  except: readonly string[] = [],
): Latest<DetailEvent> {
  const rows = tx
    .select(eventFields)
    .from(conversationEvents)
    .leftJoin(staff, eq(staff.id, conversationEvents.actorStaffId))
    .where(
      and(
        eq(conversationEvents.conversationId, conversationId),
        except.length > 0 ? notInArray(conversationEvents.action, [...except]) : undefined,
      ),
    )
    .orderBy(desc(conversationEvents.id))
    .limit(limit + 1)
    .all();
  return oldestFirst(rows, limit);
}

export function countEvents(tx: InboxDb, conversationId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(conversationEvents)
      .where(eq(conversationEvents.conversationId, conversationId))
      .get()?.n ?? 0
  );
}

/** `limit` history entries from the `offset`-th, oldest first. */
export function eventsPage(
  tx: InboxDb,
  conversationId: number,
  offset: number,
  limit: number,
): DetailEvent[] {
  return tx
    .select(eventFields)
    .from(conversationEvents)
    .leftJoin(staff, eq(staff.id, conversationEvents.actorStaffId))
    .where(eq(conversationEvents.conversationId, conversationId))
    .orderBy(asc(conversationEvents.id))
    .limit(limit)
    .offset(offset)
    .all();
}
