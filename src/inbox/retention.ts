// RAW_RETENTION_DAYS (SPEC §15): a processed webhook body is deleted that many days after it was filed.
// What it held lives on in the tables it was filed into; the body itself is only kept for looking into a
// problem. A body not yet filed, or failed and waiting for a retry, is never deleted: it is the only copy
// of its updates. Deletion goes in small batches from the Inbox's own loop (Node) or alarm (Durable
// Object), so it never holds the database for long; the partial index raw_events_done finds the oldest.
import { and, asc, eq, inArray, lt, min } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { rawEvents } from "../store/schema.js";

export const DAY_MS = 86_400_000;
/** Rows per batch: a few milliseconds of deleting, so filing and copying never wait long behind it. */
export const RETENTION_BATCH = 200;

/** Deletes up to `limit` processed bodies filed more than `days` ago, oldest first; returns how many. */
export function pruneRawEvents(db: InboxDb, at: { now: number; days: number; limit?: number }): number {
  const cutoff = at.now - at.days * DAY_MS;
  // One statement with a subquery, not a list of ids: a Durable Object binds at most 100 parameters.
  const oldest = db
    .select({ id: rawEvents.id })
    .from(rawEvents)
    .where(and(eq(rawEvents.state, "done"), lt(rawEvents.processedAt, cutoff)))
    .orderBy(asc(rawEvents.processedAt))
    .limit(at.limit ?? RETENTION_BATCH);
  return db.delete(rawEvents).where(inArray(rawEvents.id, oldest)).returning({ id: rawEvents.id }).all()
    .length;
}

/** When the oldest processed body passes the limit (now or earlier: due now); null when none is kept. */
export function retentionDueAt(db: InboxDb, days: number): number | null {
  const row = db
    .select({ at: min(rawEvents.processedAt) })
    .from(rawEvents)
    .where(eq(rawEvents.state, "done"))
    .get();
  return row?.at == null ? null : row.at + days * DAY_MS + 1;
}
