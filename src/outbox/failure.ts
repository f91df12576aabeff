// Failing outbox rows for good, and telling the staff member who asked for the send (SPEC §4: "a refusal or
// a failed delivery always gets an answer"). Runs inside a short dispatcher transaction.
import { and, eq, gt, inArray } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { conversations, messages, outbox, staff } from "../store/schema.js";
import type { Catalog } from "../texts/catalog.js";
import { inboxTexts } from "../texts/stored-language.js";
import { enqueueToStaff } from "./enqueue.js";
import { describeMessage, parsePayload, textMessage, truncate } from "./payload.js";

export type OutboxRow = typeof outbox.$inferSelect;

export type WindowClosedInfo = {
  outboxId: number;
  conversationId: number;
  requestedByStaffId: number | null;
};

/**
 * A row that ended without anyone being told through a notice: no requester to tell (an answer, a notice,
 * a group message), or the requester is gone. `held`: a staff member's message that ran out of retries,
 * kept for that person's next message (their held summary) instead of being failed. The dispatcher logs
 * each one, so no row ends silently.
 */
export type UnheardFailure = {
  outboxId: number;
  purpose: string;
  recipientKind: string;
  held: boolean;
  reason: string;
};

/** Why a row failed, as the requester reads it. */
export type FailureKind =
  | { kind: "window_closed_before_send" }
  | { kind: "window_closed_by_meta" }
  | { kind: "gave_up"; attempts: number; reason: string }
  | { kind: "rejected"; reason: string }
  /** Meta's 132000 range: the template is not what it approved as called. */
  | { kind: "template_rejected"; reason: string };

function quoted(row: OutboxRow): string {
  const message = parsePayload(row.payload);
  const text = message === null ? null : describeMessage(message).text;
  return text === null || text === "" ? "" : ` ("${truncate(text.replace(/\s+/g, " "), 60)}")`;
}

/** The notice starts with #N whenever the row is about a conversation (SPEC §6: quote-replies find it). */
export function failureNotice(t: Catalog, row: OutboxRow, failure: FailureKind): string {
  const n = row.conversationId === null ? null : `#${row.conversationId}`;
  const said = { tag: n ?? t.messageTag(), quoted: quoted(row) };
  switch (failure.kind) {
    case "window_closed_before_send":
      return t.failedWindowBeforeSend({ ...said, use: t.useTemplateFor({ n }) });
    case "window_closed_by_meta":
      return t.failedWindowByMeta({ ...said, use: t.useTemplateFor({ n }) });
    case "gave_up":
      return t.failedGaveUp({ ...said, attempts: failure.attempts, reason: failure.reason });
    case "rejected":
      return t.failedRejected({ ...said, reason: failure.reason });
    case "template_rejected":
      return t.failedTemplateRejected({ ...said, reason: failure.reason });
  }
}

function reasonOf(failure: FailureKind): string {
  switch (failure.kind) {
    case "window_closed_before_send":
      return "window closed";
    case "window_closed_by_meta":
      return "Meta 131047: the customer's 24-hour window is closed";
    case "gave_up":
      return `gave up after ${failure.attempts} attempts: ${failure.reason}`;
    case "rejected":
    case "template_rejected":
      return failure.reason;
  }
}

/**
 * Marks the rows failed (and their outbound messages rows), closes the conversation's window when Meta
 * said 131047, and tells each requester. Notices carry no requester themselves, so a failed notice never
 * produces another notice: a message to a staff member that ran out of retries (a failure notice, the
 * answer to a command, a notification) is held for their next message instead, like a notice that waits
 * for their window (releaseHeld). Rows nobody is told about are added to `ctx.unheard`, for the log.
 */
export function failRows(
  tx: InboxDb,
  rows: OutboxRow[],
  failure: FailureKind,
  ctx: {
    now: number;
    notifyTemplate: string | null;
    attempts?: (row: OutboxRow) => number;
    unheard?: UnheardFailure[];
  },
): WindowClosedInfo[] {
  const { now } = ctx;
  const closed: WindowClosedInfo[] = [];
  const reason = reasonOf(failure);
  for (const row of rows) {
    const unheard = (held: boolean) =>
      ctx.unheard?.push({
        outboxId: row.id,
        purpose: row.purpose,
        recipientKind: row.recipientKind,
        held,
        reason,
      });
    if (
      failure.kind === "gave_up" &&
      holdForNextMessage(tx, row, reason, ctx.attempts?.(row) ?? row.attempts)
    ) {
      unheard(true);
      continue;
    }
    tx.update(outbox)
      .set({
        status: "failed",
        lastError: reason,
        leaseUntil: null,
        attempts: ctx.attempts?.(row) ?? row.attempts,
      })
      .where(eq(outbox.id, row.id))
      .run();
    tx.update(messages)
      .set({ status: "failed", statusAt: now })
      .where(and(eq(messages.dedupKey, `out:${row.id}`), inArray(messages.status, ["pending", "sending"])))
      .run();
    if (failure.kind === "window_closed_by_meta" && row.conversationId !== null) {
      // Meta knows better than our clock (its "rare known issue", reference §5): the window is closed now.
      tx.update(conversations)
        .set({ windowExpiresAt: now })
        .where(and(eq(conversations.id, row.conversationId), gt(conversations.windowExpiresAt, now)))
        .run();
      closed.push({
        outboxId: row.id,
        conversationId: row.conversationId,
        requestedByStaffId: row.requestedByStaffId,
      });
    }
    if (!tellRequester(tx, row, failureNotice(inboxTexts(tx), row, failure), ctx)) unheard(false);
  }
  return closed;
}

/**
 * A staff member's message that ran out of retries (Meta or the network failed it for half an hour or
 * more) waits for their next message, when it goes out in their held summary. Only while they are on
 * the staff list; a template (their window was closed) is kept as the text it carried.
 */
function holdForNextMessage(tx: InboxDb, row: OutboxRow, reason: string, attempts: number): boolean {
  if (row.recipientKind !== "staff" || row.staffId === null) return false;
  const person = tx.select({ active: staff.active }).from(staff).where(eq(staff.id, row.staffId)).get();
  if (person === undefined || !person.active) return false;
  const message = parsePayload(row.payload);
  if (message === null) return false;
  const payload =
    message.type === "text"
      ? row.payload
      : JSON.stringify(textMessage(describeMessage(message).text ?? "(a notification)"));
  tx.update(outbox)
    .set({
      status: "held",
      payload,
      attempts,
      leaseUntil: null,
      lastError: `held for their next message: ${reason}`,
    })
    .where(eq(outbox.id, row.id))
    .run();
  return true;
}

/** Enqueues the failure notice; false when there is nobody to tell. */
function tellRequester(
  tx: InboxDb,
  row: OutboxRow,
  text: string,
  ctx: { now: number; notifyTemplate: string | null },
): boolean {
  if (row.requestedByStaffId === null) return false;
  const requester = tx
    .select({
      id: staff.id,
      waId: staff.waId,
      bsuid: staff.bsuid,
      phone: staff.phone,
      windowExpiresAt: staff.windowExpiresAt,
      active: staff.active,
    })
    .from(staff)
    .where(eq(staff.id, row.requestedByStaffId))
    .get();
  if (requester === undefined || !requester.active) return false;
  enqueueToStaff(tx, {
    now: ctx.now,
    staff: requester,
    text,
    conversationId: row.conversationId,
    purpose: "notify",
    notifyTemplate: ctx.notifyTemplate,
  });
  return true;
}
