// /teams, /team create, /team add, /team remove. Admins manage every team; a manager changes the members
// of the teams they belong to (SPEC §1, §5). /staff remove leaves a person's memberships in place so that
// re-adding them restores their teams; only active staff are shown or told.
import { and, asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { tellStaff } from "../../inbox/staff-notices.js";
import { conversations, staff, teamMembers, teams } from "../../store/schema.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow, staffByWho, teamByName, toldLine } from "../lookup.js";

export const TEAM_HANDLERS: Pick<HandlerMap, "teams" | "team_create" | "team_add" | "team_remove"> = {
  teams: (ctx) => listTeams(ctx),
  team_create: (ctx, command) => createTeam(ctx, command.team),
  team_add: (ctx, command) => changeMembership(ctx, "add", command.team, command.handle),
  team_remove: (ctx, command) => changeMembership(ctx, "remove", command.team, command.handle),
};

function listTeams(ctx: CommandContext): CommandResult {
  allow(ctx, { kind: "manage_teams", op: "list" });
  const all = ctx.tx.select().from(teams).orderBy(asc(teams.name)).all();
  if (all.length === 0) {
    return {
      answer: "No teams yet. An admin creates one with /team create <name>.",
      conversationId: null,
    };
  }
  const waiting = queueSizes(ctx);
  const members = activeMembersByTeam(ctx);
  const lines = [`Teams (${all.length}):`];
  for (const team of all) {
    const names = members.get(team.id) ?? [];
    lines.push(
      [
        team.name,
        `${waiting.get(team.id) ?? 0} waiting in its queue`,
        names.length > 0 ? `members ${names.join(", ")}` : "no members",
      ].join(" · "),
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
  const existing = ctx.tx.select({ id: teams.id }).from(teams).where(eq(teams.name, name)).get();
  if (existing) throw new Refusal(`Team ${name} already exists. Send /teams to see the teams.`);
  ctx.tx.insert(teams).values({ name, createdAt: ctx.now }).run();
  return {
    answer: `Created team ${name}. Add members with /team add ${name} @handle. Nobody else was told.`,
    conversationId: null,
  };
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
  const subject = self ? "You are" : `@${person.handle} is`;

  if (op === "add") {
    if (isMember)
      return { answer: `${subject} already in team ${team.name}. Nothing changed.`, conversationId: null };
    ctx.tx.insert(teamMembers).values({ teamId: team.id, staffId: person.id }).run();
  } else {
    if (!isMember)
      return { answer: `${subject} not in team ${team.name}. Nothing changed.`, conversationId: null };
    ctx.tx.delete(teamMembers).where(membership).run();
  }

  const notice =
    op === "add"
      ? `You were added to team ${team.name} by @${ctx.actor.handle}. Send /queue ${team.name} to see its queue.`
      : `You were removed from team ${team.name} by @${ctx.actor.handle}. Your open conversations stay yours.`;
  const told = self
    ? []
    : [tellStaff(ctx.tx, person, notice, { now: ctx.now, conversationId: null, options: ctx.options })];
  const did = op === "add" ? `Added @${person.handle} to` : `Removed @${person.handle} from`;
  return { answer: `${did} team ${team.name}. ${toldLine(told)}`, conversationId: null };
}
