// /teams, /team create, /team add, /team remove. Admins manage every team; a manager changes the members
// of the teams they belong to (SPEC §1, §5). /staff remove leaves a person's memberships in place so that
// re-adding them restores their teams; only active staff are shown or told.
import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { tellStaff } from "../../inbox/staff-notices.js";
import { conversations, staff, teamMembers, teams } from "../../store/schema.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow, staffByWho, teamByName, textsOf, toldLine } from "../lookup.js";

export const TEAM_HANDLERS: Pick<HandlerMap, "teams" | "team_create" | "team_add" | "team_remove"> = {
  teams: (ctx) => listTeams(ctx),
  team_create: (ctx, command) => createTeam(ctx, command.team),
  team_add: (ctx, command) => changeMembership(ctx, "add", command.team, command.handle),
  team_remove: (ctx, command) => changeMembership(ctx, "remove", command.team, command.handle),
};

function listTeams(ctx: CommandContext): CommandResult {
  allow(ctx, { kind: "manage_teams", op: "list" });
  const t = textsOf(ctx);
  const all = ctx.tx.select().from(teams).orderBy(asc(teams.name)).all();
  if (all.length === 0) return { answer: t.teamsNone(), conversationId: null };
  const waiting = queueSizes(ctx);
  const members = activeMembersByTeam(ctx);
  const lines = [t.teamsHeader({ count: all.length })];
  for (const team of all) {
    const names = members.get(team.id) ?? [];
    lines.push(
      t.teamLine({
        name: team.name,
        waiting: waiting.get(team.id) ?? 0,
        members: names.length > 0 ? names.join(", ") : null,
      }),
    );
  }
  return { answer: lines.join("\n"), conversationId: null };
}

/** A team queue is open, in the team and without an assignee (SPEC §2). */
function queueSizes(ctx: CommandContext): Map<number, number> {
  const rows = ctx.tx
    .select({ teamId: conversations.teamId, n: count() })
    .from(conversations)
    .where(
      and(
        eq(conversations.status, "open"),
        isNull(conversations.assigneeId),
        isNotNull(conversations.teamId),
      ),
    )
    .groupBy(conversations.teamId)
    .all();
  const sizes = new Map<number, number>();
  for (const r of rows) if (r.teamId !== null) sizes.set(r.teamId, r.n);
  return sizes;
}

function activeMembersByTeam(ctx: CommandContext): Map<number, string[]> {
  const rows = ctx.tx
    .select({ teamId: teamMembers.teamId, handle: staff.handle, away: staff.away })
    .from(teamMembers)
    .innerJoin(staff, eq(staff.id, teamMembers.staffId))
    .where(eq(staff.active, true))
    .orderBy(asc(staff.handle))
    .all();
  const byTeam = new Map<number, string[]>();
  for (const r of rows) {
    const label = r.away ? `@${r.handle} (away)` : `@${r.handle}`;
    byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), label]);
  }
  return byTeam;
}

function createTeam(ctx: CommandContext, name: string): CommandResult {
  allow(ctx, { kind: "manage_teams", op: "create" });
  const t = textsOf(ctx);
  const existing = ctx.tx.select({ id: teams.id }).from(teams).where(eq(teams.name, name)).get();
  if (existing) throw new Refusal(t.teamExists({ name }));
  ctx.tx.insert(teams).values({ name, createdAt: ctx.now }).run();
  return { answer: t.teamCreated({ name }), conversationId: null };
}

function changeMembership(
  ctx: CommandContext,
  op: "add" | "remove",
  teamName: string,
  handle: string,
): CommandResult {
  // The team comes first: a manager's permission depends on which team it is.
  const team = teamByName(ctx, teamName);
  allow(ctx, { kind: "manage_teams", op: op === "add" ? "add_member" : "remove_member", teamId: team.id });
  const person = staffByWho(ctx, { kind: "handle", handle });
  const membership = and(eq(teamMembers.teamId, team.id), eq(teamMembers.staffId, person.id));
  const isMember = ctx.tx.select().from(teamMembers).where(membership).get() !== undefined;
  const self = person.id === ctx.actor.id;
  const t = textsOf(ctx);
  const subject = { who: self ? null : `@${person.handle}`, team: team.name };

  if (op === "add") {
    if (isMember) return { answer: t.memberAlready(subject), conversationId: null };
    ctx.tx.insert(teamMembers).values({ teamId: team.id, staffId: person.id }).run();
  } else {
    if (!isMember) return { answer: t.memberNot(subject), conversationId: null };
    ctx.tx.delete(teamMembers).where(membership).run();
  }

  const by = { team: team.name, by: `@${ctx.actor.handle}` };
  const notice = op === "add" ? t.addedToTeamNotice(by) : t.removedFromTeamNotice(by);
  const told = self
    ? []
    : [tellStaff(ctx.tx, person, notice, { now: ctx.now, conversationId: null, options: ctx.options })];
  const done = { who: `@${person.handle}`, team: team.name, told: toldLine(told, t) };
  return { answer: op === "add" ? t.memberAdded(done) : t.memberRemoved(done), conversationId: null };
}
