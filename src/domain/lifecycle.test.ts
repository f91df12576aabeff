import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignConversation,
  type ConversationState,
  checkCanMessageCustomer,
  closeConversation,
  type LifecycleTarget,
  reopenConversation,
  reopenOwnership,
  shouldReopen,
  type Transition,
  teamAfterAssign,
  unassignConversation,
} from "./lifecycle.js";
import { HOUR_MS } from "./window.js";

const ctx = { actorId: 1, actorTeamIds: [10] };
const state = (s: Partial<ConversationState>): ConversationState => ({
  status: "open",
  assigneeId: null,
  teamId: null,
  previousAssigneeId: null,
  ...s,
});
const staff = (staffId: number, teamIds: number[] = [], away = false): LifecycleTarget => ({
  kind: "staff",
  staffId,
  teamIds,
  away,
});
const team = (teamId: number): LifecycleTarget => ({ kind: "team", teamId });

describe("assignConversation", () => {
  it.each<[string, ConversationState, LifecycleTarget, Partial<ConversationState> | string]>([
    ["New → me", state({}), staff(1, [10]), { assigneeId: 1, teamId: 10 }],
    [
      "New → someone in two teams, one shared with me",
      state({}),
      staff(2, [10, 20]),
      { assigneeId: 2, teamId: 10 },
    ],
    [
      "New → someone in two teams, none shared",
      state({}),
      staff(2, [20, 30]),
      { assigneeId: 2, teamId: null },
    ],
    ["New → someone in no team", state({}), staff(2), { assigneeId: 2, teamId: null }],
    [
      "queue → member keeps the team",
      state({ teamId: 20 }),
      staff(2, [10, 20]),
      { assigneeId: 2, teamId: 20 },
    ],
    ["queue → non-member follows them", state({ teamId: 20 }), staff(2, [30]), { assigneeId: 2, teamId: 30 }],
    [
      "owned → other",
      state({ assigneeId: 3, teamId: 10 }),
      staff(2, [10]),
      { assigneeId: 2, previousAssigneeId: 3 },
    ],
    [
      "owned → team queue",
      state({ assigneeId: 3, teamId: 10 }),
      team(10),
      { assigneeId: null, previousAssigneeId: 3 },
    ],
    ["New → team", state({}), team(20), { assigneeId: null, teamId: 20 }],
    ["queue → other team", state({ teamId: 10 }), team(20), { teamId: 20 }],
    [
      "closed → me reopens it",
      state({ status: "closed", teamId: 10, previousAssigneeId: 3 }),
      staff(1, [10]),
      { status: "open", assigneeId: 1, previousAssigneeId: 3 },
    ],
    [
      "closed → team reopens into the queue",
      state({ status: "closed", teamId: 10 }),
      team(10),
      { status: "open" },
    ],
    ["owned → same person", state({ assigneeId: 2 }), staff(2), "already_assigned"],
    ["mine → me", state({ assigneeId: 1 }), staff(1), "already_assigned"],
    ["queue → same team", state({ teamId: 10 }), team(10), "already_in_queue"],
    ["New → someone away", state({}), staff(2, [], true), "assignee_away"],
    ["New → me while away", state({}), staff(1, [], true), { assigneeId: 1 }],
  ])("%s", (_name, conv, target, expected) => {
    const result = assignConversation(conv, target, ctx);
    if (typeof expected === "string") {
      expect(result).toMatchObject({ ok: false, code: "INVALID_STATE", problem: expected });
    } else {
      expect(result).toMatchObject({ ok: true, state: { ...conv, status: "open", ...expected } });
    }
  });

  it("records a reassignment from → to, and a reopen as one entry", () => {
    const moved = assignConversation(state({ assigneeId: 3, teamId: 10 }), staff(2, [10]), ctx);
    expect(moved.ok && moved.history).toEqual([
      { action: "assigned", from: { assigneeId: 3, teamId: 10 }, to: { assigneeId: 2, teamId: 10 } },
    ]);
    const reopened = assignConversation(state({ status: "closed", teamId: 10 }), staff(1, [10]), ctx);
    expect(reopened.ok && reopened.history).toEqual([
      { action: "reopened", from: "closed", to: { assigneeId: 1, teamId: 10 } },
    ]);
  });
});

describe("unassign, close, reopen", () => {
  it("unassign returns the conversation to its queue or New", () => {
    expect(unassignConversation(state({ assigneeId: 2, teamId: 10 }))).toMatchObject({
      ok: true,
      state: { assigneeId: null, teamId: 10, previousAssigneeId: 2 },
    });
    expect(unassignConversation(state({ assigneeId: 2 }))).toMatchObject({
      ok: true,
      state: { teamId: null },
    });
    expect(unassignConversation(state({ teamId: 10 }))).toMatchObject({ ok: false, problem: "not_assigned" });
    expect(unassignConversation(state({ status: "closed" }))).toMatchObject({ ok: false, problem: "closed" });
  });

  it("close remembers the owner and clears the assignee", () => {
    expect(closeConversation(state({ assigneeId: 2, teamId: 10, previousAssigneeId: 5 }))).toEqual({
      ok: true,
      state: { status: "closed", assigneeId: null, teamId: 10, previousAssigneeId: 2 },
      history: [{ action: "closed", from: { assigneeId: 2, teamId: 10 }, to: "closed" }],
    });
    // Whoever owned it before an unassign does not get it back: it was in the queue when closed.
    expect(closeConversation(state({ teamId: 10, previousAssigneeId: 5 }))).toMatchObject({
      state: { previousAssigneeId: null },
    });
    expect(closeConversation(state({ status: "closed" }))).toMatchObject({
      ok: false,
      problem: "already_closed",
    });
  });

  it.each([
    ["previous owner available", 2, true, 10, { assigneeId: 2, teamId: 10 }],
    ["previous owner away → team queue", 2, false, 10, { assigneeId: null, teamId: 10 }],
    ["previous owner away, no team → New", 2, false, null, { assigneeId: null, teamId: null }],
    ["no previous owner → team queue", null, true, 10, { assigneeId: null, teamId: 10 }],
    ["no previous owner, no team → New", null, true, null, { assigneeId: null, teamId: null }],
  ])("reopen rule: %s", (_name, previousAssigneeId, available, teamId, expected) => {
    expect(reopenOwnership({ previousAssigneeId, previousOwnerAvailable: available, teamId })).toEqual(
      expected,
    );
    const conv = state({ status: "closed", teamId, previousAssigneeId });
    expect(reopenConversation(conv, { available })).toMatchObject({
      ok: true,
      state: { status: "open", ...expected },
    });
  });

  it("reopen finds the owner of a closed conversation that kept its assignee", () => {
    const conv = state({ status: "closed", assigneeId: 4, teamId: 10 });
    expect(reopenConversation(conv, { available: true })).toMatchObject({ state: { assigneeId: 4 } });
  });

  it("refuses to reopen an open conversation", () => {
    expect(reopenConversation(state({}), { available: true })).toMatchObject({
      ok: false,
      problem: "already_open",
    });
  });
});

describe("shouldReopen", () => {
  const closedAt = Date.UTC(2026, 0, 15);
  it.each([
    ["1 ms before the window ends", closedAt + 24 * HOUR_MS - 1, 24, true],
    ["exactly at the window end", closedAt + 24 * HOUR_MS, 24, false],
    ["right after closing", closedAt, 24, true],
    ["0 hours means never", closedAt + 1, 0, false],
    ["a negative setting means never", closedAt + 1, -3, false],
  ])("%s", (_name, now, hours, expected) => {
    expect(shouldReopen(closedAt, now, hours)).toBe(expected);
  });

  it("never reopens a conversation that was not closed", () => {
    expect(shouldReopen(null, closedAt, 24)).toBe(false);
  });
});

describe("teamAfterAssign", () => {
  it("keeps the team when ambiguous and there is no preference", () => {
    expect(teamAfterAssign(10, [20, 30])).toBe(10);
    expect(teamAfterAssign(null, [20, 30], [20, 30])).toBeNull();
  });
});

describe("checkCanMessageCustomer", () => {
  it("refuses closed conversations only", () => {
    expect(checkCanMessageCustomer(state({ assigneeId: 1 }))).toEqual({ ok: true });
    expect(checkCanMessageCustomer(state({ status: "closed" }))).toMatchObject({
      ok: false,
      problem: "closed",
    });
  });
});

const targetArb: fc.Arbitrary<LifecycleTarget> = fc.oneof(
  fc.record({
    kind: fc.constant("staff" as const),
    staffId: fc.integer({ min: 1, max: 4 }),
    teamIds: fc.uniqueArray(fc.integer({ min: 10, max: 12 }), { maxLength: 2 }),
    away: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("team" as const), teamId: fc.integer({ min: 10, max: 12 }) }),
);
const step = fc.oneof(
  fc.record({ op: fc.constant("assign" as const), target: targetArb }),
  fc.record({ op: fc.constantFrom("unassign" as const, "close" as const) }),
  fc.record({ op: fc.constant("reopen" as const), available: fc.boolean() }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function apply(conv: ConversationState, s: Step): Transition {
  switch (s.op) {
    case "assign":
      return assignConversation(conv, s.target, ctx);
    case "unassign":
      return unassignConversation(conv);
    case "close":
      return closeConversation(conv);
    case "reopen":
      return reopenConversation(conv, { available: s.available });
  }
}

describe("lifecycle invariants over random command sequences", () => {
  it("hold after every step", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let conv = state({});
        for (const s of steps) {
          const result = apply(conv, s);
          if (!result.ok) {
            expect(result.code).toBe("INVALID_STATE");
            expect(result.message).toMatch(/^[A-Z].*\.$/);
            continue;
          }
          const next = result.state;
          // A closed conversation is nobody's; a successful step always changes something.
          if (next.status === "closed") expect(next.assigneeId).toBeNull();
          expect(next).not.toEqual(conv);
          expect(result.history).toHaveLength(1);
          const entry = result.history[0];
          const to =
            next.status === "closed" ? "closed" : { assigneeId: next.assigneeId, teamId: next.teamId };
          expect(entry?.to).toEqual(to);
          if (conv.status === "closed") expect(entry?.from).toBe("closed");
          // Only a close, unassign or hand-over remembers an owner, and only one who really had it.
          if (next.previousAssigneeId !== conv.previousAssigneeId) {
            expect(next.previousAssigneeId).toBe(conv.assigneeId);
          }
          conv = next;
        }
      }),
    );
  });
});
