// Whose figures a person may read with /stats (SPEC §14, §17.16), as the role rules of §5 draw it: admins
// everything, managers their teams and themselves, agents themselves (plus the inbox-wide New count,
// which everyone may see). Pure: the handler resolves names and words a refusal.
import type { ActorFacts } from "./policy.js";

/**
 * Which conversations the figures cover: the whole inbox, or whole teams plus one person's conversations
 * in the listed teams (null: no team). The parts never overlap, so their counts add up.
 */
export type StatsScope = {
  all: boolean;
  teams: readonly number[];
  owner: { staffId: number; teams: readonly (number | null)[] } | null;
};

export type StatsTarget =
  | { kind: "self" }
  | { kind: "person"; staffId: number; teamIds: readonly number[] }
  | { kind: "team"; teamId: number };

/** Why a request is out of scope: the reader's role decides the rule and the next step. */
export type StatsRefusal = { rule: "stats_agent_own" | "stats_manager_teams"; teamId: number | null };

export type StatsDecision = { ok: true; scope: StatsScope } | { ok: false; refusal: StatsRefusal };

const everything: StatsScope = { all: true, teams: [], owner: null };

/** `allTeams`: every team's id, to list "any team or none" as parts. */
export function statsScope(
  actor: ActorFacts,
  target: StatsTarget,
  allTeams: readonly number[],
): StatsDecision {
  const anyTeam = [null, ...allTeams];
  const person = (staffId: number, teams: readonly (number | null)[]): StatsDecision => ({
    ok: true,
    scope: { all: false, teams: [], owner: { staffId, teams } },
  });
  const mine = actor.teamIds;

  if (target.kind === "team") {
    if (actor.role === "admin" || (actor.role === "manager" && mine.includes(target.teamId))) {
      return { ok: true, scope: { all: false, teams: [target.teamId], owner: null } };
    }
    const rule = actor.role === "agent" ? "stats_agent_own" : "stats_manager_teams";
    return { ok: false, refusal: { rule, teamId: target.teamId } };
  }

  const self = target.kind === "self" || target.staffId === actor.id;
  if (self) {
    if (target.kind === "self" && actor.role === "admin") return { ok: true, scope: everything };
    if (target.kind === "self" && actor.role === "manager") {
      // Their teams whole, and their own conversations elsewhere.
      const elsewhere = anyTeam.filter((t) => t === null || !mine.includes(t));
      return { ok: true, scope: { all: false, teams: mine, owner: { staffId: actor.id, teams: elsewhere } } };
    }
    return person(actor.id, anyTeam);
  }

  if (actor.role === "admin") return person(target.staffId, anyTeam);
  if (actor.role === "manager" && target.teamIds.some((t) => mine.includes(t))) {
    // A member of their teams: that person's conversations as far as the manager's teams reach.
    return person(target.staffId, mine);
  }
  const rule = actor.role === "agent" ? "stats_agent_own" : "stats_manager_teams";
  return { ok: false, refusal: { rule, teamId: target.teamIds[0] ?? null } };
}

/** One index range: an owner (or none, or anyone) within one team (or none). */
export type Slice = { assignee: number | null | "any"; team: number | null };

/** The scope as index ranges; `allTeams` lists "every team" for the whole inbox. */
export function slicesOf(scope: StatsScope, allTeams: readonly number[]): Slice[] {
  if (scope.all) return [null, ...allTeams].map((team) => ({ assignee: "any", team }));
  const whole = scope.teams.map((team): Slice => ({ assignee: "any", team }));
  const owner = scope.owner;
  const own = owner === null ? [] : owner.teams.map((team): Slice => ({ assignee: owner.staffId, team }));
  return [...whole, ...own];
}
