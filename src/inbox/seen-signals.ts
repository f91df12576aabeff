// "Seen by a person" (SPEC §12, §17 item 6): when a conversation gets a new owner, and when its owner's
// reply goes out, the customer's last message is marked read; with the typing indicator only when the
// new owner took it themselves. Nothing is marked read on arrival: a blue tick means a person has it.
//
// A mark is an outbox row like any send (purpose "read", payload `{ type: "read", message_id, typing }`),
// written in the transaction of the change that caused it; the dispatcher turns it into Meta's
// `POST /messages` with `status: "read"` (graph-client.ts markRead). Setting `seen_signals off` stops it.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { contacts, conversations, messages, outbox } from "../store/schema.js";

export const READ_PURPOSE = "read";

/** The stored payload of a mark; never a Graph message body (the dispatcher reads it, see markOf). */
export type ReadMark = { type: "read"; message_id: string; typing: boolean };

export function seenSignalsOn(tx: InboxDb): boolean {
  return hot(tx).settingValue.get({ key: "seen_signals" })?.value !== "off";
}

/** Message types a customer writes; reactions and system notices are not "their last message". */
const WRITTEN = [
  "text",
  "image",
  "video",
  "audio",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "order",
];

/**
 * Queues the mark for the customer's last message in this conversation. `typing`: the new owner took it
 * themselves (the customer then sees someone typing). A mark without typing for a message already
 * marked is left out (the inbound message's status says so). Returns whether a mark was queued.
 */
export function markSeen(
  tx: InboxDb,
  input: { conversationId: number; now: number; typing: boolean },
): boolean {
  if (!seenSignalsOn(tx)) return false;
  const last = tx
    .select({
      id: messages.id,
      wamid: messages.wamid,
      status: messages.status,
      waId: contacts.waId,
      bsuid: contacts.bsuid,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(
      and(
        eq(messages.conversationId, input.conversationId),
        eq(messages.direction, "in"),
        inArray(messages.type, WRITTEN),
      ),
    )
    .orderBy(desc(messages.id))
    .limit(1)
    .get();
  const recipient = last?.waId ?? last?.bsuid ?? null;
  if (!last?.wamid || recipient === null) return false;
  // An inbound message's status is otherwise unused: "read" here remembers that we marked it.
  if (!input.typing && last.status === "read") return false;
  tx.update(messages).set({ status: "read", statusAt: input.now }).where(eq(messages.id, last.id)).run();
  const mark: ReadMark = { type: "read", message_id: last.wamid, typing: input.typing };
  tx.insert(outbox)
    .values({
      recipient,
      recipientKind: "customer",
      conversationId: input.conversationId,
      purpose: READ_PURPOSE,
      payload: JSON.stringify(mark),
      status: "pending",
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .run();
  return true;
}

/** The mark a stored payload holds, or null when it is a message to send. */
export function markOf(message: { type: string } & Record<string, unknown>): ReadMark | null {
  if (message.type !== "read" || typeof message.message_id !== "string") return null;
  return { type: "read", message_id: message.message_id, typing: message.typing === true };
}
