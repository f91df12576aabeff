// Outbound delivery state on `messages` rows: only ever moved forward. Status webhooks can arrive before
// the send's response has been recorded (the wamid is not known yet), so they wait in message_statuses and
// are applied here when the wamid arrives.
import { eq } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { messageStatuses, messages } from "../store/schema.js";

const RANK: Readonly<Record<string, number>> = { pending: 0, sent: 1, delivered: 2, read: 3, played: 4 };

/**
 * The status after applying `next` to `current`: sent < delivered < read < played, and failed is terminal
 * (nothing moves a failed message, and failed overrides any non-failed state).
 */
export function furtherStatus(current: string | null, next: string): string {
  if (current === "failed") return current;
  if (next === "failed") return next;
  const now = current === null ? -1 : (RANK[current] ?? -1);
  const then = RANK[next];
  if (then === undefined) return current ?? next;
  return then > now ? next : (current ?? next);
}

/** Applies every status already recorded for `wamid` to the outbound message rows that carry it. */
export function applyRecordedStatuses(tx: InboxDb, wamid: string): void {
  const recorded = tx
    .select({ status: messageStatuses.status, timestamp: messageStatuses.timestamp })
    .from(messageStatuses)
    .where(eq(messageStatuses.wamid, wamid))
    .all();
  if (recorded.length === 0) return;
  const rows = tx
    .select({ id: messages.id, status: messages.status, statusAt: messages.statusAt })
    .from(messages)
    .where(eq(messages.wamid, wamid))
    .all();
  for (const row of rows) {
    let status = row.status;
    let statusAt = row.statusAt;
    for (const r of recorded) {
      const next = furtherStatus(status, r.status);
      if (next !== status) {
        status = next;
        statusAt = r.timestamp;
      }
    }
    if (status !== row.status)
      tx.update(messages).set({ status, statusAt }).where(eq(messages.id, row.id)).run();
  }
}
