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
import type { Catalog } from "../../texts/catalog.js";
import { en } from "../../texts/en.js";
import type { Command } from "../command.js";
import {
  type CommandContext,
  type CommandResult,
  commandTime,
  type HandlerMap,
  Refusal,
} from "../context.js";
import { allow, recordHistory, staffByWho, textsOf, toldLine } from "../lookup.js";
import { placeOf } from "./conversation-common.js";

type StaffAdd = Extract<Command, { name: "staff_add" }>;

export const STAFF_HANDLERS: Pick<HandlerMap, "staff" | "staff_add" | "staff_remove" | "role"> = {
  staff: (ctx) => listStaff(ctx),
  staff_add: (ctx, command) => addStaff(ctx, command),
  staff_remove: (ctx, command) => removeStaff(ctx, command.handle),
  role: (ctx, command) => changeRole(ctx, command.handle, command.role),
};

export const lastAdminRefusal = (handle: string, t: Catalog = en) => t.lastAdmin({ handle: `@${handle}` });

function listStaff(ctx: CommandContext): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "list" });
  const t = textsOf(ctx);
  const rows = ctx.tx.select().from(staff).orderBy(asc(staff.handle)).all();
  const teamsOf = teamNamesByStaff(ctx);
  const active = rows.filter((r) => r.active);
  const removed = rows.filter((r) => !r.active);
  const lines = [t.staffHeader({ count: active.length })];
  for (const r of active) {
    const teamNames = teamsOf.get(r.id) ?? [];
    const parts = [
      `@${r.handle}`,
      t.roleName({ role: r.role }),
      r.phone ?? t.staffNoPhone(),
      teamNames.length > 0 ? t.staffTeams({ names: teamNames.join(", ") }) : t.staffNoTeams(),
    ];
    if (r.away) parts.push(t.staffAway());
    lines.push(parts.join(" · "));
  }
  if (removed.length > 0)
    lines.push(t.staffRemovedList({ handles: removed.map((r) => `@${r.handle}`).join(", ") }));
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
  const t = textsOf(ctx);
  const waId = command.phone.slice(1);
  // The same person may be known by phone or by the wa_id they wrote from; either is "this phone".
  const samePhone = tx
    .select()
    .from(staff)
    .where(or(eq(staff.phone, command.phone), eq(staff.waId, waId)))
    .all();
  const current = samePhone.find((r) => r.active);
  if (current)
    throw new Refusal(t.staffAlreadyListed({ phone: command.phone, handle: `@${current.handle}` }));
  const former = samePhone.find((r) => r.phone === command.phone) ?? samePhone[0];
  const holder = tx.select().from(staff).where(eq(staff.handle, command.handle)).get();
  if (holder && holder.id !== former?.id) {
    throw new Refusal(
      t.handleTaken({ handle: `@${command.handle}`, holder: holder.phone, removed: !holder.active }),
    );
  }
  if (former) return readdStaff(ctx, former, command);

  tx.insert(staff)
    .values({ handle: command.handle, phone: command.phone, waId, role: command.role, createdAt: ctx.now })
    .run();
  return {
    answer: t.staffAdded({ handle: `@${command.handle}`, role: t.roleName({ role: command.role }) }),
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
  const t = textsOf(ctx);
  const teamNames = teamNamesByStaff(ctx).get(former.id) ?? [];
  const formerly = former.handle === command.handle ? null : `@${former.handle}`;
  const windowOpen = former.windowExpiresAt !== null && former.windowExpiresAt > ctx.now;
  return {
    answer: [
      t.staffReadded({ handle: `@${command.handle}`, role: t.roleName({ role: command.role }), formerly }),
      t.staffTeamsLine({ names: teamNames.length > 0 ? teamNames.join(", ") : null }),
      windowOpen ? t.staffWindowOpen() : t.staffAskToWrite(),
    ].join("\n"),
    conversationId: null,
  };
}

function removeStaff(ctx: CommandContext, handle: string): CommandResult {
  allow(ctx, { kind: "manage_staff", op: "remove" });
  const t = textsOf(ctx);
  const person = ctx.tx.select().from(staff).where(eq(staff.handle, handle)).get();
  if (!person) throw new Refusal(t.noStaff({ who: `@${handle}` }));
  if (!person.active) throw new Refusal(t.staffAlreadyRemoved({ handle: `@${handle}` }));
  changeStaffRow(ctx, person, { active: false, removedAt: ctx.now });
  cancelUnsentNotices(ctx, person.id);

  const moves = releaseConversations(ctx, person);
  const self = person.id === ctx.actor.id;
  const role = t.roleName({ role: person.role });
  const lines = [t.staffRemovedDone({ handle: `@${person.handle}`, role, self })];
  if (moves.lines.length === 0) lines.push(t.staffHadNone({ self }));
  else lines.push(t.staffHadMoved({ self }), ...moves.lines);
  lines.push(toldLine(moves.told, t));
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
  const t = textsOf(ctx);
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
    const where = placeOf(ctx, { assigneeId: null, teamId: conv.teamId });
    const notice = [
      title,
      t.staffRemovedNotice({ where, handle: `@${person.handle}`, by: `@${ctx.actor.handle}` }),
      windowLine(conv, now, t),
      t.noticeTakeIt({ n: conv.id }),
    ].join("\n");
    told.push(...tellPickers(ctx, conv.teamId, notice, conv.id));
    lines.push(`${title} → ${to}`);
  }
  return { lines, told };
}

/** The team's available members; a team with nobody available falls back to the admins (SPEC §5). */
function tellPickers(ctx: CommandContext, teamId: number | null, text: string, conversationId: number) {
  const buttons = { kind: "take_show", n: conversationId } as const;
  const notice = { now: ctx.now, conversationId, options: ctx.options, buttons };
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
  const t = textsOf(ctx);
  const person = staffByWho(ctx, { kind: "handle", handle });
  const withArticle = (r: Role) => t.roleWithArticle({ role: r });
  if (person.role === role) {
    return {
      answer: t.roleAlready({ handle: `@${person.handle}`, role: withArticle(role) }),
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
            t.roleChangedNotice({
              role: withArticle(role),
              was: t.roleName({ role: person.role }),
              by: `@${ctx.actor.handle}`,
            }),
            { now: ctx.now, conversationId: null, options: ctx.options },
          ),
        ];
  return {
    answer: t.roleChanged({
      handle: `@${person.handle}`,
      role: withArticle(role),
      was: t.roleName({ role: person.role }),
      told: toldLine(told, t),
    }),
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
    throw new Refusal(lastAdminRefusal(person.handle, textsOf(ctx)));
  try {
    ctx.tx.update(staff).set(change).where(eq(staff.id, person.id)).run();
  } catch (error) {
    if (isLastAdminError(error)) throw new Refusal(lastAdminRefusal(person.handle, textsOf(ctx)));
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
