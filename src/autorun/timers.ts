// Timers as rows (SPEC §13: "every timer is stored in the database"). One row per (kind, conversation):
// arming it again with the same generation changes nothing, so a reminder that fired stays fired; a new
// generation (a new follow-up clock, a new window, a new closed stretch) re-arms it. Firing marks the row
// in the same transaction as what it did, so a crash before the commit fires it again and one after it
// never does.
import { and, asc, eq, inArray, isNull, lte, min, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { timers } from "../store/schema.js";

export type TimerKind = (typeof timers.$inferSelect)["kind"];
export type TimerRow = typeof timers.$inferSelect;

/** Arms (or re-arms, for a new generation) a timer. Returns true when this call armed it. */
export function armTimer(
  tx: InboxDb,
  t: {
    kind: TimerKind;
    conversationId: number;
    generation: number;
    staffId?: number | null;
    dueAt: number;
    now: number;
  },
): boolean {
  const staffId = t.staffId ?? null;
  const row = tx
    .insert(timers)
    .values({
      kind: t.kind,
      conversationId: t.conversationId,
      generation: t.generation,
      staffId,
      stage: 0,
      dueAt: t.dueAt,
      createdAt: t.now,
    })
    .onConflictDoUpdate({
      target: [timers.kind, timers.conversationId],
      set: { generation: t.generation, staffId, stage: 0, dueAt: t.dueAt, firedAt: null, createdAt: t.now },
      setWhere: sql`${timers.generation} != ${t.generation} or ${timers.staffId} is not ${staffId}`,
    })
    .returning({ id: timers.id })
    .get();
  return row !== undefined;
}

export function timerOf(tx: InboxDb, kind: TimerKind, conversationId: number): TimerRow | undefined {
  return tx
    .select()
    .from(timers)
    .where(and(eq(timers.kind, kind), eq(timers.conversationId, conversationId)))
    .get();
}

export function dueTimers(tx: InboxDb, now: number, limit: number): TimerRow[] {
  return tx
    .select()
    .from(timers)
    .where(and(isNull(timers.firedAt), lte(timers.dueAt, now)))
    .orderBy(asc(timers.dueAt), asc(timers.id))
    .limit(limit)
    .all();
}

/** The earliest due time of a timer not yet fired; null when none waits (a Durable Object's alarm). */
export function nextTimerAt(db: InboxDb): number | null {
  return (
    db
      .select({ at: min(timers.dueAt) })
      .from(timers)
      .where(isNull(timers.firedAt))
      .get()?.at ?? null
  );
}

export function markFired(tx: InboxDb, id: number, now: number, stage?: number): void {
  tx.update(timers)
    .set({ firedAt: now, ...(stage === undefined ? {} : { stage }) })
    .where(eq(timers.id, id))
    .run();
}

/** Moves a timer on to its next stage without firing it for good (a follow-up's reminder → hand-back). */
export function rearm(tx: InboxDb, id: number, stage: number, dueAt: number): void {
  tx.update(timers).set({ stage, dueAt }).where(eq(timers.id, id)).run();
}

/**
 * The customer was answered or the conversation closed: its follow-up and window warning have nothing
 * left to do. Marked done now rather than firing as no-ops later (a Durable Object would wake for them).
 */
export function settleConversationTimers(tx: InboxDb, conversationId: number, now: number): void {
  tx.update(timers)
    .set({ firedAt: now })
    .where(
      and(
        eq(timers.conversationId, conversationId),
        inArray(timers.kind, ["follow_up", "window_warning"]),
        isNull(timers.firedAt),
      ),
    )
    .run();
}
