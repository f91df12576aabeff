// Status webhooks for our outbound messages. Every status is kept (keyed, so a redelivery is a no-op);
// the message's own status only moves forward. A status can arrive before the dispatcher has recorded
// the wamid of its send: the outbox applies the recorded statuses when it stores the wamid.
import { and, eq } from "drizzle-orm";
import { advanceStatus } from "../domain/delivery-status.js";
import type { InboxDb } from "../store/db.js";
import { conversations, messageStatuses, messages, outbox } from "../store/schema.js";
import { requestTemplateRefresh } from "../store/template-list.js";
import { isTemplateError, WINDOW_CLOSED_CODE } from "../whatsapp/graph-errors.js";
import type { StatusUpdate } from "../whatsapp/updates.js";
import type { Notifier } from "./notifier.js";

export type StatusOutcome = "duplicate" | "applied" | "unmatched";

export function applyStatus(
  tx: InboxDb,
  update: StatusUpdate,
  ctx: { now: number; notifier: Notifier },
): StatusOutcome {
  const error = update.errors[0];
  const inserted = tx
    .insert(messageStatuses)
    .values({
      wamid: update.id,
      status: update.status,
      participant: update.recipientParticipantId ?? "",
      timestamp: update.timestamp,
      errorCode: error?.code ?? null,
      errorDetail: error ? (error.details ?? error.title) : null,
      receivedAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning({ wamid: messageStatuses.wamid })
    .all();
  if (inserted.length === 0) return "duplicate";

  const message = tx
    .select({ id: messages.id, status: messages.status, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.wamid, update.id), eq(messages.direction, "out")))
    .get();
  if (message) {
    const next = advanceStatus(message.status, update.status);
    if (next !== message.status) {
      tx.update(messages)
        .set({ status: next, statusAt: update.timestamp })
        .where(eq(messages.id, message.id))
        .run();
    }
  }

  if (update.status === "failed") {
    const sent = tx
      .select({
        id: outbox.id,
        conversationId: outbox.conversationId,
        requestedByStaffId: outbox.requestedByStaffId,
        recipientKind: outbox.recipientKind,
      })
      .from(outbox)
      .where(eq(outbox.wamid, update.id))
      .get();
    const windowClosed = update.errors.some((e) => e.code === WINDOW_CLOSED_CODE);
    if (windowClosed && sent?.conversationId) closeWindow(tx, sent.conversationId, ctx.now);
    // A template Meta refused after accepting it: the cached list of approved templates may be stale.
    if (update.errors.some((e) => isTemplateError(e.code))) requestTemplateRefresh(tx, { now: ctx.now });
    if (sent && sent.recipientKind === "customer") {
      ctx.notifier.deliveryFailed(tx, {
        outboxId: sent.id,
        conversationId: sent.conversationId,
        requestedByStaffId: sent.requestedByStaffId,
        windowClosed,
        reason: error
          ? `${error.title}${error.details ? `: ${error.details}` : ""} (${error.code})`
          : "failed",
        now: ctx.now,
      });
    }
  }
  return message ? "applied" : "unmatched";
}

/** Meta said the window is closed (131047): believe it, whatever our own arithmetic said. */
export function closeWindow(tx: InboxDb, conversationId: number, now: number): void {
  const conv = tx
    .select({ windowExpiresAt: conversations.windowExpiresAt })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  if (conv && (conv.windowExpiresAt === null || conv.windowExpiresAt > now)) {
    tx.update(conversations).set({ windowExpiresAt: now }).where(eq(conversations.id, conversationId)).run();
  }
}
