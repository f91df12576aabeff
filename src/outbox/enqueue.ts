// Writing outbox rows. Every function here runs INSIDE the caller's synchronous transaction (DESIGN
// invariant 2): no awaits, no network. So a crash never loses a message for a change that committed and
// never sends one for a change that rolled back (SPEC §8). The dispatcher does the sending later.
import { and, asc, eq, lte } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { conversations, messages, outbox } from "../store/schema.js";
import type { Catalog } from "../texts/catalog.js";
import { en } from "../texts/en.js";
import { inboxTexts } from "../texts/stored-language.js";
import type { GraphMessage } from "../whatsapp/graph-client.js";
import {
  describeMessage,
  fitsTemplate,
  notifyTemplateMessage,
  TEXT_LIMIT,
  textMessage,
  textOfPayload,
  truncate,
} from "./payload.js";

export type CustomerPurpose = "reply" | "template";
export type StaffPurpose = "answer" | "notify" | "forward";

/** The staff fields that decide how a message reaches them (SPEC §3: staff have windows too). */
export type StaffRecipient = {
  id: number;
  waId: string | null;
  bsuid: string | null;
  /** E.164 phone: the address of a staff member who has never written (seeded admins). */
  phone?: string | null;
  windowExpiresAt: number | null;
};

/**
 * A message to a customer, plus its outbound `messages` row (dedupKey `out:<outboxId>`, status
 * "pending") so /show lists it at once; the dispatcher fills in the wamid and moves the status on.
 * `freeForm` rows have the conversation's window checked again right before sending.
 */
export function enqueueToCustomer(
  tx: InboxDb,
  input: {
    now: number;
    conversationId: number;
    recipient: string;
    message: GraphMessage;
    freeForm: boolean;
    requestedByStaffId: number | null;
    purpose: CustomerPurpose;
  },
): { outboxId: number; messageId: number } {
  const { now } = input;
  const row = tx
    .insert(outbox)
    .values({
      recipient: input.recipient,
      recipientKind: "customer",
      conversationId: input.conversationId,
      purpose: input.purpose,
      payload: JSON.stringify(input.message),
      needsWindow: input.freeForm,
      requestedByStaffId: input.requestedByStaffId,
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: outbox.id })
    .get();
  const conversation = tx
    .select({ contactId: conversations.contactId })
    .from(conversations)
    .where(eq(conversations.id, input.conversationId))
    .get();
  const described = describeMessage(input.message);
  const message = tx
    .insert(messages)
    .values({
      conversationId: input.conversationId,
      direction: "out",
      dedupKey: `out:${row.id}`,
      contactId: conversation?.contactId ?? null,
      staffId: input.requestedByStaffId,
      type: described.type,
      text: described.text,
      quotedWamid: described.quotedWamid,
      status: "pending",
      statusAt: now,
      timestamp: now,
      createdAt: now,
    })
    .returning({ id: messages.id })
    .get();
  return { outboxId: row.id, messageId: message.id };
}

export type StaffEnqueueResult = {
  outboxId: number;
  status: "pending" | "held";
  sentAs: "text" | "template";
};

/**
 * A message to one staff member. Open window (or an answer to their own command, which just opened it)
 * → text. Closed → the `notifyTemplate` utility template when configured, else held until they next write
 * (releaseHeld).
 */
export function enqueueToStaff(
  tx: InboxDb,
  input: {
    now: number;
    staff: StaffRecipient;
    text: string;
    conversationId: number | null;
    purpose: StaffPurpose;
    sourceMessageId?: number | null;
    notifyTemplate: string | null;
    /**
     * Reply buttons or a list (interactive.ts) whose fallback is `text`: sent only in the person's open
     * window; a template notice or a held one is the text (SPEC §12).
     */
    interactive?: GraphMessage | null;
  },
): StaffEnqueueResult {
  const { now, staff } = input;
  const windowOpen =
    input.purpose === "answer" || (staff.windowExpiresAt !== null && staff.windowExpiresAt > now);
  // A seeded admin who never wrote has only a phone. A BSUID is the last resort; Meta accepts it for
  // every message type except authentication templates, which these are not (reference §9).
  const recipient = staff.waId ?? staff.phone ?? staff.bsuid ?? "";
  let sentAs: "text" | "template" = "text";
  let status: "pending" | "held" = "pending";
  let message = textMessage(input.text);
  let restHeld = false;
  if (!windowOpen && input.notifyTemplate !== null && recipient !== "") {
    sentAs = "template";
    // A text longer than the template's one parameter is not silently cut (SPEC §16): the template says
    // the rest follows, and the whole text is held for when the person next writes (releaseHeld).
    restHeld = !fitsTemplate(input.text);
    const cutNote = restHeld ? inboxTexts(tx).templateCut() : "";
    message = notifyTemplateMessage(input.notifyTemplate, input.text, cutNote);
  } else if (!windowOpen || recipient === "") {
    status = "held";
  } else if (input.interactive) {
    message = input.interactive;
  }
  // Prepared: a notice or two is written for almost every customer message.
  const row = hot(tx).insertStaffOutbox.get({
    recipient,
    staffId: staff.id,
    conversationId: input.conversationId,
    purpose: input.purpose,
    payload: JSON.stringify(message),
    sourceMessageId: input.sourceMessageId ?? null,
    status,
    now,
  });
  if (!row) throw new Error("outbox insert returned nothing");
  if (restHeld) {
    hot(tx).insertStaffOutbox.get({
      recipient,
      staffId: staff.id,
      conversationId: input.conversationId,
      purpose: input.purpose,
      payload: JSON.stringify(textMessage(input.text)),
      sourceMessageId: input.sourceMessageId ?? null,
      status: "held",
      now,
    });
  }
  return { outboxId: row.id, status, sentAs };
}

/** A notification to the staff group (a Groups API group: text only, no read receipts). */
export function enqueueToGroup(
  tx: InboxDb,
  input: { now: number; groupId: string; text: string; conversationId: number | null },
): { outboxId: number } {
  const row = tx
    .insert(outbox)
    .values({
      recipient: input.groupId,
      recipientKind: "group",
      conversationId: input.conversationId,
      purpose: "notify",
      payload: JSON.stringify(textMessage(input.text)),
      status: "pending",
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: outbox.id })
    .get();
  return { outboxId: row.id };
}

const SUMMARY_ITEM_LIMIT = 1000;

/** "While you were away: …", oldest first, cut to one text message with a "+N more" line. */
export function heldSummary(texts: string[], t: Catalog = en): string {
  const header = t.heldHeader({ count: texts.length });
  const moreLine = (n: number) => t.heldMore({ count: n });
  let body = header;
  let included = 0;
  for (const text of texts) {
    const item = `\n\n${truncate(text, SUMMARY_ITEM_LIMIT)}`;
    const left = texts.length - included - 1;
    const reserve = left > 0 ? `\n\n${moreLine(left)}`.length : 0;
    if (body.length + item.length + reserve > TEXT_LIMIT) break;
    body += item;
    included += 1;
  }
  const rest = texts.length - included;
  return rest > 0 ? `${body}\n\n${moreLine(rest)}` : body;
}

/**
 * Called when a staff member writes (their window just opened): their held notifications become ONE
 * pending summary message, and the held rows are marked sent with a pointer to it, so /healthz's held
 * count drops in the same transaction. A held text too long for the summary (a customer's long message,
 * in parts) is not cut to fit: it goes on its own, whole, right after the summary (SPEC §16). Returns how
 * many were released.
 */
export function releaseHeld(tx: InboxDb, input: { now: number; staffId: number; recipient: string }): number {
  const all = tx
    .select({
      id: outbox.id,
      payload: outbox.payload,
      conversationId: outbox.conversationId,
      purpose: outbox.purpose,
    })
    .from(outbox)
    .where(and(eq(outbox.staffId, input.staffId), eq(outbox.status, "held")))
    .orderBy(asc(outbox.id))
    .all();
  // A photo or document cannot be summarised: it goes on its own, as it came (SPEC §11).
  const isLong = (r: { payload: string; purpose: string }) =>
    r.purpose === "media" || (textOfPayload(r.payload)?.length ?? 0) > SUMMARY_ITEM_LIMIT;
  const whole = all.filter((r) => isLong(r));
  for (const row of whole) {
    tx.update(outbox)
      .set({ status: "pending", recipient: input.recipient, nextAttemptAt: input.now + 1 })
      .where(eq(outbox.id, row.id))
      .run();
  }
  const held = all.filter((r) => !isLong(r));
  if (held.length === 0) return whole.length;
  const texts = held.map((r) => textOfPayload(r.payload) ?? "(a notification)");
  const conversationIds = new Set(held.map((r) => r.conversationId));
  const [only] = [...conversationIds];
  const summary = tx
    .insert(outbox)
    .values({
      recipient: input.recipient,
      recipientKind: "staff",
      staffId: input.staffId,
      // One conversation → a quote-reply to the summary still finds it; several → it is ambiguous.
      conversationId: conversationIds.size === 1 ? (only ?? null) : null,
      purpose: "notify",
      payload: JSON.stringify(textMessage(heldSummary(texts, inboxTexts(tx)))),
      status: "pending",
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .returning({ id: outbox.id })
    .get();
  // The rows read above, named by the same condition rather than by id: a Durable Object's SQLite takes
  // at most 100 bound parameters per statement, and someone can have more held notices than that.
  const lastHeldId = held[held.length - 1]?.id ?? 0;
  const released = tx
    .update(outbox)
    .set({ status: "sent", sentAt: input.now, lastError: `released in summary outbox #${summary.id}` })
    .where(and(eq(outbox.staffId, input.staffId), eq(outbox.status, "held"), lte(outbox.id, lastHeldId)))
    .returning({ id: outbox.id })
    .all();
  return released.length + whole.length;
}
