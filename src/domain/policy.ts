// The role rules of SPEC §5 as one pure function. It answers only "may this person do this?"; whether the
// change is possible in the conversation's current state (already closed, already theirs, …) is
// lifecycle.ts's question, so a refusal here is always FORBIDDEN and never INVALID_STATE.

import type { Catalog } from "../texts/catalog.js";
import { en } from "../texts/en.js";

export type Role = "admin" | "manager" | "agent";
export const ROLES: readonly Role[] = ["agent", "manager", "admin"];

export type ActorFacts = { id: number; role: Role; handle: string; teamIds: readonly number[] };
export type ConversationFacts = {
  status: "open" | "closed";
  assigneeId: number | null;
  teamId: number | null;
  previousAssigneeId: number | null;
};
export type AgentReassign = "none" | "own" | "any";
export const DEFAULT_AGENT_REASSIGN: AgentReassign = "own";

export type PolicyRule =
  | "see_scope"
  | "queue_members_only"
  | "agent_assign_others"
  | "agent_handover"
  | "agent_takeover"
  | "agent_closed_own"
  | "agent_close_own"
  | "manager_scope"
  | "manager_target"
  | "owner_replies"
  | "owner_quote_replies"
  | "admins_manage_staff"
  | "admins_create_teams"
  | "managers_own_teams"
  | "admins_change_settings"
  | "admins_forget";

export type Decision = { ok: true } | { ok: false; code: "FORBIDDEN"; rule: PolicyRule; message: string };

export type AssignTo =
  | { kind: "staff"; staffId: number; teamIds: readonly number[] }
  | { kind: "team"; teamId: number };

export type Action =
  | { kind: "see"; conv: ConversationFacts }
  | { kind: "assign"; conv: ConversationFacts; to: AssignTo }
  | { kind: "unassign"; conv: ConversationFacts }
  | { kind: "close"; conv: ConversationFacts }
  | { kind: "reopen"; conv: ConversationFacts }
  | { kind: "reply"; conv: ConversationFacts }
  | { kind: "note"; conv: ConversationFacts }
  | { kind: "quote_reply"; conv: ConversationFacts }
  | { kind: "view"; view: "new" | "assigned" | "mine" | "closed" | "queue"; teamId?: number }
  // targetTeamIds is accepted for callers that have it; no rule depends on it, because only admins
  // manage the staff list itself (managers change team membership through manage_teams).
  | { kind: "manage_staff"; op: "add" | "remove" | "role" | "list"; targetTeamIds?: readonly number[] }
  | { kind: "manage_teams"; op: "create" | "add_member" | "remove_member" | "list"; teamId?: number }
  | { kind: "settings"; op: "read" | "write" }
  /** /forget: erasing a customer's data cannot be undone, so only admins may (SPEC §15). */
  | { kind: "forget" };

export type PolicySettings = { agentReassign: AgentReassign };

/**
 * Optional lookups that make refusals name the team ("Ask a manager of team sales or an admin.") and the
 * owner, the conversation's #N for the command they advise, and the language they are written in.
 */
export type PolicyNames = {
  teamName?: (teamId: number) => string | null;
  staffHandle?: (staffId: number) => string | null;
  conversation?: number;
  texts?: Catalog;
};

const OK: Decision = { ok: true };

/**
 * Who owns a conversation. A closed one keeps, for the rules, the person who had it when it closed:
 * whether the store clears assigneeId on close or not, previousAssigneeId then holds that person.
 */
export function ownerOf(conv: ConversationFacts): number | null {
  return conv.status === "open" ? conv.assigneeId : (conv.assigneeId ?? conv.previousAssigneeId);
}

/** In New (or closed straight from New): nobody and no team is responsible, so everyone may look. */
export function isUnclaimed(conv: ConversationFacts): boolean {
  return ownerOf(conv) === null && conv.teamId === null;
}

function inTeams(actor: ActorFacts, teamId: number | null | undefined): boolean {
  return teamId !== null && teamId !== undefined && actor.teamIds.includes(teamId);
}

function isMine(actor: ActorFacts, conv: ConversationFacts): boolean {
  return ownerOf(conv) === actor.id;
}

function isTeamQueue(conv: ConversationFacts): boolean {
  return conv.status === "open" && conv.assigneeId === null && conv.teamId !== null;
}

/** "Within their teams" for a manager: New, one of their teams, or a conversation they own. */
function managerReaches(actor: ActorFacts, conv: ConversationFacts): boolean {
  return isUnclaimed(conv) || inTeams(actor, conv.teamId) || isMine(actor, conv);
}

/**
 * What a person may see (SPEC §5 "show" and "see Assigned / Closed"). Managers also see every team
 * queue, because the table lets them pick up from any queue and nobody can take what they cannot see.
 */
export function canSee(actor: ActorFacts, conv: ConversationFacts): boolean {
  if (actor.role === "admin") return true;
  if (isUnclaimed(conv) || inTeams(actor, conv.teamId) || isMine(actor, conv)) return true;
  return actor.role === "manager" && isTeamQueue(conv);
}

/** Which conversations a person's Assigned / Closed / Mine lists may draw from (for the queries). */
export type ViewScope = { all: true } | { all: false; staffId: number; teamIds: readonly number[] };

export function viewScope(actor: ActorFacts): ViewScope {
  return actor.role === "admin" ? { all: true } : { all: false, staffId: actor.id, teamIds: actor.teamIds };
}

export function decide(
  actor: ActorFacts,
  action: Action,
  settings: PolicySettings,
  names: PolicyNames = {},
): Decision {
  const say = refusals(actor, settings, names);
  switch (action.kind) {
    case "see":
    case "note":
      return canSee(actor, action.conv) ? OK : say.seeScope(action.conv.teamId);
    case "assign":
      return decideAssign(actor, action.conv, action.to, settings, say);
    case "unassign":
      return decideHandOver(actor, action.conv, settings, say);
    case "close":
    case "reopen":
      return decideCloseOrReopen(actor, action.conv, action.kind, say);
    // Admins too: two people answering one customer is the failure the owner rule prevents. A closed
    // conversation's former owner passes here; lifecycle.ts then refuses because it is closed, which is
    // the more useful answer.
    case "reply":
      return isMine(actor, action.conv) ? OK : say.ownerReplies(action.conv, false);
    case "quote_reply":
      return isMine(actor, action.conv) ? OK : say.ownerReplies(action.conv, true);
    case "view":
      if (action.view !== "queue" || actor.role !== "agent") return OK;
      return action.teamId === undefined || inTeams(actor, action.teamId)
        ? OK
        : say.queueMembers(action.teamId);
    case "manage_staff":
      return action.op === "list" || actor.role === "admin" ? OK : say.adminsManageStaff();
    case "manage_teams":
      return decideTeams(actor, action.op, action.teamId, say);
    case "settings":
      return action.op === "read" || actor.role === "admin" ? OK : say.adminsChangeSettings();
    case "forget":
      return actor.role === "admin" ? OK : say.adminsForget();
  }
}

type Say = ReturnType<typeof refusals>;

function decideAssign(
  actor: ActorFacts,
  conv: ConversationFacts,
  to: AssignTo,
  settings: PolicySettings,
  say: Say,
): Decision {
  if (actor.role === "admin") return OK;
  const toSelf = to.kind === "staff" && to.staffId === actor.id;
  if (actor.role === "manager") {
    if (toSelf) {
      // A manager may pick up from any team queue (SPEC §5 row 2), but takes over only within their teams.
      return managerReaches(actor, conv) || isTeamQueue(conv) ? OK : say.managerScope(conv.teamId);
    }
    if (!managerReaches(actor, conv)) return say.managerScope(conv.teamId);
    const targetInTeams =
      to.kind === "team" ? inTeams(actor, to.teamId) : to.teamIds.some((id) => inTeams(actor, id));
    return targetInTeams ? OK : say.managerTarget();
  }
  if (!toSelf) return decideHandOver(actor, conv, settings, say);
  if (isMine(actor, conv)) return OK;
  if (conv.status === "closed") {
    // "To themselves when it had no owner": and, like a queue, only when it was New or one of their teams.
    const unowned = ownerOf(conv) === null && (conv.teamId === null || inTeams(actor, conv.teamId));
    return unowned ? OK : say.agentClosedOwn(conv.teamId);
  }
  if (conv.assigneeId === null) {
    return conv.teamId === null || inTeams(actor, conv.teamId) ? OK : say.queueMembers(conv.teamId);
  }
  // Someone else's open conversation. The setting alone decides (SPEC §5 "take over someone else's
  // conversation: only when agent_reassign = any"): an admin who sets "any" means any conversation, in
  // any team or none, so there is no "only what they may see" here. Otherwise, in an inbox without
  // teams, no agent could ever take over a colleague's conversation.
  return settings.agentReassign === "any" ? OK : say.agentTakeover(conv.teamId);
}

/** Giving a conversation away: to another person, to a team, or back to its queue (/unassign). */
function decideHandOver(
  actor: ActorFacts,
  conv: ConversationFacts,
  settings: PolicySettings,
  say: Say,
): Decision {
  if (actor.role === "admin") return OK;
  if (actor.role === "manager") return managerReaches(actor, conv) ? OK : say.managerScope(conv.teamId);
  if (!isMine(actor, conv)) return say.agentAssignOthers(conv.teamId);
  return settings.agentReassign === "none" ? say.agentHandOver(conv.teamId) : OK;
}

function decideCloseOrReopen(
  actor: ActorFacts,
  conv: ConversationFacts,
  kind: "close" | "reopen",
  say: Say,
): Decision {
  if (actor.role === "admin") return OK;
  if (actor.role === "manager") return managerReaches(actor, conv) ? OK : say.managerScope(conv.teamId);
  if (isMine(actor, conv)) return OK;
  return kind === "close" ? say.agentCloseOwn(conv.teamId) : say.agentClosedOwn(conv.teamId);
}

function decideTeams(
  actor: ActorFacts,
  op: "create" | "add_member" | "remove_member" | "list",
  teamId: number | undefined,
  say: Say,
): Decision {
  if (op === "list" || actor.role === "admin") return OK;
  if (op === "create") return say.adminsCreateTeams();
  return actor.role === "manager" && inTeams(actor, teamId) ? OK : say.managersOwnTeams(teamId ?? null);
}

/**
 * Every refusal names its rule and a next step that is true for its reader (SPEC §16): an agent is sent to
 * a manager of the team or an admin, a manager only to an admin (never to "a manager"), and "/assign me"
 * is advised only to someone this policy would let take the conversation now.
 */
function refusals(actor: ActorFacts, settings: PolicySettings, names: PolicyNames) {
  const t = names.texts ?? en;
  const setting = `agent_reassign=${settings.agentReassign}`;
  const teamLabel = (teamId: number | null) => {
    if (teamId === null) return null;
    return names.teamName?.(teamId) ?? null;
  };
  const ask = (teamId: number | null) => {
    if (actor.role !== "agent") return t.askAdmin();
    const team = teamLabel(teamId);
    return teamId !== null && team === null ? t.askItsTeamManager() : t.askTeamManager({ team });
  };
  const no = (rule: PolicyRule, why: string, next: string): Decision => ({
    ok: false,
    code: "FORBIDDEN",
    rule,
    message: t.notAllowed({ why, next }),
  });
  const ownerReplies = (conv: ConversationFacts, quoted: boolean): Decision => {
    const rule = quoted ? "owner_quote_replies" : "owner_replies";
    const owner = ownerOf(conv);
    const handle = owner === null ? null : (names.staffHandle?.(owner) ?? null);
    const why = t.whyOwnerReplies({ owner: handle === null ? null : `@${handle}`, quoted });
    const self: AssignTo = { kind: "staff", staffId: actor.id, teamIds: actor.teamIds };
    const mayTake = decideAssign(actor, conv, self, settings, refusals(actor, settings, names)).ok;
    if (mayTake) {
      const command = names.conversation === undefined ? "/assign me" : `/assign me #${names.conversation}`;
      return no(rule, why, t.takeItFirst({ command }));
    }
    // Someone owns it and the reader may not take it over: saying who is the whole answer.
    return no(rule, why, handle === null ? ask(conv.teamId) : "");
  };
  return {
    seeScope: (teamId: number | null) => no("see_scope", t.whySeeScope(), ask(teamId)),
    queueMembers: (teamId: number | null) =>
      no("queue_members_only", t.whyQueueMembers({ team: teamLabel(teamId) }), ask(teamId)),
    agentAssignOthers: (teamId: number | null) =>
      no("agent_assign_others", t.whyAgentAssignOthers({ setting }), ask(teamId)),
    agentHandOver: (teamId: number | null) =>
      no("agent_handover", t.whyAgentHandOver({ setting }), ask(teamId)),
    agentTakeover: (teamId: number | null) =>
      no("agent_takeover", t.whyAgentTakeover({ setting }), ask(teamId)),
    agentClosedOwn: (teamId: number | null) => no("agent_closed_own", t.whyAgentClosedOwn(), ask(teamId)),
    agentCloseOwn: (teamId: number | null) => no("agent_close_own", t.whyAgentCloseOwn(), ask(teamId)),
    managerScope: (_teamId: number | null) => no("manager_scope", t.whyManagerScope(), t.askAdmin()),
    managerTarget: () => no("manager_target", t.whyManagerTarget(), t.askAdmin()),
    ownerReplies,
    adminsManageStaff: () => no("admins_manage_staff", t.whyAdminsManageStaff(), t.askAdmin()),
    adminsCreateTeams: () => no("admins_create_teams", t.whyAdminsCreateTeams(), t.askAdmin()),
    managersOwnTeams: (teamId: number | null) =>
      no("managers_own_teams", t.whyManagersOwnTeams(), ask(teamId)),
    adminsChangeSettings: () => no("admins_change_settings", t.whyAdminsChangeSettings(), t.askAdmin()),
    adminsForget: () => no("admins_forget", t.whyAdminsForget(), t.askAdmin()),
  };
}
