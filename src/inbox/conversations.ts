// Finding, creating and reopening a customer's conversation (SPEC §2). The partial unique index
// conversations_one_open_per_contact guarantees at most one open conversation per customer; this code
// runs inside the event's transaction, so the lookup and the insert cannot interleave with another event.
import { and, desc, eq } from "drizzle-orm";
import { reopenOwnership, shouldReopen } from "../domain/lifecycle.js";
import { activityAfter } from "../domain/message-time.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import { conversationEvents, conversations, staff, teams } from "../store/schema.js";

export type ConversationRow = typeof conversations.$inferSelect;

export type ConversationOpening =
  | { outcome: "existing"; conversation: ConversationRow }
  | { outcome: "created"; conversation: ConversationRow }
  | { outcome: "reopened"; conversation: ConversationRow; previous: ConversationRow };

export function openConversationOf(tx: InboxDb, contactId: number): ConversationRow | undefined {
  return tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), eq(conversations.status, "open")))
    .get();
}

export function latestConversationOf(tx: InboxDb, contactId: number): ConversationRow | undefined {
  return tx
    .select()
    .from(conversations)
    .where(eq(conversations.contactId, contactId))
    .orderBy(desc(conversations.id))
    .limit(1)
    .get();
}

/**
 * Where a reopened conversation goes (SPEC §2, decided by domain/lifecycle): its previous owner when
 * still active and not away; else its team queue; else New.
 */
export function reopenedOwnership(
  tx: InboxDb,
  conv: Pick<ConversationRow, "assigneeId" | "previousAssigneeId" | "teamId">,
): { assigneeId: number | null; teamId: number | null } {
  const previousAssigneeId = conv.assigneeId ?? conv.previousAssigneeId;
  const owner =
    previousAssigneeId === null
      ? undefined
      : tx.select().from(staff).where(eq(staff.id, previousAssigneeId)).get();
  return reopenOwnership({
    previousAssigneeId,
    previousOwnerAvailable: owner?.active === true && !owner.away,
    teamId: conv.teamId,
  });
}

/**
 * The open conversation for this customer: the current one, their last one reopened, or a new one.
 * `sentAt` is the time of the customer's message (domain/message-time.ts): a conversation it opens or
 * reopens is active from then, on the same clock as every later message, not from when it was processed.
 */
export function ensureOpenConversation(
  tx: InboxDb,
  contactId: number,
  at: { now: number; sentAt: number },
  reopenWindowHours: number,
): ConversationOpening {
  const { now, sentAt } = at;
  const q = hot(tx);
  const open = q.openConversationOf.get({ contactId });
  if (open) return { outcome: "existing", conversation: open };

  const last = q.latestConversationOf.get({ contactId });
  if (last && shouldReopen(last.closedAt, now, reopenWindowHours)) {
    const ownership = reopenedOwnership(tx, last);
    const reopened = tx
      .update(conversations)
      .set({
        status: "open",
        closedAt: null,
        assigneeId: ownership.assigneeId,
        teamId: ownership.teamId,
        previousAssigneeId: last.assigneeId ?? last.previousAssigneeId,
        lastActivityAt: activityAfter(last.lastActivityAt, sentAt),
      })
      .where(eq(conversations.id, last.id))
      .returning()
      .get();
    tx.insert(conversationEvents)
      .values({
        conversationId: last.id,
        actorStaffId: null,
        action: "reopened",
        fromValue: "closed",
        toValue: ownerLabel(tx, ownership),
        note: "customer wrote again",
        at: now,
      })
      .run();
    return { outcome: "reopened", conversation: reopened, previous: last };
  }

  const created = q.insertConversation.get({ contactId, now, lastActivityAt: activityAfter(null, sentAt) });
  if (!created) throw new Error("conversation insert returned nothing");
  q.insertSystemEvent.run({
    conversationId: created.id,
    action: "created",
    from: null,
    to: "New",
    note: null,
    now,
  });
  return { outcome: "created", conversation: created };
}

/** How history shows an owner: "@maria", "team sales" or "New". */
export function ownerLabel(tx: InboxDb, o: { assigneeId: number | null; teamId: number | null }): string {
  if (o.assigneeId !== null) {
    const row = tx.select({ handle: staff.handle }).from(staff).where(eq(staff.id, o.assigneeId)).get();
    return row ? `@${row.handle}` : `staff ${o.assigneeId}`;
  }
  if (o.teamId !== null) {
    const row = tx.select({ name: teams.name }).from(teams).where(eq(teams.id, o.teamId)).get();
    return row ? `team ${row.name}` : `team ${o.teamId}`;
  }
  return "New";
}
