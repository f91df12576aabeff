// Conversation state transitions (SPEC §2, §4): assign, unassign, close, reopen. Pure: the caller loads
// the facts, asks policy.ts whether the person may act, then asks here whether the change is possible
// and what it is. A refusal here is always INVALID_STATE ("not possible now"), never FORBIDDEN.
//
// Invariants every successful transition keeps (lifecycle.test.ts checks them on random sequences):
// a closed conversation has no assignee (previousAssigneeId remembers who had it, for reopen); an open
// conversation's previousAssigneeId is the owner before the last unassign/close/hand-over; every
// successful transition changes something, so a no-op is reported instead of written to history.
import { type ConversationFacts, ownerOf } from "./policy.js";
import { HOUR_MS } from "./window.js";

export type ConversationState = ConversationFacts;
export type Ownership = { assigneeId: number | null; teamId: number | null };

export type HistoryEntry =
  | { action: "assigned" | "unassigned"; from: Ownership; to: Ownership }
  | { action: "closed"; from: Ownership; to: "closed" }
  | { action: "reopened"; from: "closed"; to: Ownership };

export type StateProblem =
  | "already_assigned"
  | "already_in_queue"
  | "assignee_away"
  | "not_assigned"
  | "closed"
  | "already_closed"
  | "already_open";

/** Messages are sentences without the "#N" prefix: the caller starts every reply with #N (SPEC §6). */
export type Transition =
  | { ok: true; state: ConversationState; history: readonly HistoryEntry[] }
  | { ok: false; code: "INVALID_STATE"; problem: StateProblem; message: string };

export type StateCheck =
  | { ok: true }
  | { ok: false; code: "INVALID_STATE"; problem: StateProblem; message: string };

export type LifecycleTarget =
  | { kind: "staff"; staffId: number; teamIds: readonly number[]; away: boolean }
  | { kind: "team"; teamId: number };

export type AssignContext = { actorId: number; actorTeamIds: readonly number[] };

function refuse(
  problem: StateProblem,
  message: string,
): { ok: false; code: "INVALID_STATE"; problem: StateProblem; message: string } {
  return { ok: false, code: "INVALID_STATE", problem, message };
}

function ownership(state: ConversationState): Ownership {
  return { assigneeId: state.assigneeId, teamId: state.teamId };
}

/**
 * The team a conversation belongs to once it has a new owner. It stays in its team when the new owner is
 * a member; otherwise it follows the owner when that is unambiguous (their only team, or the only team
 * they share with whoever assigned it), so a manager keeps reach over what they hand to their members.
 */
export function teamAfterAssign(
  currentTeamId: number | null,
  assigneeTeamIds: readonly number[],
  preferredTeamIds: readonly number[] = [],
): number | null {
  if (currentTeamId !== null && assigneeTeamIds.includes(currentTeamId)) return currentTeamId;
  const [only, ...more] = assigneeTeamIds;
  if (only !== undefined && more.length === 0) return only;
  const shared = assigneeTeamIds.filter((id) => preferredTeamIds.includes(id));
  const [sharedOnly, ...sharedMore] = shared;
  if (sharedOnly !== undefined && sharedMore.length === 0) return sharedOnly;
  return currentTeamId;
}

/** /assign and /reassign; on a closed conversation it also reopens it (the seed's "Assign to Me"). */
export function assignConversation(
  conv: ConversationState,
  target: LifecycleTarget,
  ctx: AssignContext,
): Transition {
  const closed = conv.status === "closed";
  let next: ConversationState;
  if (target.kind === "staff") {
    const self = target.staffId === ctx.actorId;
    if (!closed && conv.assigneeId === target.staffId) {
      return refuse("already_assigned", self ? "It is already yours." : "It is already assigned to them.");
    }
    // Away staff get no new work (SPEC §4); taking something yourself while away is your own choice.
    if (target.away && !self) {
      return refuse("assignee_away", "They are away and get no new work until they send /back.");
    }
    next = {
      status: "open",
      assigneeId: target.staffId,
      teamId: teamAfterAssign(conv.teamId, target.teamIds, ctx.actorTeamIds),
      previousAssigneeId: closed ? conv.previousAssigneeId : (conv.assigneeId ?? conv.previousAssigneeId),
    };
  } else {
    if (!closed && conv.assigneeId === null && conv.teamId === target.teamId) {
      return refuse("already_in_queue", "It is already waiting in that team's queue.");
    }
    next = {
      status: "open",
      assigneeId: null,
      teamId: target.teamId,
      previousAssigneeId: closed ? conv.previousAssigneeId : (conv.assigneeId ?? conv.previousAssigneeId),
    };
  }
  const history: HistoryEntry[] = closed
    ? [{ action: "reopened", from: "closed", to: ownership(next) }]
    : [{ action: "assigned", from: ownership(conv), to: ownership(next) }];
  return { ok: true, state: next, history };
}

/** Back to the team queue, or to New when there is no team. */
export function unassignConversation(conv: ConversationState): Transition {
  if (conv.status === "closed") return refuse("closed", "It is closed; /reopen it first.");
  if (conv.assigneeId === null)
    return refuse("not_assigned", "Nobody owns it, so there is nothing to unassign.");
  const next: ConversationState = { ...conv, assigneeId: null, previousAssigneeId: conv.assigneeId };
  return {
    ok: true,
    state: next,
    history: [{ action: "unassigned", from: ownership(conv), to: ownership(next) }],
  };
}

/**
 * The owner is remembered (not kept as assignee) so that closed conversations drop out of Mine while a
 * reopen can still find them; an unowned conversation closes with no previous owner, so a reopen sends
 * it to its queue rather than to whoever happened to own it before.
 */
export function closeConversation(conv: ConversationState): Transition {
  if (conv.status === "closed") return refuse("already_closed", "It is already closed.");
  const next: ConversationState = {
    status: "closed",
    assigneeId: null,
    teamId: conv.teamId,
    previousAssigneeId: conv.assigneeId,
  };
  return { ok: true, state: next, history: [{ action: "closed", from: ownership(conv), to: "closed" }] };
}

export type ReopenFacts = {
  previousAssigneeId: number | null;
  /** The previous owner is still active staff and not away. */
  previousOwnerAvailable: boolean;
  teamId: number | null;
};

/** SPEC §2: the previous owner when still active and not away; else the team queue; else New. */
export function reopenOwnership(facts: ReopenFacts): Ownership {
  if (facts.previousAssigneeId !== null && facts.previousOwnerAvailable) {
    return { assigneeId: facts.previousAssigneeId, teamId: facts.teamId };
  }
  return { assigneeId: null, teamId: facts.teamId };
}

/** /reopen, and a customer writing again soon after a close. */
export function reopenConversation(
  conv: ConversationState,
  previousOwner: { available: boolean },
): Transition {
  if (conv.status === "open") return refuse("already_open", "It is already open.");
  const owner = ownerOf(conv);
  const to = reopenOwnership({
    previousAssigneeId: owner,
    previousOwnerAvailable: previousOwner.available,
    teamId: conv.teamId,
  });
  const next: ConversationState = { status: "open", ...to, previousAssigneeId: owner };
  return { ok: true, state: next, history: [{ action: "reopened", from: "closed", to }] };
}

/**
 * A customer message with no open conversation reopens the last one when it closed less than
 * `reopenWindowHours` ago (0 = never); otherwise it starts a new conversation.
 */
export function shouldReopen(closedAt: number | null, now: number, reopenWindowHours: number): boolean {
  if (closedAt === null || !(reopenWindowHours > 0)) return false;
  return now - closedAt < reopenWindowHours * HOUR_MS;
}

/** /reply, /template and quote-replies need an open conversation; the window is window.ts's question. */
export function checkCanMessageCustomer(conv: ConversationState): StateCheck {
  if (conv.status === "closed") {
    return refuse(
      "closed",
      "It is closed; /reopen it, or take it with /assign me, before writing to the customer.",
    );
  }
  return { ok: true };
}
