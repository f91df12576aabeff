// Follow-ups (SPEC §13, §17.12): when a customer has waited D for the owner's answer, the owner is
// reminded once; at 2·D the conversation goes back to its team queue or New, and the owner and that
// team's managers (or the admins, without a team) are told. The clock starts at the later of the
// customer's first unanswered message and the moment the current owner got the conversation; any staff
// answer (text, media, template) clears awaiting_reply_since, which stops it.
import { and, asc, eq, max } from "drizzle-orm";
import { activityAfter } from "../domain/message-time.js";
import { type ConversationRow, ownerLabel } from "../inbox/conversations.js";
import { contactLabel } from "../inbox/identities.js";
import type { InboxOptions } from "../inbox/options.js";
import {
  inboxTexts,
  teamMembersOf,
  tellNewQueue,
  tellStaff,
  tellStaffById,
  tellTeam,
} from "../inbox/staff-notices.js";
import type { InboxDb } from "../store/db.js";
import { contacts, conversationEvents, conversations, staff, teams } from "../store/schema.js";
import type { AutorunConfig } from "./config.js";
import { formatDuration } from "./durations.js";
import { armTimer, markFired, rearm, type TimerRow } from "./timers.js";

/** When the current owner got it: the latest history row that made them the owner. */
export function ownerSince(tx: InboxDb, conv: ConversationRow): number {
  if (conv.assigneeId === null) return conv.createdAt;
  const owner = tx.select({ handle: staff.handle }).from(staff).where(eq(staff.id, conv.assigneeId)).get();
  if (!owner) return conv.createdAt;
  const row = tx
    .select({ at: max(conversationEvents.at) })
    .from(conversationEvents)
    .where(
      and(eq(conversationEvents.conversationId, conv.id), eq(conversationEvents.toValue, `@${owner.handle}`)),
    )
    .get();
  return row?.at ?? conv.createdAt;
}

/** The follow-up clock's start for this conversation as it is now, or null when nothing runs. */
export function followUpStart(tx: InboxDb, conv: ConversationRow): number | null {
  if (conv.status !== "open" || conv.assigneeId === null || conv.awaitingReplySince === null) return null;
  return Math.max(conv.awaitingReplySince, ownerSince(tx, conv));
}

/** Arms the follow-up for the conversation's current owner and wait (a no-op when already armed). */
export function syncFollowUp(tx: InboxDb, conv: ConversationRow, cfg: AutorunConfig, now: number): void {
  if (cfg.followUpMs === null) return;
  const start = followUpStart(tx, conv);
  if (start === null) return;
  armTimer(tx, {
    kind: "follow_up",
    conversationId: conv.id,
    generation: start,
    staffId: conv.assigneeId,
    dueAt: start + cfg.followUpMs,
    now,
  });
}

export type FireEnv = {
  now: number;
  cfg: AutorunConfig;
  options: Pick<InboxOptions, "staffNotifyTemplate" | "staffGroupId">;
  /** Hands out waiting conversations (auto-assignment); returns the ids it gave someone. */
  handOut: () => number[];
};

export function fireFollowUp(tx: InboxDb, timer: TimerRow, env: FireEnv): void {
  const { now, cfg } = env;
  const conv = tx.select().from(conversations).where(eq(conversations.id, timer.conversationId)).get();
  const d = cfg.followUpMs;
  const start = conv ? followUpStart(tx, conv) : null;
  if (
    !conv ||
    d === null ||
    start === null ||
    conv.assigneeId === null ||
    conv.assigneeId !== timer.staffId
  ) {
    markFired(tx, timer.id, now, timer.stage); // answered, moved or switched off: nothing to do
    return;
  }
  if (start !== timer.generation) {
    // The owner or the wait changed by a path that did not re-arm it: this is a new clock.
    syncFollowUp(tx, conv, cfg, now);
    return;
  }
  const dueAt = start + (timer.stage + 1) * d;
  if (now < dueAt) {
    rearm(tx, timer.id, timer.stage, dueAt); // follow_up was made longer since it was armed
    return;
  }
  const t = inboxTexts(tx);
  const contact = tx.select().from(contacts).where(eq(contacts.id, conv.contactId)).get();
  const customer = contact ? contactLabel(contact) : `#${conv.id}`;
  const waited = formatDuration(now - (conv.awaitingReplySince ?? start));
  const base = { now, conversationId: conv.id, options: env.options };
  if (timer.stage === 0) {
    tellStaffById(tx, conv.assigneeId, t.followUpReminder({ n: conv.id, customer, waited }), base);
    rearm(tx, timer.id, 1, start + 2 * d);
    return;
  }
  // Stage 2 first: it is what keeps auto-assignment (run inside handBack) from handing it straight back.
  markFired(tx, timer.id, now, 2);
  handBack(tx, conv, { customer, waited, setting: formatDuration(d) }, env);
}

function handBack(
  tx: InboxDb,
  conv: ConversationRow,
  said: { customer: string; waited: string; setting: string },
  env: FireEnv,
): void {
  const { now } = env;
  const owner = conv.assigneeId;
  if (owner === null) return;
  const back = tx
    .update(conversations)
    .set({
      assigneeId: null,
      previousAssigneeId: owner,
      lastActivityAt: activityAfter(conv.lastActivityAt, now),
    })
    .where(
      and(
        eq(conversations.id, conv.id),
        eq(conversations.assigneeId, owner),
        eq(conversations.status, "open"),
      ),
    )
    .returning()
    .get();
  if (!back) return;
  const to = ownerLabel(tx, back);
  tx.insert(conversationEvents)
    .values({
      conversationId: conv.id,
      actorStaffId: null,
      action: "unassigned",
      fromValue: ownerLabel(tx, conv),
      toValue: to,
      note: `follow-up: no answer to the customer for ${said.waited} (follow_up ${said.setting})`,
      at: now,
    })
    .run();
  const t = inboxTexts(tx);
  const teamName =
    back.teamId === null
      ? null
      : (tx.select({ name: teams.name }).from(teams).where(eq(teams.id, back.teamId)).get()?.name ?? null);
  const place = teamName === null ? t.placeNewQueue() : t.placeTeamQueue({ team: teamName });
  const base = { now, conversationId: conv.id, options: env.options };
  const ownerRow = tx.select().from(staff).where(eq(staff.id, owner)).get();
  tellStaffById(tx, owner, t.followUpBackOwner({ n: conv.id, ...said, place }), base);
  // Handed out at once when someone qualifies (they are told, as for any auto-assignment); then the
  // managers' notice says who has it rather than asking them to take it (SPEC §16: true for its reader).
  const handed = env.handOut().includes(conv.id);
  const newOwner = handed
    ? tx
        .select({ id: staff.id, handle: staff.handle })
        .from(conversations)
        .innerJoin(staff, eq(staff.id, conversations.assigneeId))
        .where(eq(conversations.id, conv.id))
        .get()
    : undefined;
  const told = new Set<number>([owner, ...(newOwner ? [newOwner.id] : [])]);
  // That team's managers, or the admins when it has no team (or the team has no manager).
  let managers =
    back.teamId === null ? [] : teamMembersOf(tx, back.teamId, false).filter((m) => m.role === "manager");
  if (managers.length === 0) {
    managers = tx
      .select()
      .from(staff)
      .where(and(eq(staff.active, true), eq(staff.role, "admin")))
      .orderBy(asc(staff.id))
      .all();
  }
  const facts = {
    n: conv.id,
    customer: said.customer,
    waited: said.waited,
    place,
    owner: ownerRow ? `@${ownerRow.handle}` : "?",
  };
  const text = newOwner
    ? t.followUpBackManagersHanded({ ...facts, to: `@${newOwner.handle}` })
    : t.followUpBackManagers(facts);
  for (const m of managers) {
    if (told.has(m.id)) continue;
    tellStaff(tx, m, text, base);
    told.add(m.id);
  }
  if (handed) return;
  // Nobody qualified: the queue hears it is waiting again.
  const queueText = t.followUpBackQueue({ n: conv.id, customer: said.customer, place });
  if (back.teamId === null) tellNewQueue(tx, queueText, { ...base, except: told });
  else tellTeam(tx, back.teamId, queueText, { ...base, except: [...told] });
}
