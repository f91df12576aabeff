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

/** Open, no assignee and no team. */
export function newView(): ViewPlan {
  return { status: "open", sources: [{ assignee: null, team: null }] };
}

/** Open, in the team, nobody has picked it up. */
export function queueView(teamId: number): ViewPlan {
  return { status: "open", sources: [{ assignee: null, team: teamId }] };
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
 * Closed, within the person's scope. "Their own" is the owner when it closed: a closed conversation
 * keeps them in previous_assignee_id (lifecycle.ts), a column no index covers, so a non-admin's Closed
 * view cannot be counted from an index and is always walked in activity order. An index on
 * (status, previous_assignee_id, last_activity_at) would let it be gathered like Assigned.
 */
export function closedView(scope: ViewScope): ViewPlan {
  if (scope.all) return { status: "closed", sources: [{ assignee: "any", team: "any" }] };
  return { status: "closed", ownedOrInTeams: { staffId: scope.staffId, teamIds: scope.teamIds } };
}
