// /help never lists a command its reader may not use: every restricted command in the list is checked
// against the policy, for every role and agent_reassign setting, in both languages.
import { describe, expect, it } from "vitest";
import { type Action, type ActorFacts, type AgentReassign, decide, ROLES } from "../../domain/policy.js";
import { CATALOGS, LANGUAGES } from "../../texts/catalog.js";
import { helpLines, helpTopic } from "./help.js";

/** A restricted command and a situation in which the policy must allow it, for a reader in team 10. */
const RESTRICTED: readonly [string, (me: ActorFacts) => Action][] = [
  ["/staff add", () => ({ kind: "manage_staff", op: "add" })],
  ["/staff remove", () => ({ kind: "manage_staff", op: "remove" })],
  ["/role", () => ({ kind: "manage_staff", op: "role" })],
  ["/team create", () => ({ kind: "manage_teams", op: "create" })],
  ["/team add", () => ({ kind: "manage_teams", op: "add_member", teamId: 10 })],
  ["/team create|add|remove", () => ({ kind: "manage_teams", op: "create" })],
  ["/team add|remove", () => ({ kind: "manage_teams", op: "add_member", teamId: 10 })],
  ["/set ", () => ({ kind: "settings", op: "write" })],
  // Handing over their own conversation (SPEC §5): what /assign @handle and /unassign need of an agent.
  [
    "/unassign",
    (me) => ({
      kind: "unassign",
      conv: { status: "open", assigneeId: me.id, teamId: 10, previousAssigneeId: null },
    }),
  ],
];

describe("/help lists only what its reader may use", () => {
  for (const role of ROLES) {
    for (const agentReassign of ["none", "own", "any"] as AgentReassign[]) {
      for (const language of LANGUAGES) {
        it(`${role}, agent_reassign=${agentReassign}, ${language}`, () => {
          const me: ActorFacts = { id: 1, role, handle: "me", teamIds: [10] };
          const t = CATALOGS[language];
          const text = helpLines(t, { role, agentReassign }).join("\n");
          for (const [command, action] of RESTRICTED) {
            const allowed = decide(me, action(me), { agentReassign }).ok;
            if (text.includes(command)) expect(allowed, `${command} listed for ${role}`).toBe(true);
          }
          // Per command too: /help staff for an agent shows /staff only.
          const staff = helpTopic(t, { role, agentReassign }, "staff");
          if (role !== "admin") expect(staff).not.toContain("/staff add");
        });
      }
    }
  }
});
