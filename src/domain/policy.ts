// The role rules of SPEC §5 as one pure function. It answers only "may this person do this?"; whether the
// change is possible in the conversation's current state (already closed, already theirs, …) is
// lifecycle.ts's question, so a refusal here is always FORBIDDEN and never INVALID_STATE.

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
  | "admins_change_settings";

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
  | { kind: "settings"; op: "read" | "write" };

export type PolicySettings = { agentReassign: AgentReassign };

/** Optional lookups that make refusals name the team ("Ask a manager of team sales or an admin."). */
export type PolicyNames = { teamName?: (teamId: number) => string | null };

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
  const say = refusals(settings, names);
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
      return isMine(actor, action.conv) ? OK : say.ownerReplies(false);
    case "quote_reply":
      return isMine(actor, action.conv) ? OK : say.ownerReplies(true);
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

/** Every refusal names its rule and who can help, in one place so the wording stays consistent. */
function refusals(settings: PolicySettings, names: PolicyNames) {
  const setting = `agent_reassign=${settings.agentReassign}`;
  const teamLabel = (teamId: number | null) => {
    if (teamId === null) return null;
    return names.teamName?.(teamId) ?? null;
  };
  const askTeam = (teamId: number | null) => {
    if (teamId === null) return "Ask a manager or an admin.";
    const name = teamLabel(teamId);
    return name === null
      ? "Ask a manager of its team or an admin."
      : `Ask a manager of team ${name} or an admin.`;
  };
  const no = (rule: PolicyRule, why: string, ask: string): Decision => ({
    ok: false,
    code: "FORBIDDEN",
    rule,
    message: `Not allowed: ${why}. ${ask}`,
  });
  return {
    seeScope: (teamId: number | null) =>
      no("see_scope", "you may see New, your teams' conversations and your own", askTeam(teamId)),
    queueMembers: (teamId: number | null) => {
      const name = teamLabel(teamId);
      const which = name === null ? "that team" : `team ${name}`;
      return no("queue_members_only", `only members of ${which} may pick up from its queue`, askTeam(teamId));
    },
    agentAssignOthers: (teamId: number | null) =>
      no(
        "agent_assign_others",
        `agents may only hand over their own conversations (${setting})`,
        askTeam(teamId),
      ),
    agentHandOver: (teamId: number | null) =>
      no("agent_handover", `agents may not hand over conversations (${setting})`, askTeam(teamId)),
    agentTakeover: (teamId: number | null) =>
      no(
        "agent_takeover",
        `agents may not take over someone else's conversation (${setting})`,
        askTeam(teamId),
      ),
    agentClosedOwn: (teamId: number | null) =>
      no(
        "agent_closed_own",
        "agents may reopen only their own closed conversations, or take one that had no owner",
        askTeam(teamId),
      ),
    agentCloseOwn: (teamId: number | null) =>
      no("agent_close_own", "agents may close only their own conversations", askTeam(teamId)),
    managerScope: (teamId: number | null) =>
      no("manager_scope", "managers may act only on conversations in New or in their teams", askTeam(teamId)),
    managerTarget: () =>
      no("manager_target", "managers may assign only to their teams or their members", "Ask an admin."),
    ownerReplies: (quoted: boolean) =>
      quoted
        ? no(
            "owner_quote_replies",
            "your text was not sent; only the owner replies to the customer, so two people never answer one customer",
            "Take it first with /assign me.",
          )
        : no(
            "owner_replies",
            "only the owner replies to the customer, so two people never answer one customer",
            "Take it first with /assign me.",
          ),
    adminsManageStaff: () => no("admins_manage_staff", "only admins manage staff and roles", "Ask an admin."),
    adminsCreateTeams: () => no("admins_create_teams", "only admins create teams", "Ask an admin."),
    managersOwnTeams: (teamId: number | null) =>
      no("managers_own_teams", "managers may change the members of their own teams only", askTeam(teamId)),
    adminsChangeSettings: () => no("admins_change_settings", "only admins change settings", "Ask an admin."),
  };
}
