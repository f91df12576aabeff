import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Action,
  type AgentReassign,
  type AssignTo,
  type ConversationFacts,
  canSee,
  decide,
  type Role,
  viewScope,
} from "./policy.js";

const convFacts = fc.record({
  status: fc.constantFrom("open" as const, "closed" as const),
  assigneeId: fc.option(fc.integer({ min: 1, max: 5 })),
  teamId: fc.option(fc.integer({ min: 10, max: 12 })),
  previousAssigneeId: fc.option(fc.integer({ min: 1, max: 5 })),
});
const teamIds = fc.uniqueArray(fc.integer({ min: 10, max: 12 }), { maxLength: 3 });
const actorFacts = (role: fc.Arbitrary<Role>) =>
  fc.record({ id: fc.integer({ min: 1, max: 5 }), role, handle: fc.constant("x"), teamIds });
const target: fc.Arbitrary<AssignTo> = fc.oneof(
  fc.record({ kind: fc.constant("staff" as const), staffId: fc.integer({ min: 1, max: 5 }), teamIds }),
  fc.record({ kind: fc.constant("team" as const), teamId: fc.integer({ min: 10, max: 12 }) }),
);
const setting = fc.constantFrom<AgentReassign>("none", "own", "any");
/** An open conversation someone else owns: assigning it to yourself is taking it over. */
const takesOver = (actorId: number, conv: ConversationFacts) =>
  conv.status === "open" && conv.assigneeId !== null && conv.assigneeId !== actorId;
const anyRole = fc.constantFrom<Role>("admin", "manager", "agent");
/** Everything done to one conversation except writing to the customer, which is owner-only for all. */
const convAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("see" as const, "unassign" as const, "close" as const),
    conv: convFacts,
  }),
  fc.record({ kind: fc.constantFrom("reopen" as const, "note" as const), conv: convFacts }),
  fc.record({ kind: fc.constant("assign" as const), conv: convFacts, to: target }),
);

describe("policy properties", () => {
  it("admins are never refused a conversation action other than writing to the customer", () => {
    fc.assert(
      fc.property(actorFacts(fc.constant("admin")), convAction, setting, (admin, action, agentReassign) => {
        expect(decide(admin, action, { agentReassign })).toEqual({ ok: true });
      }),
    );
  });

  it("only the owner may reply or quote-reply, whatever the role", () => {
    fc.assert(
      fc.property(actorFacts(anyRole), convFacts, setting, fc.boolean(), (a, conv, s, quoted) => {
        const owner = conv.status === "open" ? conv.assigneeId : (conv.assigneeId ?? conv.previousAssigneeId);
        const action: Action = { kind: quoted ? "quote_reply" : "reply", conv };
        expect(decide(a, action, { agentReassign: s }).ok).toBe(owner === a.id);
      }),
    );
  });

  it("what a manager or agent may unassign, close or reopen, they may also see", () => {
    fc.assert(
      fc.property(
        actorFacts(fc.constantFrom<Role>("manager", "agent")),
        convAction,
        setting,
        (a, action, s) => {
          if (action.kind !== "unassign" && action.kind !== "close" && action.kind !== "reopen") return;
          if (decide(a, action, { agentReassign: s }).ok) expect(canSee(a, action.conv)).toBe(true);
        },
      ),
    );
  });

  it("a wider agent_reassign never refuses what a narrower one allowed", () => {
    fc.assert(
      fc.property(actorFacts(anyRole), convAction, (a, action) => {
        const [none, own, any] = (["none", "own", "any"] as const).map(
          (s) => decide(a, action, { agentReassign: s }).ok,
        );
        expect(!none || own).toBe(true);
        expect(!own || any).toBe(true);
      }),
    );
  });

  // Except handing over their own conversation outside the team, and taking over with agent_reassign
  // "any": SPEC §5 limits managers to their teams but puts no such limit on agents in either case.
  it("a manager may do whatever an agent with the same facts may do, handing over and `any` aside", () => {
    fc.assert(
      fc.property(actorFacts(fc.constant("agent")), convAction, setting, (agent, action, s) => {
        const manager = { ...agent, role: "manager" as const };
        const toSelf =
          action.kind === "assign" && action.to.kind === "staff" && action.to.staffId === agent.id;
        if (decide(agent, action, { agentReassign: s }).ok && (action.kind !== "assign" || toSelf)) {
          const takeover = action.kind === "assign" && takesOver(agent.id, action.conv);
          if (!(takeover && s === "any")) expect(decide(manager, action, { agentReassign: s }).ok).toBe(true);
        }
      }),
    );
  });

  it("an agent takes over someone else's open conversation exactly when agent_reassign is any", () => {
    fc.assert(
      fc.property(actorFacts(fc.constant("agent")), convFacts, setting, (agent, conv, s) => {
        fc.pre(takesOver(agent.id, conv));
        const me: AssignTo = { kind: "staff", staffId: agent.id, teamIds: agent.teamIds };
        expect(decide(agent, { kind: "assign", conv, to: me }, { agentReassign: s }).ok).toBe(s === "any");
      }),
    );
  });
});

describe("viewScope", () => {
  it("gives admins everything and others their teams and their own", () => {
    expect(viewScope({ id: 1, role: "admin", handle: "a", teamIds: [] })).toEqual({ all: true });
    expect(viewScope({ id: 1, role: "agent", handle: "a", teamIds: [10] })).toEqual({
      all: false,
      staffId: 1,
      teamIds: [10],
    });
  });
});
