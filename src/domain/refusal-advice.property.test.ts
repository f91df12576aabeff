// SPEC §16: a refusal never advises something its reader may not do, and a manager is never told to ask
// a manager. Checked over roles × conversation states × settings × languages: every command a refusal
// names is one the policy allows that same reader on that same conversation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGS, type Catalog, LANGUAGES } from "../texts/catalog.js";
import {
  type Action,
  type ActorFacts,
  type AgentReassign,
  type AssignTo,
  type ConversationFacts,
  decide,
  type PolicyNames,
  type Role,
} from "./policy.js";

const N = 7;
const staffId = fc.integer({ min: 1, max: 4 });
const teamId = fc.integer({ min: 10, max: 12 });
const conv: fc.Arbitrary<ConversationFacts> = fc.record({
  status: fc.constantFrom("open" as const, "closed" as const),
  assigneeId: fc.option(staffId),
  teamId: fc.option(teamId),
  previousAssigneeId: fc.option(staffId),
});
const actor: fc.Arbitrary<ActorFacts> = fc.record({
  id: staffId,
  role: fc.constantFrom<Role>("agent", "manager", "admin"),
  handle: fc.constant("me"),
  teamIds: fc.uniqueArray(teamId, { maxLength: 3 }),
});
const target: fc.Arbitrary<AssignTo> = fc.oneof(
  fc.record({
    kind: fc.constant("staff" as const),
    staffId,
    teamIds: fc.uniqueArray(teamId, { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant("team" as const), teamId }),
);
const action = (c: ConversationFacts): fc.Arbitrary<Action> =>
  fc.oneof(
    fc.constantFrom<Action>(
      { kind: "see", conv: c },
      { kind: "note", conv: c },
      { kind: "unassign", conv: c },
      { kind: "close", conv: c },
      { kind: "reopen", conv: c },
      { kind: "reply", conv: c },
      { kind: "quote_reply", conv: c },
      { kind: "manage_staff", op: "add" },
      { kind: "manage_teams", op: "create" },
      { kind: "settings", op: "write" },
    ),
    target.map((to): Action => ({ kind: "assign", conv: c, to })),
    teamId.map((id): Action => ({ kind: "manage_teams", op: "add_member", teamId: id })),
    teamId.map((id): Action => ({ kind: "view", view: "queue", teamId: id })),
  );
const setting = fc.constantFrom<AgentReassign>("none", "own", "any");
const language = fc.constantFrom(...LANGUAGES);
/** Team 12 has no known name, so refusals fall back to "its team". */
const names = (texts: Catalog): PolicyNames => ({
  teamName: (id) => (id === 12 ? null : `team${id}`),
  staffHandle: (id) => `s${id}`,
  conversation: N,
  texts,
});

/** What each command a refusal may advise asks of the policy, for this reader and conversation. */
function advisedAction(command: string, reader: ActorFacts, c: ConversationFacts): Action {
  const self: AssignTo = { kind: "staff", staffId: reader.id, teamIds: reader.teamIds };
  if (command.startsWith("/assign me")) return { kind: "assign", conv: c, to: self };
  if (command.startsWith("/reopen")) return { kind: "reopen", conv: c };
  if (command.startsWith("/reply") || command.startsWith("/template")) return { kind: "reply", conv: c };
  throw new Error(`a refusal advises ${command}: say here what the policy must allow for it`);
}

describe("refusals advise only what their reader may do", () => {
  it("every command a refusal names is allowed for that reader, in that state, with those settings", () => {
    fc.assert(
      fc.property(
        actor,
        conv.chain((c) => fc.tuple(fc.constant(c), action(c))),
        setting,
        language,
        (reader, [c, act], agentReassign, lang) => {
          const settings = { agentReassign };
          const decision = decide(reader, act, settings, names(CATALOGS[lang]));
          if (decision.ok) return;
          const advised = decision.message.match(/\/[a-z]+(?: me)?(?: #\d+)?/g) ?? [];
          for (const command of advised) {
            const allowed = decide(reader, advisedAction(command, reader, c), settings);
            expect(allowed.ok, `${reader.role} refused ${act.kind}: "${decision.message}"`).toBe(true);
            if (command.startsWith("/assign me")) expect(command).toBe(`/assign me #${N}`);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("a manager is never told to ask a manager", () => {
    fc.assert(
      fc.property(
        actor.map((a) => ({ ...a, role: "manager" as const })),
        conv.chain((c) => fc.tuple(fc.constant(c), action(c))),
        setting,
        language,
        (reader, [, act], agentReassign, lang) => {
          const t = CATALOGS[lang];
          const decision = decide(reader, act, { agentReassign }, names(t));
          if (decision.ok) return;
          const askManager = [
            t.askItsTeamManager(),
            t.askTeamManager({ team: null }),
            ...[10, 11].map((id) => t.askTeamManager({ team: `team${id}` })),
          ];
          for (const ask of askManager) expect(decision.message).not.toContain(ask);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
