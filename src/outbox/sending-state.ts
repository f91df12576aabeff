// The outbox's health as /healthz reports it (SPEC §7), and the shared "stopped" switch that an auth,
// permission or billing error throws (SPEC §8). The switch lives in SQLite so that every dispatcher of this
// number (a second process, a Durable Object alarm) sees it.
import { and, eq, isNotNull, min, type SQL, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { outbox, sendingState } from "../store/schema.js";

const STATE_ROW = 1;

export type OutboxCounts = { pending: number; held: number; failed: number };

/**
 * `pending` includes rows being sent right now (leased): both are "not yet delivered to Meta". One count
 * per partial index (outbox_due, outbox_held, outbox_failed), with literal statuses: a bound status, or
 * one GROUP BY over all four, walks every row ever sent, so /healthz would slow down as history grows.
 */
export function outboxCounts(db: InboxDb): OutboxCounts {
  const count = (where: SQL) =>
    db.select({ n: sql<number>`count(*)` }).from(outbox).where(where).get()?.n ?? 0;
  return {
    pending: count(sql`${outbox.status} in ('pending', 'sending')`),
    held: count(sql`${outbox.status} = 'held'`),
    failed: count(sql`${outbox.status} = 'failed'`),
  };
}

export type SendingStatus = { sending: "ok" } | { sending: "stopped"; reason: string; since: number | null };

export function sendingStatus(db: InboxDb): SendingStatus {
  const row = db.select().from(sendingState).where(eq(sendingState.id, STATE_ROW)).get();
  if (row === undefined || row.state === "ok") return { sending: "ok" };
  return { sending: "stopped", reason: row.reason ?? "stopped", since: row.since };
}

export function stopSending(db: InboxDb, input: { now: number; reason: string }): void {
  db.insert(sendingState)
    .values({ id: STATE_ROW, state: "stopped", reason: input.reason, since: input.now })
    .onConflictDoUpdate({
      target: sendingState.id,
      set: { state: "stopped", reason: input.reason, since: input.now },
    })
    .run();
}

/**
 * Clears a stop. The runtime calls it at start: a stop means the token or billing was bad, fixing that
 * means a new token in the environment, and that means a restart.
 */
export function resumeSending(db: InboxDb, now: number): void {
  db.insert(sendingState)
    .values({ id: STATE_ROW, state: "ok", reason: null, since: now })
    .onConflictDoUpdate({ target: sendingState.id, set: { state: "ok", reason: null, since: now } })
    .run();
}

/**
 * The earliest time a row becomes due (a pending row's next attempt, or a leased row's lease expiry);
 * null when nothing waits. A Durable Object sets its alarm to it.
 */
export function nextDueAt(db: InboxDb): number | null {
  // Literal statuses for the partial index outbox_due, as in outboxCounts (bound, it walks every row).
  const due = sql`${outbox.status} in ('pending', 'sending')`;
  const pending = db
    .select({ at: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(due, sql`${outbox.status} = 'pending'`))
    .get();
  const leased = db
    .select({ at: min(outbox.leaseUntil) })
    .from(outbox)
    .where(and(due, sql`${outbox.status} = 'sending'`, isNotNull(outbox.leaseUntil)))
    .get();
  const times = [pending?.at, leased?.at].filter((t): t is number => typeof t === "number");
  return times.length === 0 ? null : Math.min(...times);
}
