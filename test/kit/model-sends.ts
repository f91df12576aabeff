// What the model-based test needs to judge the commands that write to a customer (/template and
// quote-replies): which of a step's sends went to customers, what a quoted bot message was, and whose
// customer a conversation belongs to. Read from the outbox and message rows, independently of
// commands/lookup.ts.
import { asc, eq } from "drizzle-orm";
import { contacts, conversations, messages, outbox } from "../../src/store/schema.js";
import type { InboxUnderTest } from "./conversation.js";
import type { Sent } from "./e2e.js";

/** The sends since `from` whose outbox rows were addressed to a customer. */
export function customerSendsSince(t: InboxUnderTest, from: number): Sent[] {
  return t.sent.slice(from).filter((s) =>
    t.db
      .select({ kind: outbox.recipientKind })
      .from(outbox)
      .where(eq(outbox.wamid, s.wamid))
      .all()
      .some((r) => r.kind === "customer"),
  );
}

/** The customer's WhatsApp id (digits) of a conversation; null when there is no such conversation. */
export function customerOf(t: InboxUnderTest, conversationId: number): string | null {
  const row = t.db
    .select({ waId: contacts.waId })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, conversationId))
    .get();
  return row?.waId ?? null;
}

/**
 * A bot message as a quote sees it: "forward" when every outbox row Meta's wamid stands for forwards a
 * message of the customer of one conversation; "none" when no row is a forward; "mixed" otherwise
 * (several conversations, or a forward sent together with other notices).
 */
export type QuotedKind =
  | { kind: "forward"; conversationId: number }
  | { kind: "none" }
  | { kind: "mixed"; conversationId: number | null };

export function quotedKind(t: InboxUnderTest, wamid: string): QuotedKind {
  const rows = t.db
    .select({
      conversationId: outbox.conversationId,
      purpose: outbox.purpose,
      sourceMessageId: outbox.sourceMessageId,
    })
    .from(outbox)
    .where(eq(outbox.wamid, wamid))
    .orderBy(asc(outbox.id))
    .all();
  const forwards = rows.filter((r) => r.purpose === "forward");
  if (forwards.length === 0) return { kind: "none" };
  const first = rows[0]?.conversationId ?? null;
  if (first === null || rows.some((r) => r.conversationId !== first))
    return { kind: "mixed", conversationId: null };
  if (forwards.length < rows.length) return { kind: "mixed", conversationId: first };
  // A forward is of a message that customer wrote, filed in that conversation.
  const customer = customerOf(t, first);
  for (const r of forwards) {
    const source = t.db
      .select({
        contactWaId: contacts.waId,
        conversationId: messages.conversationId,
        dir: messages.direction,
      })
      .from(messages)
      .innerJoin(contacts, eq(contacts.id, messages.contactId))
      .where(eq(messages.id, r.sourceMessageId ?? -1))
      .get();
    if (source?.dir !== "in" || source.contactWaId !== customer || source.conversationId !== first)
      throw new Error(`forward ${wamid} of #${first} is not of a message its customer wrote`);
  }
  return { kind: "forward", conversationId: first };
}
