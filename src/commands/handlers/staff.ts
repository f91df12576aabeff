// /staff, /staff add, /staff remove, /role: who works the inbox and with which role (SPEC §1, §5).
// Staff rows are never deleted: removing someone marks the row inactive, so their history keeps its
// author and re-adding the same phone brings the same row back.
import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import { activityAfter } from "../../domain/message-time.js";
import type { Role } from "../../domain/policy.js";
import { ownerLabel } from "../../inbox/conversations.js";
import { conversationTitle, windowLine } from "../../inbox/customer-notices.js";
import type { StaffRow } from "../../inbox/identities.js";
import { tellNewQueue, tellStaff, tellTeam } from "../../inbox/staff-notices.js";
import { contacts, conversations, outbox, staff, teamMembers, teams } from "../../store/schema.js";
import type { Command } from "../command.js";
import {
  type CommandContext,
  type CommandResult,
  commandTime,
  type HandlerMap,
  Refusal,
} from "../context.js";
import { allow, recordHistory, staffByWho, toldLine } from "../lookup.js";

type StaffAdd = Extract<Command, { name: "staff_add" }>;

export const STAFF_HANDLERS: Pick<HandlerMap, "staff" | "staff_add" | "staff_remove" | "role"> = {
  staff: (ctx) => listStaff(ctx),
  staff_add: (ctx, command) => addStaff(ctx, command),
  staff_remove: (ctx, command) => removeStaff(ctx, command.handle),
  role: (ctx, command) => changeRole(ctx, command.handle, command.role),
};

export const lastAdminRefusal = (handle: string) =>
  `Not allowed: @${handle} is the last active admin. Add another admin first.`;

function listStaff(ctx: CommandContext): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "list" });
  const rows = ctx.tx.select().from(staff).orderBy(asc(staff.handle)).all();
  const teamsOf = teamNamesByStaff(ctx);
  const active = rows.filter((r) => r.active);
  const removed = rows.filter((r) => !r.active);
  const lines = [`Staff (${active.length}):`];
  for (const r of active) {
    const teamNames = teamsOf.get(r.id) ?? [];
    const parts = [
      `@${r.handle}`,
      r.role,
      r.phone ?? "no phone",
      teamNames.length > 0 ? `teams ${teamNames.join(", ")}` : "no teams",
    ];
    if (r.away) parts.push("away");
    lines.push(parts.join(" · "));
  }
  if (removed.length > 0) lines.push(`Removed: ${removed.map((r) => `@${r.handle}`).join(", ")}`);
  return { answer: lines.join("\n"), conversationId: null };
}

function teamNamesByStaff(ctx: CommandContext): Map<number, string[]> {
  const rows = ctx.tx
    .select({ staffId: teamMembers.staffId, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .orderBy(asc(teams.name))
    .all();
  const byStaff = new Map<number, string[]>();
  for (const r of rows) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), r.name]);
  return byStaff;
}

function addStaff(ctx: CommandContext, command: StaffAdd): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "add" });
  const { tx } = ctx;
  const waId = command.phone.slice(1);
  // The same person may be known by phone or by the wa_id they wrote from; either is "this phone".
  const samePhone = tx
    .select()
    .from(staff)
    .where(or(eq(staff.phone, command.phone), eq(staff.waId, waId)))
    .all();
  const current = samePhone.find((r) => r.active);
  if (current) throw new Refusal(`${command.phone} is already on the staff list as @${current.handle}.`);
  const former = samePhone.find((r) => r.phone === command.phone) ?? samePhone[0];
  const holder = tx.select().from(staff).where(eq(staff.handle, command.handle)).get();
  if (holder && holder.id !== former?.id) {
    const removedNote = holder.active ? "" : " (removed; their history keeps the handle)";
    throw new Refusal(
      `@${command.handle} is already taken by ${holder.phone ?? "another staff member"}${removedNote}. Choose another handle.`,
    );
  }
  if (former) return readdStaff(ctx, former, command);

  tx.insert(staff)
    .values({ handle: command.handle, phone: command.phone, waId, role: command.role, createdAt: ctx.now })
    .run();
  return {
    answer: [
      `Added @${command.handle} (${command.role}). Ask them to send /help to the bot to start.`,
      "The bot cannot message them until they write first (their 24 h window is closed). Nobody else was told.",
    ].join("\n"),
    conversationId: null,
  };
}

/**
 * Re-adding a removed person brings their row back (the phone is unique, and their history points at
 * it) with the new handle and role. Team memberships were kept while they were away, so they return too.
 */
function readdStaff(ctx: CommandContext, former: StaffRow, command: StaffAdd): CommandResult {
  ctx.tx
    .update(staff)
    .set({
      active: true,
      removedAt: null,
      away: false,
      handle: command.handle,
      phone: command.phone,
      role: command.role,
    })
    .where(eq(staff.id, former.id))
    .run();
  const teamNames = teamNamesByStaff(ctx).get(former.id) ?? [];
  const renamed = former.handle === command.handle ? "" : `, formerly @${former.handle}`;
  const windowOpen = former.windowExpiresAt !== null && former.windowExpiresAt > ctx.now;
  return {
    answer: [
      `Re-added @${command.handle} (${command.role})${renamed}; their history is kept.`,
      `Teams: ${teamNames.length > 0 ? teamNames.join(", ") : "none"}.`,
      windowOpen
        ? "Their window with the bot is open. Nobody else was told."
        : "Ask them to send /help to the bot to start: the bot cannot message them until they write first. Nobody else was told.",
    ].join("\n"),
    conversationId: null,
  };
}

function removeStaff(ctx: CommandContext, handle: string): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "remove" });
  const person = ctx.tx.select().from(staff).where(eq(staff.handle, handle)).get();
  if (!person) throw new Refusal(`No staff member @${handle}. Send /staff to see who is on the team.`);
  if (!person.active) throw new Refusal(`@${handle} was already removed from the staff list.`);
  changeStaffRow(ctx, person, { active: false, removedAt: ctx.now });
  cancelUnsentNotices(ctx, person.id);

  const moves = releaseConversations(ctx, person);
  const self = person.id === ctx.actor.id;
  const [who, their, they] = self
    ? ["You removed yourself", "your", "You"]
    : [`Removed @${person.handle}`, "their", "They"];
  const lines = [`${who} (${person.role}) from the staff list; ${their} history is kept.`];
  if (moves.lines.length === 0) lines.push(`${they} had no open conversations.`);
  else lines.push(`${they} had open conversations, now moved:`, ...moves.lines);
  lines.push(toldLine(moves.told));
  return { answer: lines.join("\n"), conversationId: null };
}

/**
 * From now on the person is a customer, and a customer never receives staff notices or other customers'
 * messages (SPEC §6). Those still held for their window, or not yet picked up, are failed with the reason
 * rather than deleted, so /healthz's held count does not carry them forever and the outbox keeps a record.
 */
function cancelUnsentNotices(ctx: CommandContext, staffId: number): void {
  ctx.tx
    .update(outbox)
    .set({ status: "failed", lastError: "staff member removed before delivery" })
    .where(
      and(
        eq(outbox.staffId, staffId),
        inArray(outbox.purpose, ["notify", "forward"]),
        inArray(outbox.status, ["held", "pending"]),
      ),
    )
    .run();
}

/**
 * Nobody loses a customer when a colleague leaves (SPEC §5): each open conversation of the removed
 * person goes to its team's queue, or to New, with a history row, and whoever can pick it up is told.
 */
function releaseConversations(ctx: CommandContext, person: StaffRow): { lines: string[]; told: string[] } {
  const { tx, now } = ctx;
  const open = tx
    .select({ conv: conversations, contact: contacts })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(eq(conversations.status, "open"), eq(conversations.assigneeId, person.id)))
    .orderBy(asc(conversations.id))
    .all();
  const lines: string[] = [];
  const told: string[] = [];
  for (const { conv, contact } of open) {
    const to = ownerLabel(tx, { assigneeId: null, teamId: conv.teamId });
    tx.update(conversations)
      .set({
        assigneeId: null,
        previousAssigneeId: person.id,
        lastActivityAt: activityAfter(conv.lastActivityAt, commandTime(ctx)),
      })
      .where(eq(conversations.id, conv.id))
      .run();
    recordHistory(ctx, conv.id, {
      action: "unassigned",
      from: `@${person.handle}`,
      to,
      note: "staff removed",
    });
    const title = conversationTitle(conv, contact);
    const where = conv.teamId === null ? "New" : `the queue of ${to}`;
    const notice = [
      title,
      `Back in ${where}: @${person.handle} was removed from the staff list by @${ctx.actor.handle}.`,
      windowLine(conv, now),
      `Reply /assign me #${conv.id} to take it.`,
    ].join("\n");
    told.push(...tellPickers(ctx, conv.teamId, notice, conv.id));
    lines.push(`${title} → ${to}`);
  }
  return { lines, told };
}

/** The team's available members; a team with nobody available falls back to the admins (SPEC §5). */
function tellPickers(ctx: CommandContext, teamId: number | null, text: string, conversationId: number) {
  const notice = { now: ctx.now, conversationId, options: ctx.options };
  if (teamId !== null) {
    const team = tellTeam(ctx.tx, teamId, text, { ...notice, except: [ctx.actor.id] });
    if (team.length > 0) return team;
    return otherAvailableAdmins(ctx).map((m) => tellStaff(ctx.tx, m, text, notice));
  }
  // Minus the actor: their answer already lists every conversation that moved.
  return tellNewQueue(ctx.tx, text, { ...notice, except: [ctx.actor.id] });
}

function otherAvailableAdmins(ctx: CommandContext): StaffRow[] {
  return ctx.tx
    .select()
    .from(staff)
    .where(
      and(eq(staff.active, true), eq(staff.away, false), ne(staff.id, ctx.actor.id), eq(staff.role, "admin")),
    )
    .orderBy(asc(staff.handle))
    .all();
}

function changeRole(ctx: CommandContext, handle: string, role: Role): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "role" });
  const person = staffByWho(ctx, { kind: "handle", handle });
  if (person.role === role) {
    return {
      answer: `@${person.handle} is already ${withArticle(role)}. Nothing changed.`,
      conversationId: null,
    };
  }
  changeStaffRow(ctx, person, { role });
  const told =
    person.id === ctx.actor.id
      ? []
      : [
          tellStaff(
            ctx.tx,
            person,
            `You are now ${withArticle(role)} (was ${person.role}), changed by @${ctx.actor.handle}. Send /help to see your commands.`,
            { now: ctx.now, conversationId: null, options: ctx.options },
          ),
        ];
  return {
    answer: `@${person.handle} is now ${withArticle(role)} (was ${person.role}). ${toldLine(told)}`,
    conversationId: null,
  };
}

/**
 * Demoting or deactivating a staff row. The check before is for a clear answer; the database trigger
 * (migrations/0001) is the guarantee, so its LAST_ADMIN abort becomes the same refusal.
 */
function changeStaffRow(
  ctx: CommandContext,
  person: StaffRow,
  change: { role: Role } | { active: false; removedAt: number },
): void {
  const losesAdmin = person.role === "admin" && ("role" in change ? change.role !== "admin" : true);
  if (losesAdmin && !otherActiveAdminExists(ctx, person.id))
    throw new Refusal(lastAdminRefusal(person.handle));
  try {
    ctx.tx.update(staff).set(change).where(eq(staff.id, person.id)).run();
  } catch (error) {
    if (isLastAdminError(error)) throw new Refusal(lastAdminRefusal(person.handle));
    throw error;
  }
}

function otherActiveAdminExists(ctx: CommandContext, staffId: number): boolean {
  const other = ctx.tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, "admin"), eq(staff.active, true), ne(staff.id, staffId)))
    .get();
  return other !== undefined;
}

/** The trigger's RAISE(ABORT, 'LAST_ADMIN'), whether the driver throws it bare or wrapped. */
export function isLastAdminError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message.includes("LAST_ADMIN")) return true;
  }
  return false;
}

function withArticle(role: Role): string {
  return role === "manager" ? "a manager" : `an ${role}`;
}
