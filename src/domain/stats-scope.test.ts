// Whose /stats figures each role may read (SPEC §14, §17.16), as index slices that never overlap.
import { describe, expect, it } from "vitest";
import type { ActorFacts } from "./policy.js";
import { slicesOf, statsScope } from "./stats-scope.js";

const TEAMS = [1, 2, 3];
const admin: ActorFacts = { id: 1, role: "admin", handle: "ada", teamIds: [] };
const manager: ActorFacts = { id: 2, role: "manager", handle: "bob", teamIds: [1] };
const agent: ActorFacts = { id: 3, role: "agent", handle: "maria", teamIds: [1, 2] };

describe("statsScope", () => {
  it("gives an admin everything, one slice per team and one for no team", () => {
    const decision = statsScope(admin, { kind: "self" }, TEAMS);
    expect(decision).toEqual({ ok: true, scope: { all: true, teams: [], owner: null } });
    if (decision.ok) expect(slicesOf(decision.scope, TEAMS)).toHaveLength(4);
  });

  it("gives a manager their teams whole and their own conversations elsewhere", () => {
    const decision = statsScope(manager, { kind: "self" }, TEAMS);
    expect(decision).toEqual({
      ok: true,
      scope: { all: false, teams: [1], owner: { staffId: 2, teams: [null, 2, 3] } },
    });
    if (!decision.ok) return;
    const slices = slicesOf(decision.scope, TEAMS);
    // No two slices cover the same (owner, team) cell.
    expect(slices).toEqual([
      { assignee: "any", team: 1 },
      { assignee: 2, team: null },
      { assignee: 2, team: 2 },
      { assignee: 2, team: 3 },
    ]);
  });

  it("lets a manager read a member of their teams, within those teams, and refuses anyone else", () => {
    expect(statsScope(manager, { kind: "person", staffId: 3, teamIds: [1, 2] }, TEAMS)).toEqual({
      ok: true,
      scope: { all: false, teams: [], owner: { staffId: 3, teams: [1] } },
    });
    expect(statsScope(manager, { kind: "person", staffId: 4, teamIds: [3] }, TEAMS)).toEqual({
      ok: false,
      refusal: { rule: "stats_manager_teams", teamId: 3 },
    });
    expect(statsScope(manager, { kind: "team", teamId: 1 }, TEAMS).ok).toBe(true);
    expect(statsScope(manager, { kind: "team", teamId: 2 }, TEAMS)).toEqual({
      ok: false,
      refusal: { rule: "stats_manager_teams", teamId: 2 },
    });
  });

  it("gives an agent their own figures only", () => {
    const own = { ok: true, scope: { all: false, teams: [], owner: { staffId: 3, teams: [null, 1, 2, 3] } } };
    expect(statsScope(agent, { kind: "self" }, TEAMS)).toEqual(own);
    expect(statsScope(agent, { kind: "person", staffId: 3, teamIds: [1, 2] }, TEAMS)).toEqual(own);
    expect(statsScope(agent, { kind: "person", staffId: 2, teamIds: [1] }, TEAMS)).toEqual({
      ok: false,
      refusal: { rule: "stats_agent_own", teamId: 1 },
    });
    expect(statsScope(agent, { kind: "team", teamId: 1 }, TEAMS)).toEqual({
      ok: false,
      refusal: { rule: "stats_agent_own", teamId: 1 },
    });
  });
});
