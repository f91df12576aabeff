// SPEC §5 cell by cell: one row per situation, "YNY" = admin / manager / agent allowed or not.
import { describe, expect, it } from "vitest";
import {
  type Action,
  type ActorFacts,
  type AgentReassign,
  type AssignTo,
  type ConversationFacts,
  decide,
  type Role,
} from "./policy.js";

// The actor is always staff 1, member of team 10; team 20 is someone else's. Staff 2 and 4 are in
// team 10, staff 3 in team 20.
const ME = 1;
const MY_TEAM = 10;
const OTHER_TEAM = 20;
const actor = (role: Role): ActorFacts => ({ id: ME, role, handle: "me_", teamIds: [MY_TEAM] });

const open = (assigneeId: number | null, teamId: number | null): ConversationFacts => ({
  status: "open",
  assigneeId,
  teamId,
  previousAssigneeId: null,
});
const closed = (previousAssigneeId: number | null, teamId: number | null): ConversationFacts => ({
  status: "closed",
  assigneeId: null,
  teamId,
  previousAssigneeId,
});

const C = {
  new: open(null, null),
  myQueue: open(null, MY_TEAM),
  otherQueue: open(null, OTHER_TEAM),
  mine: open(ME, MY_TEAM),
  mineNoTeam: open(ME, null),
  mineElsewhere: open(ME, OTHER_TEAM),
  theirsMyTeam: open(2, MY_TEAM),
  theirsElsewhere: open(3, OTHER_TEAM),
  theirsNoTeam: open(3, null),
  closedMine: closed(ME, MY_TEAM),
  closedUnownedMyTeam: closed(null, MY_TEAM),
  closedUnownedElsewhere: closed(null, OTHER_TEAM),
  closedFromNew: closed(null, null),
  closedTheirsMyTeam: closed(2, MY_TEAM),
  closedTheirsElsewhere: closed(3, OTHER_TEAM),
} satisfies Record<string, ConversationFacts>;

const T = {
  self: { kind: "staff", staffId: ME, teamIds: [MY_TEAM] },
  member: { kind: "staff", staffId: 4, teamIds: [MY_TEAM] },
  outsider: { kind: "staff", staffId: 3, teamIds: [OTHER_TEAM] },
  myTeam: { kind: "team", teamId: MY_TEAM },
  otherTeam: { kind: "team", teamId: OTHER_TEAM },
} satisfies Record<string, AssignTo>;

type ConvKind = "see" | "unassign" | "close" | "reopen" | "reply" | "note" | "quote_reply";
const on = (kind: ConvKind, conv: ConversationFacts) => ({ kind, conv }) as Action;
const assign = (conv: ConversationFacts, to: AssignTo): Action => ({ kind: "assign", conv, to });
const view = (v: "new" | "assigned" | "mine" | "closed" | "queue", teamId?: number): Action =>
  teamId === undefined ? { kind: "view", view: v } : { kind: "view", view: v, teamId };
const staffOp = (op: "add" | "remove" | "role" | "list"): Action => ({ kind: "manage_staff", op });
const teamsOp = (op: "create" | "add_member" | "remove_member" | "list", teamId?: number): Action =>
  teamId === undefined ? { kind: "manage_teams", op } : { kind: "manage_teams", op, teamId };

type Row = [
  label: string,
  action: Action,
  setting: AgentReassign,
  cells: `${"Y" | "N"}${"Y" | "N"}${"Y" | "N"}`,
];

const ROWS: Row[] = [
  // see New, self-assign from New
  ["see New", on("see", C.new), "own", "YYY"],
  ["self-assign from New", assign(C.new, T.self), "none", "YYY"],
  // self-assign from a team queue
  ["self-assign from my team's queue", assign(C.myQueue, T.self), "none", "YYY"],
  ["self-assign from another team's queue", assign(C.otherQueue, T.self), "any", "YYN"],
  // assign/reassign any conversation to anyone or any team
  ["New → member of my team", assign(C.new, T.member), "any", "YYN"],
  ["New → my team", assign(C.new, T.myTeam), "any", "YYN"],
  ["New → outsider", assign(C.new, T.outsider), "any", "YNN"],
  ["New → another team", assign(C.new, T.otherTeam), "any", "YNN"],
  ["someone's in my team → member", assign(C.theirsMyTeam, T.member), "any", "YYN"],
  ["someone's in my team → my team", assign(C.theirsMyTeam, T.myTeam), "any", "YYN"],
  ["someone's in my team → outsider", assign(C.theirsMyTeam, T.outsider), "any", "YNN"],
  ["someone's elsewhere → member", assign(C.theirsElsewhere, T.member), "any", "YNN"],
  ["someone's elsewhere → its team", assign(C.theirsElsewhere, T.otherTeam), "any", "YNN"],
  ["another team's queue → my team", assign(C.otherQueue, T.myTeam), "any", "YNN"],
  ["someone's teamless → member", assign(C.theirsNoTeam, T.member), "any", "YNN"],
  ["my team's queue → member", assign(C.myQueue, T.member), "any", "YYN"],
  // hand over their own conversation
  ["mine → member (own)", assign(C.mine, T.member), "own", "YYY"],
  ["mine → member (any)", assign(C.mine, T.member), "any", "YYY"],
  ["mine → member (none)", assign(C.mine, T.member), "none", "YYN"],
  ["mine → outsider (own)", assign(C.mine, T.outsider), "own", "YNY"],
  ["mine → another team (own)", assign(C.mine, T.otherTeam), "own", "YNY"],
  ["mine → my team (none)", assign(C.mine, T.myTeam), "none", "YYN"],
  ["mine, teamless → member", assign(C.mineNoTeam, T.member), "own", "YYY"],
  ["mine in another team → my team", assign(C.mineElsewhere, T.myTeam), "own", "YYY"],
  // take over someone else's conversation
  ["take over in my team (none)", assign(C.theirsMyTeam, T.self), "none", "YYN"],
  ["take over in my team (own)", assign(C.theirsMyTeam, T.self), "own", "YYN"],
  ["take over in my team (any)", assign(C.theirsMyTeam, T.self), "any", "YYY"],
  ["take over elsewhere (own)", assign(C.theirsElsewhere, T.self), "own", "YNN"],
  // "any" is the admin's word for it: any conversation, in any team or none, seen before or not.
  ["take over elsewhere (any)", assign(C.theirsElsewhere, T.self), "any", "YNY"],
  ["take over a teamless one (own)", assign(C.theirsNoTeam, T.self), "own", "YNN"],
  ["take over a teamless one (none)", assign(C.theirsNoTeam, T.self), "none", "YNN"],
  ["take over a teamless one (any)", assign(C.theirsNoTeam, T.self), "any", "YNY"],
  ["mine → myself (a state error, not policy)", assign(C.mine, T.self), "none", "YYY"],
  // unassign: whoever may hand the conversation over
  ["unassign mine (own)", on("unassign", C.mine), "own", "YYY"],
  ["unassign mine (none)", on("unassign", C.mine), "none", "YYN"],
  ["unassign someone's in my team (any)", on("unassign", C.theirsMyTeam), "any", "YYN"],
  ["unassign someone's elsewhere", on("unassign", C.theirsElsewhere), "any", "YNN"],
  // close
  ["close New", on("close", C.new), "any", "YYN"],
  ["close my team's queue item", on("close", C.myQueue), "any", "YYN"],
  ["close another team's queue item", on("close", C.otherQueue), "any", "YNN"],
  ["close mine", on("close", C.mine), "none", "YYY"],
  ["close mine in another team", on("close", C.mineElsewhere), "none", "YYY"],
  ["close someone's in my team", on("close", C.theirsMyTeam), "any", "YYN"],
  ["close someone's elsewhere", on("close", C.theirsElsewhere), "any", "YNN"],
  // reopen / assign a closed conversation
  ["reopen my closed one", on("reopen", C.closedMine), "none", "YYY"],
  ["reopen someone's closed in my team", on("reopen", C.closedTheirsMyTeam), "any", "YYN"],
  ["reopen someone's closed elsewhere", on("reopen", C.closedTheirsElsewhere), "any", "YNN"],
  ["reopen an ownerless closed one in my team", on("reopen", C.closedUnownedMyTeam), "any", "YYN"],
  ["reopen one closed from New", on("reopen", C.closedFromNew), "any", "YYN"],
  ["take my closed one", assign(C.closedMine, T.self), "none", "YYY"],
  ["take an ownerless closed one in my team", assign(C.closedUnownedMyTeam, T.self), "none", "YYY"],
  ["take one closed from New", assign(C.closedFromNew, T.self), "none", "YYY"],
  ["take an ownerless closed one elsewhere", assign(C.closedUnownedElsewhere, T.self), "any", "YNN"],
  ["take someone's closed one in my team", assign(C.closedTheirsMyTeam, T.self), "any", "YYN"],
  ["take someone's closed one elsewhere", assign(C.closedTheirsElsewhere, T.self), "any", "YNN"],
  ["my closed one → member (own)", assign(C.closedMine, T.member), "own", "YYY"],
  ["my closed one → member (none)", assign(C.closedMine, T.member), "none", "YYN"],
  ["ownerless closed one → member", assign(C.closedUnownedMyTeam, T.member), "any", "YYN"],
  // reply, template, quote-reply: the owner only, admins included
  ["reply to mine", on("reply", C.mine), "any", "YYY"],
  ["reply to New", on("reply", C.new), "any", "NNN"],
  ["reply to my team's queue item", on("reply", C.myQueue), "any", "NNN"],
  ["reply to someone's", on("reply", C.theirsMyTeam), "any", "NNN"],
  ["quote-reply to mine", on("quote_reply", C.mine), "any", "YYY"],
  ["quote-reply to someone's", on("quote_reply", C.theirsMyTeam), "any", "NNN"],
  // note: anyone who may see it
  ["note on New", on("note", C.new), "none", "YYY"],
  ["note on my team's queue item", on("note", C.myQueue), "none", "YYY"],
  ["note on someone's in my team", on("note", C.theirsMyTeam), "none", "YYY"],
  ["note on someone's elsewhere", on("note", C.theirsElsewhere), "none", "YNN"],
  ["note on someone's teamless", on("note", C.theirsNoTeam), "none", "YNN"],
  ["note on my closed one", on("note", C.closedMine), "none", "YYY"],
  ["note on someone's closed elsewhere", on("note", C.closedTheirsElsewhere), "none", "YNN"],
  // show a conversation; see Assigned / Closed
  ["see mine", on("see", C.mine), "none", "YYY"],
  ["see mine in another team", on("see", C.mineElsewhere), "none", "YYY"],
  ["see my team's queue item", on("see", C.myQueue), "none", "YYY"],
  ["see another team's queue item", on("see", C.otherQueue), "none", "YYN"],
  ["see someone's in my team", on("see", C.theirsMyTeam), "none", "YYY"],
  ["see someone's elsewhere", on("see", C.theirsElsewhere), "none", "YNN"],
  ["see someone's teamless", on("see", C.theirsNoTeam), "none", "YNN"],
  ["see my closed one", on("see", C.closedMine), "none", "YYY"],
  ["see someone's closed in my team", on("see", C.closedTheirsMyTeam), "none", "YYY"],
  ["see someone's closed elsewhere", on("see", C.closedTheirsElsewhere), "none", "YNN"],
  ["see one closed from New", on("see", C.closedFromNew), "none", "YYY"],
  // views
  ["view New", view("new"), "none", "YYY"],
  ["view Assigned", view("assigned"), "none", "YYY"],
  ["view Mine", view("mine"), "none", "YYY"],
  ["view Closed", view("closed"), "none", "YYY"],
  ["view my team's queue", view("queue", MY_TEAM), "none", "YYY"],
  ["view another team's queue", view("queue", OTHER_TEAM), "none", "YYN"],
  // manage staff, roles, teams, settings
  ["list staff", staffOp("list"), "none", "YYY"],
  ["add staff", staffOp("add"), "none", "YNN"],
  [
    "remove staff of my team",
    { kind: "manage_staff", op: "remove", targetTeamIds: [MY_TEAM] },
    "none",
    "YNN",
  ],
  ["change a role", staffOp("role"), "none", "YNN"],
  ["list teams", teamsOp("list"), "none", "YYY"],
  ["create a team", teamsOp("create"), "none", "YNN"],
  ["add a member to my team", teamsOp("add_member", MY_TEAM), "none", "YYN"],
  ["add a member to another team", teamsOp("add_member", OTHER_TEAM), "none", "YNN"],
  ["remove a member of my team", teamsOp("remove_member", MY_TEAM), "none", "YYN"],
  ["remove a member elsewhere", teamsOp("remove_member", OTHER_TEAM), "none", "YNN"],
  ["read settings", { kind: "settings", op: "read" }, "none", "YYY"],
  ["change settings", { kind: "settings", op: "write" }, "none", "YNN"],
];

const ROLES_IN_ORDER = ["admin", "manager", "agent"] as const;
const CELLS = ROWS.flatMap(([label, action, setting, cells]) =>
  ROLES_IN_ORDER.map((role, i) => ({ label, action, setting, role, allowed: cells[i] === "Y" })),
);

describe("decide: every cell of SPEC §5", () => {
  it.each(CELLS)(
    "$role · $label (agent_reassign=$setting) → $allowed",
    ({ action, setting, role, allowed }) => {
      const decision = decide(actor(role), action, { agentReassign: setting });
      expect(decision.ok).toBe(allowed);
      if (!decision.ok) {
        expect(decision.code).toBe("FORBIDDEN");
        expect(decision.message).toMatch(/^Not allowed: .+\. (Ask|Take) .+\.$/);
      }
    },
  );
});

describe("refusal messages", () => {
  const names = { teamName: (id: number) => (id === MY_TEAM ? "sales" : null) };

  it("name the rule, the setting and who can help", () => {
    const decision = decide(
      actor("agent"),
      assign(C.theirsMyTeam, T.member),
      { agentReassign: "own" },
      names,
    );
    expect(decision).toEqual({
      ok: false,
      code: "FORBIDDEN",
      rule: "agent_assign_others",
      message:
        "Not allowed: agents may only hand over their own conversations (agent_reassign=own). Ask a manager of team sales or an admin.",
    });
  });

  it("fall back to a generic helper when the team name is unknown", () => {
    const decision = decide(
      actor("agent"),
      assign(C.theirsElsewhere, T.self),
      { agentReassign: "own" },
      names,
    );
    expect(decision.ok || decision.message).toBe(
      "Not allowed: agents may not take over someone else's conversation (agent_reassign=own). Ask a manager of its team or an admin.",
    );
  });

  it("tell a non-owner's quote-reply that the text was not sent", () => {
    const decision = decide(actor("admin"), on("quote_reply", C.theirsMyTeam), { agentReassign: "any" });
    expect(decision.ok || decision.message).toMatch(/your text was not sent.*\/assign me/);
  });
});
