// follow_up or window_warning changed: every waiting conversation's timer follows the new length at
// once, not only conversations a customer writes to next. Runs once per /set, inside its transaction.
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { conversations, timers } from "../store/schema.js";
import type { AutorunConfig } from "./config.js";
import { syncFollowUp } from "./follow-ups.js";
import { syncWindowWarning } from "./window-warnings.js";

export function rearmAll(tx: InboxDb, key: string, cfg: AutorunConfig, now: number): void {
  const kind = key === "follow_up" ? "follow_up" : key === "window_warning" ? "window_warning" : null;
  if (kind === null) return;
  // Armed timers move to the new length (a reminder already sent stays sent: its stage is kept); with
  // the setting off they go. Then the waiting conversations without one get one.
  const pending = and(eq(timers.kind, kind), isNull(timers.firedAt));
  const length = kind === "follow_up" ? cfg.followUpMs : cfg.windowWarningMs;
  if (length === null) {
    tx.delete(timers).where(pending).run();
    return;
  }
  const dueAt =
    kind === "follow_up"
      ? sql`${timers.generation} + (${timers.stage} + 1) * ${length}`
      : sql`${timers.generation} - ${length}`;
  tx.update(timers).set({ dueAt }).where(pending).run();
  const waiting = tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.status, "open"), isNotNull(conversations.awaitingReplySince)))
    .all();
  for (const conv of waiting) {
    if (kind === "follow_up") syncFollowUp(tx, conv, cfg, now);
    else syncWindowWarning(tx, conv, cfg, now);
  }
}
