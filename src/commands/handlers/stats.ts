// /stats (SPEC §14) and /expiring (SPEC §13). Who may read which figures is domain/stats-scope.ts; the
// figures come from store/stats-queries.ts (counters kept by triggers, and index ranges), the list from
// store/expiring-queries.ts; this file words them for one phone message.

import { viewScope } from "../../domain/policy.js";
import { type StatsPeriod, statsTimezone } from "../../domain/stats-period.js";
import { type StatsScope, type StatsTarget, slicesOf, statsScope } from "../../domain/stats-scope.js";
import { readExpiringPage } from "../../store/expiring-queries.js";
import { sweepMissedWindows } from "../../store/stats-queries.js";
import { allTeamIds } from "../../store/view-plans.js";
import { PAGE_SIZE } from "../../store/view-queries.js";
import type { StatsFilter } from "../command.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow, staffByWho, teamByName, teamIdsOf, teamName, textsOf } from "../lookup.js";
import { nowLines, periodLines } from "./stats-lines.js";
import { listLine } from "./views.js";

/** WhatsApp's limit for one text message. */
export const MESSAGE_LIMIT = 4096;

export const STATS_HANDLERS: Pick<HandlerMap, "stats" | "expiring"> = {
  stats: (ctx, { period, filter }) => statsAnswer(ctx, period, filter),
  expiring: (ctx, { page }) => expiringAnswer(ctx, page),
};

function statsAnswer(ctx: CommandContext, period: StatsPeriod, filter: StatsFilter | null): CommandResult {
  const t = textsOf(ctx);
  const teams = allTeamIds(ctx.tx);
  const { target, label } = resolveTarget(ctx, filter);
  const decision = statsScope(ctx.actor.facts, target, teams);
  if (!decision.ok) {
    const { rule, teamId } = decision.refusal;
    const team = teamId === null ? null : teamName(ctx.tx, teamId);
    const answer =
      rule === "stats_agent_own"
        ? t.notAllowed({ why: t.whyStatsAgentOwn(), next: t.askTeamManager({ team }) })
        : t.notAllowed({ why: t.whyStatsManagerTeams(), next: t.askAdmin() });
    throw new Refusal(answer);
  }
  const scope = decision.scope;
  // Windows that closed on a waiting customer since the last look are counted before reading.
  sweepMissedWindows(ctx.tx, ctx.now, teams);
  const zone = statsTimezone(ctx.settings);
  const periodName = t.statsPeriodName({ period });
  const head = [t.statsHeader({ period: periodName, zone, scope: label })];
  const later = periodLines(ctx, scope, { period, zone, title: periodName });
  const budget = MESSAGE_LIMIT - [...head, ...later].join("\n").length - 1;
  const now = nowLines(ctx, scope, teams, budget);
  return { answer: [...head, ...now, ...later].join("\n"), conversationId: null };
}

/** The request as the scope rules read it, and how the answer names it; unknown names are refused. */
function resolveTarget(
  ctx: CommandContext,
  filter: StatsFilter | null,
): { target: StatsTarget; label: string } {
  const t = textsOf(ctx);
  const role = ctx.actor.role;
  if (filter === null) {
    const label =
      role === "admin" ? t.statsScopeAll() : role === "manager" ? t.statsScopeMine() : t.statsScopeYou();
    return { target: { kind: "self" }, label };
  }
  if (filter.kind === "team") {
    const team = teamByName(ctx, filter.team);
    return { target: { kind: "team", teamId: team.id }, label: t.statsScopeTeam({ team: team.name }) };
  }
  const person = staffByWho(ctx, filter.kind === "me" ? { kind: "me" } : filter);
  const target: StatsTarget = { kind: "person", staffId: person.id, teamIds: teamIdsOf(ctx.tx, person.id) };
  if (person.id === ctx.actor.id) return { target, label: t.statsScopeYou() };
  const inYourTeams = role === "manager";
  return { target, label: t.statsScopePerson({ who: `@${person.handle}`, inYourTeams }) };
}

/** The lists' scope (SPEC §5): admins everything; others New, their teams whole and their own. */
function expiringScope(ctx: CommandContext): StatsScope {
  const scope = viewScope(ctx.actor.facts);
  if (scope.all) return { all: true, teams: [], owner: null };
  const elsewhere = [null, ...allTeamIds(ctx.tx).filter((t) => !scope.teamIds.includes(t))];
  return { all: false, teams: scope.teamIds, owner: { staffId: scope.staffId, teams: elsewhere } };
}

function expiringAnswer(ctx: CommandContext, page: number): CommandResult {
  allow(ctx, { kind: "view", view: "new" });
  const t = textsOf(ctx);
  const scope = expiringScope(ctx);
  const teams = allTeamIds(ctx.tx);
  const slices = slicesOf(scope, teams);
  // New is everyone's to see; for an admin it is already the "no team, anyone" slice.
  if (!scope.all) slices.unshift({ assignee: null, team: null });
  const result = readExpiringPage(ctx.tx, slices, ctx.now, page);
  const done = (answer: string): CommandResult => ({ answer, conversationId: null });
  const title = t.viewExpiring();
  const command = (n: number) => (n > 1 ? `/expiring ${n}` : "/expiring");
  if (result.total === 0) return done(t.viewExpiringEmpty());
  const pages = Math.ceil(result.total / PAGE_SIZE);
  const pagesLabel = `${pages}${result.capped ? "+" : ""}`;
  if (result.rows.length === 0) {
    return done(t.viewPastEnd({ page, title, pages: pagesLabel, one: pages === 1, last: command(pages) }));
  }
  const count = `${result.total.toLocaleString("en")}${result.capped ? "+" : ""}`;
  const lines = [t.viewCount({ title, count, one: result.total === 1 })];
  lines.push(...result.rows.map((row) => listLine(row, ctx.now, t)));
  if (page < pages || result.capped)
    lines.push(t.viewMore({ page, pages: pagesLabel, next: command(page + 1) }));
  else if (page > 1) lines.push(t.viewPage({ page, pages: pagesLabel }));
  return done(lines.join("\n"));
}
