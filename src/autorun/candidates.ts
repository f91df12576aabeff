// Who qualifies for auto-assignment and who is picked (SPEC §13, §17.10): the pool of agents and
// managers who are active and not away, with their open conversations, teams and last turn; the §5
// policy as the test of "could take it themselves"; round robin and balanced.
import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import {
  type ActorFacts,
  type AgentReassign,
  type ConversationFacts,
  decide,
  type Role,
} from "../domain/policy.js";
import type { InboxDb } from "../store/db.js";
import { assignmentTurns, conversations, staff, teamMembers } from "../store/schema.js";
import type { AutoAssignMode } from "./config.js";

export type Candidate = {
  id: number;
  handle: string;
  role: Role;
  teamIds: number[];
  open: number;
  lastAssignedAt: number;
};

/** Everyone who might qualify, in join order: active, not away, an agent or a manager (never an admin). */
export function loadPool(tx: InboxDb): Candidate[] {
  // Only the columns the choice needs: the chosen one's whole row is read when they are told.
  const people = tx
    .select({ id: staff.id, handle: staff.handle, role: staff.role })
    .from(staff)
    .where(and(eq(staff.active, true), eq(staff.away, false), ne(staff.role, "admin")))
    .orderBy(asc(staff.id))
    .all();
  if (people.length === 0) return [];
  // max_open counts every open conversation a person owns, however it came to them (§17.10). One range
  // of the conversations_view index (open, with an owner): cheaper than a lookup per person.
  const open = new Map(
    tx
      .select({ id: conversations.assigneeId, n: sql<number>`count(*)` })
      .from(conversations)
      .where(and(eq(conversations.status, "open"), isNotNull(conversations.assigneeId)))
      .groupBy(conversations.assigneeId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  const teamsOf = new Map<number, number[]>();
  for (const m of tx.select().from(teamMembers).all()) {
    const list = teamsOf.get(m.staffId);
    if (list) list.push(m.teamId);
    else teamsOf.set(m.staffId, [m.teamId]);
  }
  const turns = new Map(
    tx
      .select()
      .from(assignmentTurns)
      .all()
      .map((r) => [r.staffId, r.lastAssignedAt]),
  );
  return people.map((row) => ({
    id: row.id,
    handle: row.handle,
    role: row.role,
    teamIds: teamsOf.get(row.id) ?? [],
    open: open.get(row.id) ?? 0,
    lastAssignedAt: turns.get(row.id) ?? 0,
  }));
}

/** Could this person take the conversation themselves (SPEC §5, the same policy as /assign me)? */
export function couldTake(c: Candidate, conv: ConversationFacts, agentReassign: AgentReassign): boolean {
  const actor: ActorFacts = { id: c.id, role: c.role, handle: c.handle, teamIds: c.teamIds };
  const to = { kind: "staff" as const, staffId: c.id, teamIds: c.teamIds };
  return decide(actor, { kind: "assign", conv, to }, { agentReassign }).ok;
}

/**
 * couldTake for many people and one conversation nobody owns. The policy is asked once per role and
 * "is its team one of theirs": for an open conversation without an owner (the only kind handed out) that
 * is all its answer can depend on, and 200 staff then cost a handful of calls, not 200. The model-based
 * test checks every hand-out against the policy itself.
 */
export function takerCache(conv: ConversationFacts, agentReassign: AgentReassign): (c: Candidate) => boolean {
  const answers = new Map<string, boolean>();
  return (c) => {
    const key = `${c.role}|${conv.teamId !== null && c.teamIds.includes(conv.teamId)}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = couldTake(c, conv, agentReassign);
      answers.set(key, answer);
    }
    return answer;
  };
}

/**
 * Who gets it among those who qualify: round robin takes the first after the last one it picked, in join
 * order (wrapping around); balanced the fewest open conversations, then the least recently assigned.
 */
export function choose(
  mode: AutoAssignMode,
  eligible: readonly Candidate[],
  lastPicked: number,
): Candidate | null {
  if (eligible.length === 0) return null;
  if (mode === "round_robin") return eligible.find((c) => c.id > lastPicked) ?? eligible[0] ?? null;
  let best: Candidate | null = null;
  for (const c of eligible) {
    if (
      best === null ||
      c.open < best.open ||
      (c.open === best.open && c.lastAssignedAt < best.lastAssignedAt)
    ) {
      best = c;
    }
  }
  return best;
}
