import { activityAfter, awaitingAfter, messageTime } from "../domain/message-time.js";
import { windowExpiry } from "../domain/window.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { messages } from "../store/schema.js";
import type { InboundMessage } from "../whatsapp/updates.js";
import {
  type ConversationRow,
  ensureOpenConversation,
  latestConversationOf,
  openConversationOf,
} from "./conversations.js";
import { type ContactRow, linkChangedNumber, upsertContact } from "./identities.js";
import type { Notifier } from "./notifier.js";
import { messageSnippet } from "./snippet.js";

export type CustomerMessageContext = {
  now: number;
  /** When the webhook carrying this message was stored: caps the message's own timestamp. */
  receivedAt: number;
  reopenWindowHours: number;
  notifier: Notifier;
};

export type MessageOutcome = "duplicate" | "stored";

export function isDuplicateMessage(tx: InboxDb, dedupKey: string): boolean {
  return hot(tx).messageIdByDedupKey.get({ key: dedupKey }) !== undefined;
}

/** Keeps a message that belongs to no conversation (a group message we do not act on). */
export function recordUnroutedMessage(
  tx: InboxDb,
  msg: InboundMessage,
  ctx: { now: number; receivedAt: number },
): void {
  tx.insert(messages)
    .values({
      direction: "in",
      dedupKey: msg.dedupKey,
      wamid: msg.id,
      type: msg.type,
      subtype: msg.subtype,
      text: msg.text,
      timestamp: messageTime(msg.timestamp, ctx.receivedAt),
      raw: JSON.stringify(msg.raw),
      createdAt: ctx.now,
    })
    .run();
}

/** The caller has checked isDuplicateMessage in the same transaction. */
export function applyCustomerMessage(
  tx: InboxDb,
  msg: InboundMessage,
  ctx: CustomerMessageContext,
): MessageOutcome {
  let contact = upsertContact(tx, msg.from, ctx.now);

  // A number change and a reaction are not the customer writing to us: they attach to the conversation
  // they belong to, and neither open a conversation nor move the window.
  if (msg.type === "system" || msg.type === "reaction") {
    if (msg.changedTo) contact = linkChangedNumber(tx, contact, msg.changedTo, ctx.now);
    const conv = openConversationOf(tx, contact.id) ?? latestConversationOf(tx, contact.id);
    insertInbound(tx, msg, contact, conv?.id ?? null, ctx);
    return "stored";
  }

  const sentAt = messageTime(msg.timestamp, ctx.receivedAt);
  const opening = ensureOpenConversation(tx, contact.id, { now: ctx.now, sentAt }, ctx.reopenWindowHours);
  const expiry = windowExpiry(msg.timestamp, ctx.receivedAt);
  const snippet = messageSnippet(msg.type, msg.subtype, msg.text);
  // The customer now waits for an answer, since this message or an older unanswered one (SPEC §4).
  const awaitingReplySince = awaitingAfter(opening.conversation.awaitingReplySince, sentAt);
  const changes = {
    id: opening.conversation.id,
    // Only an inbound customer message moves the window, and never backwards (SPEC §3): an older
    // message delivered late must not shorten it.
    windowExpiresAt: Math.max(opening.conversation.windowExpiresAt ?? 0, expiry),
    lastActivityAt: activityAfter(opening.conversation.lastActivityAt, sentAt),
    snippet,
  };
  const conv: ConversationRow | undefined =
    awaitingReplySince === opening.conversation.awaitingReplySince
      ? hot(tx).recordInboundStillWaiting.get(changes)
      : hot(tx).recordInbound.get({ ...changes, awaitingReplySince });
  if (!conv) throw new Error(`conversation ${opening.conversation.id} vanished inside its transaction`);
  const messageId = insertInbound(tx, msg, contact, conv.id, ctx);
  ctx.notifier.customerMessage(tx, {
    outcome: opening.outcome,
    conversation: conv,
    contact,
    messageId,
    message: msg,
    snippet,
    now: ctx.now,
  });
  return "stored";
}

function insertInbound(
  tx: InboxDb,
  msg: InboundMessage,
  contact: ContactRow,
  conversationId: number | null,
  ctx: CustomerMessageContext,
): number {
  const row = hot(tx).insertInbound.get({
    conversationId,
    dedupKey: msg.dedupKey,
    wamid: msg.id,
    contactId: contact.id,
    type: msg.type,
    subtype: msg.subtype,
    text: msg.text,
    mediaId: msg.media?.id ?? null,
    mediaMime: msg.media?.mimeType ?? null,
    mediaSha256: msg.media?.sha256 ?? null,
    mediaFilename: msg.media?.filename ?? null,
    quotedWamid: msg.quotedId,
    timestamp: messageTime(msg.timestamp, ctx.receivedAt),
    raw: JSON.stringify(msg.raw),
    now: ctx.now,
  });
  if (!row) throw new Error("message insert returned nothing");
  return row.id;
}
