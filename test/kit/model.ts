// What the model-based test reads and checks on the real inbox: a snapshot of the state a step may
// change, the invariants of issue 7 checked between two snapshots, and the views as SPEC §2 defines
// them (computed here from the conversation rows, independently of store/view-plans.ts).
import { asc, eq, gt, max } from "drizzle-orm";
import { expect } from "vitest";
import { type Action, decide } from "../../src/domain/policy.js";
import { WINDOW_MS } from "../../src/domain/window.js";
import { textOfPayload } from "../../src/outbox/payload.js";
import type { InboxDb } from "../../src/store/db.js";
import {
  conversationEvents,
  conversations,
  messages,
  outbox,
  rawEvents,
  settings,
  staff,
  teamMembers,
} from "../../src/store/schema.js";
import type { InboxUnderTest } from "./conversation.js";

export type ConversationRow = typeof conversations.$inferSelect;
export type StaffState = typeof staff.$inferSelect;

export type Snapshot = {
  conversations: ConversationRow[];
  staff: StaffState[];
  lastEventId: number;
  lastOutboxId: number;
  customerOutboxIds: number[];
  agentReassign: "none" | "own" | "any";
  /** Every stored setting, so a /set of any of them counts as a change. */
  settingRows: string;
  teamIdsOf: Map<number, number[]>;
};

export function snapshot(t: InboxUnderTest): Snapshot {
  const db = t.db;
  const teamIdsOf = new Map<number, number[]>();
  for (const m of db.select().from(teamMembers).all()) {
    teamIdsOf.set(m.staffId, [...(teamIdsOf.get(m.staffId) ?? []), m.teamId]);
  }
  const value = db.select().from(settings).where(eq(settings.key, "agent_reassign")).get()?.value;
  return {
    conversations: db.select().from(conversations).orderBy(asc(conversations.id)).all(),
    staff: db.select().from(staff).orderBy(asc(staff.id)).all(),
    lastEventId:
      db
        .select({ id: max(conversationEvents.id) })
        .from(conversationEvents)
        .get()?.id ?? 0,
    lastOutboxId:
      db
        .select({ id: max(outbox.id) })
        .from(outbox)
        .get()?.id ?? 0,
    customerOutboxIds: db
      .select({ id: outbox.id })
      .from(outbox)
      .where(eq(outbox.recipientKind, "customer"))
      .all()
      .map((r) => r.id),
    agentReassign: value === "none" || value === "any" ? value : "own",
    settingRows: JSON.stringify(db.select().from(settings).orderBy(asc(settings.key)).all()),
    teamIdsOf,
  };
}

/** Status, owner and team: the part of a conversation whose every change needs a history row. */
const ownership = (c: ConversationRow) => `${c.status}|${c.assigneeId}|${c.teamId}`;

/** Did the step change anything a refused command must leave alone? */
export function changedSince(before: Snapshot, after: Snapshot): boolean {
  const strip = (s: Snapshot) =>
    JSON.stringify({
      c: s.conversations,
      s: s.staff.map((r) => ({ ...r, windowExpiresAt: 0, waId: null })),
      e: s.lastEventId,
      o: s.customerOutboxIds,
      r: s.agentReassign,
      settings: s.settingRows,
    });
  return strip(before) !== strip(after);
}

/** The invariants that hold after every step, whatever it was. */
export function checkInvariants(t: InboxUnderTest, before: Snapshot, after: Snapshot): void {
  // Processing never failed: a failed update would be quarantined for retry (and be a bug here).
  const failed = t.db.select().from(rawEvents).where(eq(rawEvents.state, "failed")).all();
  expect(failed.map((r) => r.lastError)).toEqual([]);

  // One open conversation per customer.
  const open = after.conversations.filter((c) => c.status === "open").map((c) => c.contactId);
  expect(new Set(open).size, "two open conversations for one customer").toBe(open.length);

  // An owner is always active staff or nobody.
  const active = new Set(after.staff.filter((s) => s.active).map((s) => s.id));
  for (const c of after.conversations) {
    if (c.assigneeId !== null)
      expect(active.has(c.assigneeId), `#${c.id} owned by inactive staff`).toBe(true);
    if (c.status === "closed") expect(c.assigneeId, `#${c.id} closed with an assignee`).toBeNull();
  }

  // Whoever waits for an answer (SPEC §4's order of New and the queues) waits on a customer message that
  // no staff message has followed; a closed conversation waits for nobody.
  for (const c of after.conversations) {
    if (c.status === "closed") expect(c.awaitingReplySince, `#${c.id} closed yet waiting`).toBeNull();
    if (c.awaitingReplySince === null) continue;
    const rows = t.db
      .select({
        id: messages.id,
        direction: messages.direction,
        staffId: messages.staffId,
        at: messages.timestamp,
      })
      .from(messages)
      .where(eq(messages.conversationId, c.id))
      .all();
    const waitedOn = rows.findLast((m) => m.direction === "in" && m.at === c.awaitingReplySince);
    expect(waitedOn, `#${c.id} waits on no customer message`).toBeDefined();
    const answered = rows.some(
      (m) => m.direction === "out" && m.staffId !== null && m.id > (waitedOn?.id ?? 0),
    );
    expect(answered, `#${c.id} still waiting after a staff answer`).toBe(false);
  }

  // Every change (a new conversation, or a new status, owner or team) has a history row.
  const newEvents = t.db
    .select({ conversationId: conversationEvents.conversationId })
    .from(conversationEvents)
    .where(gt(conversationEvents.id, before.lastEventId))
    .all();
  const withHistory = new Set(newEvents.map((e) => e.conversationId));
  const old = new Map(before.conversations.map((c) => [c.id, c]));
  for (const c of after.conversations) {
    const was = old.get(c.id);
    if (was !== undefined && ownership(was) === ownership(c)) continue;
    expect(withHistory.has(c.id), `#${c.id} changed with no history row`).toBe(true);
  }
}

/** Phone (digits, no +) → the customer's last inbound message, in ms as Meta timestamps it. */
export type Windows = Map<string, number>;

/**
 * What reached Meta since `from`: no free-form text to a customer outside their window at send time,
 * and nothing to a customer but the staff's replies and templates (SPEC §6). Each send is matched to
 * its outbox rows by the wamid Meta gave it.
 */
export function checkSends(
  t: InboxUnderTest,
  from: number,
  windows: Windows,
  customers: ReadonlySet<string>,
) {
  for (const sent of t.sent.slice(from)) {
    const to = sent.to.replace(/^\+/, "");
    const kinds = t.db
      .select({ kind: outbox.recipientKind })
      .from(outbox)
      .where(eq(outbox.wamid, sent.wamid))
      .all()
      .map((r) => r.kind);
    if (customers.has(to))
      expect(kinds, `a customer got a staff message: ${sent.text}`).toEqual(["customer"]);
    if (!kinds.includes("customer") || sent.type === "template") continue;
    expect(sent.type, "a customer got something other than text or a template").toBe("text");
    expect(sent.text ?? "", "a customer got a message that is not a staff reply").toMatch(/^reply /);
    const last = windows.get(to);
    expect(last, `text to ${to}, who never wrote`).toBeDefined();
    expect(t.clock.now(), `free-form text to ${to} outside the window`).toBeLessThan((last ?? 0) + WINDOW_MS);
  }
}

/** The text of the last answer the bot queued for this staff member after `since` (null: none). */
export function answerAfter(t: { db: InboxDb }, staffId: number, since: number): string | null {
  const rows = t.db
    .select({ payload: outbox.payload, purpose: outbox.purpose, staffId: outbox.staffId })
    .from(outbox)
    .where(gt(outbox.id, since))
    .orderBy(asc(outbox.id))
    .all()
    .filter((r) => r.staffId === staffId && r.purpose === "answer");
  const last = rows.at(-1);
  return last === undefined ? null : (textOfPayload(last.payload) ?? "(not text)");
}

export type ViewName = "new" | "mine" | "assigned" | "closed" | { queue: string; teamId: number };

/**
 * SPEC §2 and §5: which conversations a view holds for this person; in SPEC §4's order: New and the
 * queues longest waiting first (the customer's oldest unanswered message, else the last activity), the
 * others newest activity first.
 */
export function expectedView(view: ViewName, actor: StaffState, s: Snapshot): ConversationRow[] {
  const mine = s.teamIdsOf.get(actor.id) ?? [];
  const inScope = (c: ConversationRow) => {
    if (actor.role === "admin") return true;
    const owner = c.assigneeId ?? (c.status === "closed" ? c.previousAssigneeId : null);
    return owner === actor.id || (c.teamId !== null && mine.includes(c.teamId));
  };
  const open = (c: ConversationRow) => c.status === "open";
  const pick = (c: ConversationRow): boolean => {
    if (view === "new") return open(c) && c.assigneeId === null && c.teamId === null;
    if (view === "mine") return open(c) && c.assigneeId === actor.id;
    if (view === "assigned") return open(c) && (c.assigneeId !== null || c.teamId !== null) && inScope(c);
    if (view === "closed") return c.status === "closed" && inScope(c);
    return open(c) && c.assigneeId === null && c.teamId === view.teamId;
  };
  const picked = s.conversations.filter(pick);
  if (view === "new" || typeof view === "object") {
    const waited = (c: ConversationRow) => c.awaitingReplySince ?? c.lastActivityAt;
    return picked.sort((a, b) => waited(a) - waited(b) || a.id - b.id);
  }
  return picked.sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
}

/** A list answer as numbers: the header's total and the #N of each line on the page. */
export function parseList(answer: string): { total: number; ids: number[] } {
  const [header = "", ...lines] = answer.split("\n");
  const total = /· ([\d,]+)\+? conversations?$/.exec(header)?.[1];
  const ids = lines.flatMap((l) => {
    const id = /^#(\d+) · /.exec(l)?.[1];
    return id === undefined ? [] : [Number(id)];
  });
  return { total: total === undefined ? 0 : Number(total.replaceAll(",", "")), ids };
}

/** Never a stack trace, never "failed on our side" (a handler bug caught by the savepoint). */
export function checkAnswerIsClean(answer: string | null): void {
  if (answer === null) return;
  expect(answer).not.toMatch(/\n\s+at |TypeError|ReferenceError|SqliteError|\.ts:\d+/);
  expect(answer).not.toMatch(/failed on our side/);
}

/** What a successful answer looks like, per command word; anything else is a refusal. */
export const SUCCESS: Record<string, RegExp> = {
  assign: /^#\d+ (assigned to|moved to|reopened and assigned to|reopened into|is already) /,
  unassign: /^#\d+ unassigned: /,
  close: /^#\d+ closed\. /,
  reopen: /^#\d+ reopened/,
  note: /^#\d+ note saved\./,
  away: /^You are (away|already away)/,
  back: /^(Welcome back|You are already available)/,
  staff: /^(Removed @|You removed yourself|Added @|Re-added @)/,
  set: /^(agent_reassign|auto_assign|max_open) is (now|already) /,
};
export const NO_OP = /is already|already away|already available|Nothing changed/;

const CONVERSATION_ACTIONS = ["unassign", "close", "reopen", "reply", "note"] as const;

/** SPEC §5 asked of the pure policy with the state before the command; null when it does not apply. */
export function policyDecision(
  before: Snapshot,
  teamIds: ReadonlyMap<string, number>,
  actorId: number,
  text: string,
) {
  const word = /^\/(\w+)/.exec(text)?.[1] ?? "";
  const n = Number(/#(\d+)/.exec(text)?.[1] ?? Number.NaN);
  const conv = before.conversations.find((c) => c.id === n);
  const actor = before.staff.find((s) => s.id === actorId);
  if (conv === undefined || actor === undefined) return null;
  const facts = {
    status: conv.status,
    assigneeId: conv.assigneeId,
    teamId: conv.teamId,
    previousAssigneeId: conv.previousAssigneeId,
  };
  let action: Action;
  if (word === "assign") {
    const team = /team (\w+)/.exec(text)?.[1];
    const handle = /@(\w+)/.exec(text)?.[1];
    const person = / me /.test(text) ? actor : before.staff.find((s) => s.handle === handle);
    if (team !== undefined)
      action = { kind: "assign", conv: facts, to: { kind: "team", teamId: teamIds.get(team) ?? -1 } };
    else if (person?.active) {
      const to = {
        kind: "staff" as const,
        staffId: person.id,
        teamIds: before.teamIdsOf.get(person.id) ?? [],
      };
      action = { kind: "assign", conv: facts, to };
    } else return null;
  } else {
    const kind = CONVERSATION_ACTIONS.find((k) => k === word);
    if (kind === undefined) return null;
    action = { kind, conv: facts };
  }
  const actorFacts = {
    id: actor.id,
    role: actor.role,
    handle: actor.handle,
    teamIds: before.teamIdsOf.get(actor.id) ?? [],
  };
  return decide(actorFacts, action, { agentReassign: before.agentReassign });
}

/**
 * SPEC §13 with auto-assignment on: whoever auto-assignment gave a conversation to in this step is an
 * active agent or manager, not away, at most max_open conversations, and could have taken it themselves
 * under §5 (the policy asked with the conversation as it was before the step).
 */
export function checkAutoAssignments(t: InboxUnderTest, before: Snapshot, after: Snapshot): void {
  const rows = t.db
    .select({ conversationId: conversationEvents.conversationId, to: conversationEvents.toValue })
    .from(conversationEvents)
    .where(gt(conversationEvents.id, before.lastEventId))
    .all()
    .filter((e) => e.to !== null);
  const autoRows = t.db
    .select({
      id: conversationEvents.id,
      conversationId: conversationEvents.conversationId,
      to: conversationEvents.toValue,
      note: conversationEvents.note,
    })
    .from(conversationEvents)
    .where(gt(conversationEvents.id, before.lastEventId))
    .all()
    .filter((e) => e.note?.startsWith("by auto-assignment") === true);
  if (rows.length === 0 || autoRows.length === 0) return;
  const maxValue = t.db.select().from(settings).where(eq(settings.key, "max_open")).get()?.value;
  const maxOpen = maxValue === undefined || maxValue === "none" ? Number.POSITIVE_INFINITY : Number(maxValue);
  for (const e of autoRows) {
    const person = after.staff.find((s) => `@${s.handle}` === e.to);
    expect(person, `auto-assigned to an unknown ${e.to}`).toBeDefined();
    if (!person) continue;
    expect(person.role, `#${e.conversationId} auto-assigned to an admin`).not.toBe("admin");
    expect(
      person.active && !person.away,
      `#${e.conversationId} auto-assigned to someone away or removed`,
    ).toBe(true);
    const owned = after.conversations.filter((c) => c.status === "open" && c.assigneeId === person.id).length;
    expect(owned, `@${person.handle} over max_open ${maxOpen}`).toBeLessThanOrEqual(maxOpen);
    const was = before.conversations.find((c) => c.id === e.conversationId);
    if (was === undefined || was.assigneeId !== null) continue; // created or freed in this very step
    const facts = {
      status: was.status,
      assigneeId: was.assigneeId,
      teamId: was.teamId,
      previousAssigneeId: was.previousAssigneeId,
    };
    const teamIds = after.teamIdsOf.get(person.id) ?? [];
    const actor = { id: person.id, role: person.role, handle: person.handle, teamIds };
    const to = { kind: "staff" as const, staffId: person.id, teamIds };
    const decision = decide(
      actor,
      { kind: "assign", conv: facts, to },
      { agentReassign: after.agentReassign },
    );
    expect(
      decision.ok,
      `#${e.conversationId} auto-assigned to @${person.handle}, who could not take it`,
    ).toBe(true);
  }
}
