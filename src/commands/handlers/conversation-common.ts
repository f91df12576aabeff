// What the conversation and reply handlers share: the guarded state write, history labels, the policy
// check with its #N, and the lines a notification about a conversation carries.
import { and, desc, eq, sql } from "drizzle-orm";
import type { HistoryEntry, Ownership, StateProblem } from "../../domain/lifecycle.js";
import { activityAfter } from "../../domain/message-time.js";
import { type Action, type ConversationFacts, decide } from "../../domain/policy.js";
import { formatWindow, windowState } from "../../domain/window.js";
import { type ConversationRow, openConversationOf, ownerLabel } from "../../inbox/conversations.js";
import { contactLabel, contactWithNumber } from "../../inbox/identities.js";
import { messageSnippet } from "../../inbox/snippet.js";
import { conversations, messages } from "../../store/schema.js";
import { type CommandContext, commandTime, Refusal } from "../context.js";
import { allow, type ConversationView, facts, recordHistory, teamName, textsOf } from "../lookup.js";

/**
 * The policy's answer, prefixed with #N: every bot message about a conversation starts with it (SPEC §6),
 * and a quote-reply refusal must say which conversation the text was not sent to.
 */
export function allowOn(ctx: CommandContext, conversationId: number, action: Action): void {
  try {
    allow(ctx, action, conversationId);
  } catch (error) {
    if (error instanceof Refusal) throw new Refusal(`#${conversationId} ${error.answer}`);
    throw error;
  }
}

/**
 * "Not possible in this state" (lifecycle.ts), kept apart from the policy's "Not allowed", in the
 * reader's language. "/reopen it first" is advised only to someone the policy lets reopen it.
 */
export function stateRefusal(
  ctx: CommandContext,
  conv: ConversationRow,
  problem: StateProblem,
  doing: "change" | "write" = "change",
): Refusal {
  const t = textsOf(ctx);
  const mayReopen = () => decide(ctx.actor.facts, { kind: "reopen", conv: facts(conv) }, ctx.settings).ok;
  const sentence: Record<StateProblem, () => string> = {
    already_assigned: t.stateAlreadyTheirs,
    already_in_queue: t.stateAlreadyInQueue,
    assignee_away: t.stateAssigneeAway,
    not_assigned: t.stateNotAssigned,
    closed: () => {
      if (!mayReopen()) return t.stateClosedNoReopen();
      return doing === "write" ? t.stateClosedWrite({ n: conv.id }) : t.stateClosed();
    },
    already_closed: t.stateAlreadyClosed,
    already_open: t.stateAlreadyOpen,
  };
  return new Refusal(`#${conv.id} ${sentence[problem]()}`);
}

/**
 * Writes a transition with ONE conditional UPDATE guarded on the state the handler read: if anything
 * moved the conversation in between (a stale read, a second process), nothing is written and the person
 * is asked to look again, so a conversation is never assigned twice from one picture of it.
 */
export function writeState(
  ctx: CommandContext,
  read: ConversationRow,
  next: ConversationFacts,
): ConversationRow {
  let closedAt: number | null = null;
  if (next.status === "closed") closedAt = read.status === "closed" ? read.closedAt : ctx.now;
  const row = ctx.tx
    .update(conversations)
    .set({
      status: next.status,
      assigneeId: next.assigneeId,
      teamId: next.teamId,
      previousAssigneeId: next.previousAssigneeId,
      closedAt,
      // A closed conversation waits for nobody: if the customer writes again, they wait from then.
      ...(next.status === "closed" ? { awaitingReplySince: null } : {}),
      // A change is activity: the views sort by "last message either way, or last change" (SPEC §4).
      lastActivityAt: activityAfter(read.lastActivityAt, commandTime(ctx)),
    })
    .where(
      and(
        eq(conversations.id, read.id),
        eq(conversations.status, read.status),
        sql`${conversations.assigneeId} is ${read.assigneeId}`,
        sql`${conversations.teamId} is ${read.teamId}`,
      ),
    )
    .returning()
    .get();
  if (!row) throw new Refusal(textsOf(ctx).changedMeanwhile({ n: read.id }));
  return row;
}

/**
 * Replies and templates are activity too; the window is not (only the customer moves it, SPEC §3). They
 * answer the customer, who then waits for nobody (the order of New and the queues, SPEC §4).
 */
export function touchActivity(ctx: CommandContext, conv: ConversationRow): void {
  ctx.tx
    .update(conversations)
    .set({ lastActivityAt: activityAfter(conv.lastActivityAt, commandTime(ctx)), awaitingReplySince: null })
    .where(eq(conversations.id, conv.id))
    .run();
}

/** The lifecycle's history entries as rows: from → to as "New", "@maria", "team sales" or "closed". */
export function recordTransition(
  ctx: CommandContext,
  conversationId: number,
  history: readonly HistoryEntry[],
  note: string | null = null,
): void {
  const label = (side: Ownership | "closed") => (side === "closed" ? side : ownerLabel(ctx.tx, side));
  for (const entry of history) {
    recordHistory(ctx, conversationId, {
      action: entry.action,
      from: label(entry.from),
      to: label(entry.to),
      note,
    });
  }
}

/**
 * Where a conversation sits, as people read it: "@maria (team sales)", "the team sales queue", "New";
 * "you (team sales)" in the answer to the person who now owns it.
 */
export function placeOf(ctx: CommandContext, o: Ownership, reader: number | null = null): string {
  const t = textsOf(ctx);
  const team = o.teamId === null ? null : (teamName(ctx.tx, o.teamId) ?? `${o.teamId}`);
  if (o.assigneeId !== null) {
    const owner =
      o.assigneeId === reader ? t.you() : ownerLabel(ctx.tx, { assigneeId: o.assigneeId, teamId: null });
    return t.placeOwner({ owner, team });
  }
  return team === null ? t.placeNew() : t.placeQueue({ team });
}

/** The window, and the way out when it is closed (SPEC §3: never silently broken). */
export function windowAdvice(ctx: CommandContext, conv: ConversationRow): string {
  const t = textsOf(ctx);
  const state = windowState(conv.windowExpiresAt, ctx.now);
  const line = formatWindow(state, t);
  return state.open ? line : `${line}. ${t.templateAdvice({ n: conv.id })}`;
}

/** The lines under a notification's first line: who the customer is, what they said last, the window. */
export function detailLines(ctx: CommandContext, view: ConversationView): string[] {
  const { contact, conv } = view;
  const t = textsOf(ctx);
  const lines = [contactWithNumber(contact)];
  const last = ctx.tx
    .select({ type: messages.type, subtype: messages.subtype, text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conv.id), eq(messages.direction, "in")))
    .orderBy(desc(messages.id))
    .limit(1)
    .get();
  if (last) lines.push(t.lastMessage({ snippet: messageSnippet(last.type, last.subtype, last.text) }));
  lines.push(formatWindow(windowState(conv.windowExpiresAt, ctx.now), t));
  return lines;
}

/** One open conversation per customer (a database constraint): reopening must not collide with it. */
export function ensureNoOtherOpen(ctx: CommandContext, view: ConversationView): void {
  // A forgotten customer (/forget) has no address and no words left: their conversations stay closed.
  if (view.contact.forgottenAt !== null)
    throw new Refusal(textsOf(ctx).forgetStaysClosed({ n: view.conv.id }));
  const open = openConversationOf(ctx.tx, view.conv.contactId);
  if (open && open.id !== view.conv.id) {
    throw new Refusal(
      textsOf(ctx).otherOpen({ n: view.conv.id, customer: contactLabel(view.contact), open: open.id }),
    );
  }
}
