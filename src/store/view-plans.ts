// Which conversations each view of SPEC §2 holds, as sources for readViewPage. Scoping follows
// policy.viewScope (SPEC §5 "see Assigned / Closed": admins all, everyone else their teams and their
// own); the handlers have already asked the policy whether the person may open the view at all.
import type { ViewScope } from "../domain/policy.js";
import type { InboxDb } from "./db.js";
import { prepared } from "./prepared.js";
import { teams } from "./schema.js";
import type { Source, ViewPlan } from "./view-queries.js";

export type AssignedFilter = { kind: "staff"; staffId: number } | { kind: "team"; teamId: number } | null;

/** Every team id, so "any team or none" can be listed as cells that are each in activity order. */
export function allTeamIds(tx: InboxDb): number[] {
  const query = prepared(tx, "views.team-ids", (db) => db.select({ id: teams.id }).from(teams).prepare());
  return query.all().map((t) => t.id);
}

/** Open, no assignee and no team; the customer who has waited longest first (SPEC §4). */
export function newView(): ViewPlan {
  return { status: "open", sources: [{ assignee: null, team: null }], order: "waiting" };
}

/** Open, in the team, nobody has picked it up; worked from its oldest end, like New. */
export function queueView(teamId: number): ViewPlan {
  return { status: "open", sources: [{ assignee: null, team: teamId }], order: "waiting" };
}

/** Open and assigned to this person, in any of `teamValues` (null = no team). */
function assigneeView(staffId: number, teamValues: readonly (number | null)[]): ViewPlan {
  return { status: "open", sources: teamValues.map((team) => ({ assignee: staffId, team })) };
}

export function mineView(staffId: number, teamIds: readonly number[]): ViewPlan {
  return assigneeView(staffId, [null, ...teamIds]);
}

/** Open with an assignee and/or a team, within the person's scope, optionally one person or team. */
export function assignedView(scope: ViewScope, teamIds: readonly number[], filter: AssignedFilter): ViewPlan {
  if (filter?.kind === "staff") {
    if (scope.all || filter.staffId === scope.staffId) return mineView(filter.staffId, teamIds);
    // Someone else's conversations, as far as the person may see them: those in their own teams.
    return assigneeView(filter.staffId, scope.teamIds);
  }
  if (filter?.kind === "team") {
    const whole = scope.all || scope.teamIds.includes(filter.teamId);
    const source: Source = { assignee: whole ? "any" : scope.staffId, team: filter.teamId };
    return { status: "open", sources: [source] };
  }
  if (scope.all) {
    return {
      status: "open",
      sources: [
        { assignee: "some", team: "any" },
        { assignee: null, team: "some" },
      ],
    };
  }
  // Their teams whole, plus their own conversations elsewhere: the slices never overlap.
  const mine = scope.teamIds;
  const elsewhere = [null, ...teamIds.filter((t) => !mine.includes(t))];
  const sources: Source[] = [
    ...mine.map((team): Source => ({ assignee: "any", team })),
    ...elsewhere.map((team): Source => ({ assignee: scope.staffId, team })),
  ];
  return { status: "open", sources };
}

/**
 * Closed, within the person's scope. "Their own" is the owner when it closed: the assignee if it has one,
 * else the previous owner, which is where a close leaves them (lifecycle.ts). As in Assigned, their
 * teams are taken whole and their own conversations only outside those teams, so the slices never
 * overlap: the assignee's one index range per team and the previous owner's one range of
 * conversations_previous_owner, all in activity order, so with no team of their own the view is merged.
 * Which teams are "outside" depends on the teams that exist, so the slices are listed when it is read.
 */
export function closedView(scope: ViewScope): ViewPlan {
  if (scope.all) return { status: "closed", sources: [{ assignee: "any", team: "any" }] };
  const mine = scope.teamIds;
  return {
    status: "closed",
    sources: (tx) => {
      const elsewhere = [null, ...allTeamIds(tx).filter((t) => !mine.includes(t))];
      return [
        ...mine.map((team): Source => ({ assignee: "any", team })),
        ...elsewhere.map((team): Source => ({ assignee: scope.staffId, team })),
        { previousOwner: scope.staffId, outside: mine },
      ];
    },
  };
}
