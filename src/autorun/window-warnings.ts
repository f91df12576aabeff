// Window warnings (SPEC §13, §17.13): when an open conversation's customer is waiting for an answer and
// their 24-hour window closes within window_warning, its owner (or, unowned, whoever hears about New or
// that queue) is told once per window. A new customer message is a new window (a new generation).
import { eq } from "drizzle-orm";
import { formatTimeLeft } from "../domain/window.js";
import type { ConversationRow } from "../inbox/conversations.js";
import { contactLabel } from "../inbox/identities.js";
import { inboxTexts, tellNewQueue, tellStaffById, tellTeam } from "../inbox/staff-notices.js";
import type { InboxDb } from "../store/db.js";
import { contacts, conversations } from "../store/schema.js";
import type { AutorunConfig } from "./config.js";
import type { FireEnv } from "./follow-ups.js";
import { armTimer, markFired, rearm, type TimerRow } from "./timers.js";

export function syncWindowWarning(tx: InboxDb, conv: ConversationRow, cfg: AutorunConfig, now: number): void {
  const w = cfg.windowWarningMs;
  const expires = conv.windowExpiresAt;
  if (w === null || expires === null || conv.status !== "open" || conv.awaitingReplySince === null) return;
  if (expires <= now) return;
  armTimer(tx, {
    kind: "window_warning",
    conversationId: conv.id,
    generation: expires,
    dueAt: expires - w,
    now,
  });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "22:03" in the inbox's time zone. */
export function clockTime(zone: string, instant: number): string {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, format);
  }
  return format.format(instant);
}

export function fireWindowWarning(tx: InboxDb, timer: TimerRow, env: FireEnv): void {
  const { now, cfg } = env;
  const conv = tx.select().from(conversations).where(eq(conversations.id, timer.conversationId)).get();
  const w = cfg.windowWarningMs;
  const expires = conv?.windowExpiresAt ?? null;
  if (
    !conv ||
    w === null ||
    conv.status !== "open" ||
    conv.awaitingReplySince === null ||
    expires !== timer.generation ||
    expires <= now
  ) {
    markFired(tx, timer.id, now); // answered, closed, a new window, or too late to warn
    return;
  }
  if (now < expires - w) {
    rearm(tx, timer.id, 0, expires - w); // window_warning was made shorter since it was armed
    return;
  }
  const t = inboxTexts(tx);
  const contact = tx.select().from(contacts).where(eq(contacts.id, conv.contactId)).get();
  const text = t.windowWarning({
    n: conv.id,
    left: formatTimeLeft(expires - now),
    customer: contact ? contactLabel(contact) : `#${conv.id}`,
    since: clockTime(cfg.timezone, conv.awaitingReplySince),
  });
  const base = { now, conversationId: conv.id, options: env.options };
  if (conv.assigneeId !== null) tellStaffById(tx, conv.assigneeId, text, base);
  else if (conv.teamId !== null) tellTeam(tx, conv.teamId, text, base);
  else tellNewQueue(tx, text, base);
  markFired(tx, timer.id, now);
}
