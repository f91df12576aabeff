// Auto-assignment (SPEC §13, §17.9–11): handing out the waiting conversations, longest waiting first,
// to whoever qualifies (candidates.ts). Runs inside the transaction of whatever made someone qualify (a
// command, a customer message, a timer), so it happens the moment they do, never on a poll.
import { and, asc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { activityAfter } from "../domain/message-time.js";
import type { AgentReassign, ConversationFacts } from "../domain/policy.js";
import { formatWindow, windowState } from "../domain/window.js";
import { type ConversationRow, ownerLabel } from "../inbox/conversations.js";
import { contactWithNumber } from "../inbox/identities.js";
import { relayMissedMedia } from "../inbox/media-catch-up.js";
import type { InboxOptions } from "../inbox/options.js";
import { markSeen } from "../inbox/seen-signals.js";
import { messageSnippet } from "../inbox/snippet.js";
import { inboxTexts, tellStaffById } from "../inbox/staff-notices.js";
import type { InboxDb } from "../store/db.js";
import { hot } from "../store/hot-queries.js";
import {
  assignmentTurns,
  contacts,
  conversationEvents,
  conversations,
  messages,
  settings,
  timers,
} from "../store/schema.js";
import { WAITING_KEY } from "../store/view-queries.js";
import { type Candidate, choose, loadPool, takerCache } from "./candidates.js";
import type { AutoAssignMode, AutorunConfig } from "./config.js";
import { isOpenAt, nextOpening } from "./hours.js";
import { armTimer } from "./timers.js";

/** Where round robin stopped: a row of the settings table that no setting definition lists. */
export const ROUND_ROBIN_KEY = "auto_assign.last_picked";
/** Waiting conversations looked at per hand-out, so one event's work stays bounded. */
const SCAN_LIMIT = 500;
const PAGE = 50;

export type HandOutEnv = {
  now: number;
  cfg: AutorunConfig;
  agentReassign: AgentReassign;
  options: Pick<InboxOptions, "staffNotifyTemplate">;
  /** Called for each conversation handed out (the follow-up clock starts for its new owner). */
  assigned?: (conv: ConversationRow) => void;
};

/**
 * Hands out waiting conversations (New and the team queues), longest waiting first, to people who
 * qualify, until nobody qualifies or nothing waits. Returns the ids handed out. Outside business hours
 * nothing is handed out and a timer waits for the next opening.
 */
export function handOutWaiting(tx: InboxDb, env: HandOutEnv): number[] {
  const { cfg, now } = env;
  const mode = cfg.autoAssign;
  if (mode === null || cfg.maxOpen === 0) return [];
  // Nothing waits (the usual case once people are keeping up): one index probe, no staff read.
  const waiting = tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.status, "open"), isNull(conversations.assigneeId)))
    .limit(1)
    .get();
  if (!waiting) return [];
  if (!isOpenAt(cfg.hours, cfg.timezone, now)) {
    const opening = nextOpening(cfg.hours, cfg.timezone, now);
    if (opening !== null)
      armTimer(tx, { kind: "hours_open", conversationId: 0, generation: opening, dueAt: opening, now });
    return [];
  }
  const limit = cfg.maxOpen ?? Number.POSITIVE_INFINITY;
  const pool = loadPool(tx).filter((c) => c.open < limit);
  if (pool.length === 0) return [];
  let lastPicked = readLastPicked(tx);
  const handed: number[] = [];
  let cursor: { key: number; id: number } | null = null;
  for (let scanned = 0; scanned < SCAN_LIMIT; ) {
    const open = pool.filter((c) => c.open < limit);
    if (open.length === 0) break;
    const page = waitingPage(tx, open, cursor);
    if (page.length === 0) break;
    for (const conv of page) {
      scanned += 1;
      cursor = { key: conv.awaitingReplySince ?? conv.lastActivityAt, id: conv.id };
      const notBack = handedBackFrom(tx, conv);
      const facts = factsOf(conv);
      const mayTake = takerCache(facts, env.agentReassign);
      const eligible = pool.filter((c) => c.open < limit && c.id !== notBack && mayTake(c));
      const chosen = choose(mode, eligible, lastPicked);
      if (chosen === null) continue;
      const after = giveTo(tx, conv, chosen, mode, env);
      if (after === null) continue;
      chosen.open += 1;
      chosen.lastAssignedAt = now;
      lastPicked = chosen.id;
      handed.push(conv.id);
      env.assigned?.(after);
    }
  }
  if (handed.length > 0 && mode === "round_robin") writeLastPicked(tx, lastPicked);
  return handed;
}

function factsOf(conv: ConversationRow): ConversationFacts {
  return {
    status: conv.status,
    assigneeId: conv.assigneeId,
    teamId: conv.teamId,
    previousAssigneeId: conv.previousAssigneeId,
  };
}

/**
 * The next waiting conversations after `cursor`, from the queues someone in `pool` may take from:
 * managers take from any queue, agents from New and their teams' queues (§5).
 */
function waitingPage(tx: InboxDb, pool: readonly Candidate[], cursor: { key: number; id: number } | null) {
  const c = conversations;
  const conditions = [eq(c.status, "open"), isNull(c.assigneeId)];
  if (!pool.some((p) => p.role === "manager")) {
    const teamIds = [...new Set(pool.flatMap((p) => p.teamIds))];
    // A Durable Object's SQLite binds at most 100 parameters; with that many teams, read them all.
    if (teamIds.length <= 80) {
      const queues = teamIds.length > 0 ? or(isNull(c.teamId), inArray(c.teamId, teamIds)) : isNull(c.teamId);
      if (queues) conditions.push(queues);
    }
  }
  if (cursor !== null) {
    const after = or(gt(WAITING_KEY, cursor.key), and(eq(WAITING_KEY, cursor.key), gt(c.id, cursor.id)));
    if (after) conditions.push(after);
  }
  return tx
    .select()
    .from(c)
    .where(and(...conditions))
    .orderBy(asc(WAITING_KEY), asc(c.id))
    .limit(PAGE)
    .all();
}

/**
 * Who this waiting conversation is not handed straight back to: the owner a follow-up took it from
 * (§13), or the owner who just gave it up with /unassign (handing it back at once would undo their
 * command). Either holds until someone else has had it.
 */
export function handedBackFrom(tx: InboxDb, conv: ConversationRow): number | null {
  const row = tx
    .select({ staffId: timers.staffId })
    .from(timers)
    .where(and(eq(timers.kind, "follow_up"), eq(timers.conversationId, conv.id), eq(timers.stage, 2)))
    .get();
  if (row?.staffId != null) return row.staffId;
  if (conv.previousAssigneeId === null) return null;
  const last = tx
    .select({ action: conversationEvents.action })
    .from(conversationEvents)
    .where(eq(conversationEvents.conversationId, conv.id))
    .orderBy(sql`${conversationEvents.id} desc`)
    .limit(1)
    .get();
  return last?.action === "unassigned" ? conv.previousAssigneeId : null;
}

/** One conditional write (nobody took it meanwhile), the history row, and the new owner's notice. */
function giveTo(
  tx: InboxDb,
  conv: ConversationRow,
  chosen: Candidate,
  mode: AutoAssignMode,
  env: HandOutEnv,
): ConversationRow | null {
  const { now } = env;
  const after = tx
    .update(conversations)
    .set({ assigneeId: chosen.id, lastActivityAt: activityAfter(conv.lastActivityAt, now) })
    .where(
      and(
        eq(conversations.id, conv.id),
        eq(conversations.status, "open"),
        isNull(conversations.assigneeId),
        sql`${conversations.teamId} is ${conv.teamId}`,
      ),
    )
    .returning()
    .get();
  if (!after) return null;
  tx.insert(conversationEvents)
    .values({
      conversationId: conv.id,
      actorStaffId: null,
      action: "assigned",
      fromValue: ownerLabel(tx, conv),
      toValue: `@${chosen.handle}`,
      note: `by auto-assignment (${mode})`,
      at: now,
    })
    .run();
  tx.insert(assignmentTurns)
    .values({ staffId: chosen.id, lastAssignedAt: now })
    .onConflictDoUpdate({ target: assignmentTurns.staffId, set: { lastAssignedAt: now } })
    .run();
  // §17.9: only the new owner is told, as for a manual assignment.
  const t = inboxTexts(tx);
  const contact = tx.select().from(contacts).where(eq(contacts.id, after.contactId)).get();
  const lines = [t.autoAssignedToYou({ n: conv.id, mode })];
  if (contact) lines.push(contactWithNumber(contact));
  const last = tx
    .select({ type: messages.type, subtype: messages.subtype, text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conv.id), eq(messages.direction, "in")))
    .orderBy(sql`${messages.id} desc`)
    .limit(1)
    .get();
  if (last) lines.push(t.lastMessage({ snippet: messageSnippet(last.type, last.subtype, last.text) }));
  lines.push(formatWindow(windowState(after.windowExpiresAt, now), t));
  const notice = { now, conversationId: conv.id, options: env.options };
  // As for a manual assignment: Show/Close buttons (SPEC §12), the customer's last message read without
  // the typing indicator (§17.6: they did not take it themselves), and the media that came while the
  // New notice was held back (§17.2).
  tellStaffById(tx, chosen.id, lines.join("\n"), { ...notice, buttons: { kind: "show_close", n: conv.id } });
  markSeen(tx, { conversationId: conv.id, now, typing: false });
  const person = hot(tx).staffById.get({ id: chosen.id });
  if (person?.active) relayMissedMedia(tx, conv, person, notice);
  return after;
}

function readLastPicked(tx: InboxDb): number {
  const row = tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, ROUND_ROBIN_KEY))
    .get();
  return row ? Number(row.value) || 0 : 0;
}

function writeLastPicked(tx: InboxDb, staffId: number): void {
  tx.insert(settings)
    .values({ key: ROUND_ROBIN_KEY, value: String(staffId) })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(staffId) } })
    .run();
}
