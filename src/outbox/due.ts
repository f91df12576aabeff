// Which outbox rows are due, whether a due row can be sent at all, and the conditional update that takes
// one. The first steps of a claim run (claim.ts); they decide nothing about pacing or coalescing.
import { and, asc, eq, lt, lte, or, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { conversations, outbox } from "../store/schema.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import { MAX_ATTEMPTS } from "./backoff.js";
import type { FailureKind, OutboxRow } from "./failure.js";
import { parsePayload } from "./payload.js";

export function dueCondition(now: number) {
  return or(
    and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)),
    // A lease that ran out: the process that held it died (or hung) mid-send.
    and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, now)),
  );
}

/** The first `limit` due rows, oldest first. */
export function selectDue(tx: InboxDb, now: number, limit: number): OutboxRow[] {
  return (
    tx
      .select()
      .from(outbox)
      // The status list is implied by dueCondition, but without it SQLite walks the whole outbox in id
      // order (every row ever sent) instead of the partial index outbox_due: each run grows with history.
      // Literal, not bound: only a literal lets SQLite see that the index's WHERE holds.
      .where(and(sql`${outbox.status} in ('pending', 'sending')`, dueCondition(now)))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .all()
  );
}

/**
 * An expired lease counts as an attempt whose outcome is unknown, so a row that kills the process every
 * time it is sent still runs out of attempts.
 */
export function withLeaseCounted(row: OutboxRow): OutboxRow {
  return row.status === "sending" ? { ...row, attempts: row.attempts + 1 } : row;
}

export type Readiness = { ok: true; message: GraphMessage } | { ok: false; failure: FailureKind };

/**
 * Whether a row may go to Meta at all. A row that may not is failed before any token is spent on it; a
 * free-form row is checked against its window again here because the window may have closed since it
 * was written.
 */
export function readiness(row: OutboxRow, windowOpen: (conversationId: number | null) => boolean): Readiness {
  const message = parsePayload(row.payload);
  if (message === null) return { ok: false, failure: { kind: "rejected", reason: "unreadable payload" } };
  if (row.attempts >= MAX_ATTEMPTS) {
    const failure = { kind: "gave_up", attempts: row.attempts, reason: "interrupted while sending" } as const;
    return { ok: false, failure };
  }
  if (row.needsWindow && !windowOpen(row.conversationId)) {
    return { ok: false, failure: { kind: "window_closed_before_send" } };
  }
  return { ok: true, message };
}

export function windowOpen(tx: InboxDb, conversationId: number | null, now: number): boolean {
  if (conversationId === null) return false;
  const c = tx
    .select({ windowExpiresAt: conversations.windowExpiresAt })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  return c?.windowExpiresAt != null && c.windowExpiresAt > now;
}

/** The conditional update is the lock: only one claimer sees the row come back. */
export function claimRow(tx: InboxDb, row: OutboxRow, lease: { now: number; leaseMs: number }): boolean {
  const claimed = tx
    .update(outbox)
    .set({ status: "sending", leaseUntil: lease.now + lease.leaseMs, attempts: row.attempts })
    .where(and(eq(outbox.id, row.id), dueCondition(lease.now)))
    .returning({ id: outbox.id })
    .all();
  return claimed.length === 1;
}
