// Status webhooks can arrive before the send's response has been recorded (the wamid is not known yet).
// inbox/statuses.ts parks them in message_statuses; this applies them when the dispatcher stores the wamid,
// through the same forward-only rule (domain advanceStatus) so the end state does not depend on which
// side saw the status first.
import { asc, eq } from "drizzle-orm";
import { advanceStatus, isOutboundStatus } from "../domain/delivery-status.js";
import type { InboxDb } from "../store/db.js";
import { messageStatuses, messages } from "../store/schema.js";

/** Applies every status already recorded for `wamid` to the outbound message rows that carry it. */
export function applyRecordedStatuses(tx: InboxDb, wamid: string): void {
  const recorded = tx
    .select({ status: messageStatuses.status, timestamp: messageStatuses.timestamp })
    .from(messageStatuses)
    .where(eq(messageStatuses.wamid, wamid))
    .orderBy(asc(messageStatuses.timestamp), asc(messageStatuses.receivedAt))
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
      if (!isOutboundStatus(r.status)) continue;
      const next = advanceStatus(status, r.status);
      if (next !== status) {
        status = next;
        statusAt = r.timestamp;
      }
    }
    if (status !== row.status)
      tx.update(messages).set({ status, statusAt }).where(eq(messages.id, row.id)).run();
  }
}
