// /assign (and /reassign): give a conversation to a person or a team queue; on a closed conversation it
// also reopens it (SPEC §4). Policy says who may, lifecycle says what changes, this file writes and tells.
import { assignConversation, type LifecycleTarget, type StateProblem } from "../../domain/lifecycle.js";
import { type AssignTo, ownerOf } from "../../domain/policy.js";
import type { StaffRow } from "../../inbox/identities.js";
import { tellStaff, tellStaffById, tellTeam } from "../../inbox/staff-notices.js";
import type { AssignTarget, Command } from "../command.js";
import { type CommandContext, type CommandResult, Refusal } from "../context.js";
import {
  type ConversationView,
  facts,
  resolveConversation,
  staffByWho,
  teamByName,
  teamIdsOf,
  toldLine,
} from "../lookup.js";
import {
  allowOn,
  detailLines,
  ensureNoOtherOpen,
  placeOf,
  recordTransition,
  windowAdvice,
  writeState,
} from "./conversation-common.js";

type AssignCommand = Extract<Command, { name: "assign" }>;

type Target =
  | { kind: "staff"; person: StaffRow; teamIds: number[] }
  | { kind: "team"; team: { id: number; name: string } };

export function assignHandler(ctx: CommandContext, command: AssignCommand): CommandResult {
  const view = resolveConversation(ctx, command.conv);
  const { conv } = view;
  const target = resolveTarget(ctx, command.target);
  allowOn(ctx, conv.id, { kind: "assign", conv: facts(conv), to: policyTarget(target) });
  const transition = assignConversation(facts(conv), lifecycleTarget(target), {
    actorId: ctx.actor.id,
    actorTeamIds: ctx.actor.teamIds,
  });
  if (!transition.ok) return nothingToDo(ctx, view, target, transition.problem, transition.message);

  const reopened = conv.status === "closed";
  if (reopened) ensureNoOtherOpen(ctx, view);
  const updated = writeState(ctx, conv, transition.state);
  recordTransition(ctx, conv.id, transition.history);
  const after: ConversationView = { ...view, conv: updated };
  const told = tellAssignment(ctx, view, after, target);

  const where = placeOf(ctx, updated, ctx.actor.id);
  let what: string;
  if (target.kind === "team") what = reopened ? `reopened into ${where}` : `moved to ${where}`;
  else what = reopened ? `reopened and assigned to ${where}` : `assigned to ${where}`;
  return {
    answer: `#${conv.id} ${what}. ${toldLine(told)} ${windowAdvice(updated, ctx.now)}`,
    conversationId: conv.id,
  };
}

function resolveTarget(ctx: CommandContext, target: AssignTarget): Target {
  if (target.kind === "team") return { kind: "team", team: teamByName(ctx, target.team) };
  const person = staffByWho(ctx, target);
  const teamIds = person.id === ctx.actor.id ? ctx.actor.teamIds : teamIdsOf(ctx.tx, person.id);
  return { kind: "staff", person, teamIds };
}

function policyTarget(target: Target): AssignTo {
  return target.kind === "team"
    ? { kind: "team", teamId: target.team.id }
    : { kind: "staff", staffId: target.person.id, teamIds: target.teamIds };
}

function lifecycleTarget(target: Target): LifecycleTarget {
  return target.kind === "team"
    ? { kind: "team", teamId: target.team.id }
    : { kind: "staff", staffId: target.person.id, teamIds: target.teamIds, away: target.person.away };
}

/**
 * Already where it was asked to go: an answer, not an error, and no history row (nothing changed).
 * A target who is away is a real refusal: they get no new work (SPEC §4).
 */
function nothingToDo(
  ctx: CommandContext,
  view: ConversationView,
  target: Target,
  problem: StateProblem,
  message: string,
): CommandResult {
  const { conv } = view;
  const window = windowAdvice(conv, ctx.now);
  if (problem === "already_assigned" && target.kind === "staff") {
    const whose = target.person.id === ctx.actor.id ? "yours" : `assigned to @${target.person.handle}`;
    return { answer: `#${conv.id} is already ${whose}. ${window}`, conversationId: conv.id };
  }
  if (problem === "already_in_queue" && target.kind === "team") {
    return {
      answer: `#${conv.id} is already waiting in the team ${target.team.name} queue. ${window}`,
      conversationId: conv.id,
    };
  }
  if (problem === "assignee_away" && target.kind === "staff") {
    throw new Refusal(
      `#${conv.id} not assigned: @${target.person.handle} is away and gets no new work until they send /back.`,
    );
  }
  throw new Refusal(`#${conv.id} ${message}`);
}

/**
 * SPEC §6: the new owner, the previous owner, and the team when a team is set or changed. Each person is
 * told once, and never about their own command.
 */
function tellAssignment(
  ctx: CommandContext,
  before: ConversationView,
  after: ConversationView,
  target: Target,
): (string | null)[] {
  const id = before.conv.id;
  const by = `by @${ctx.actor.handle}`;
  const reopened = before.conv.status === "closed" ? "reopened and " : "";
  const base = { now: ctx.now, conversationId: id, options: ctx.options };
  const details = detailLines(ctx, after);
  const told: (string | null)[] = [];
  const done = new Set<number>([ctx.actor.id]);

  if (target.kind === "staff" && !done.has(target.person.id)) {
    const text = [`#${id} ${reopened}assigned to you ${by}`, ...details].join("\n");
    told.push(tellStaff(ctx.tx, target.person, text, base));
    done.add(target.person.id);
  }
  const previous = ownerOf(facts(before.conv));
  if (previous !== null && !done.has(previous)) {
    const to = placeOf(ctx, after.conv);
    told.push(tellStaffById(ctx.tx, previous, `#${id} ${reopened}moved to ${to} ${by}`, base));
    done.add(previous);
  }
  const teamId = after.conv.teamId;
  if (teamId !== null && (target.kind === "team" || teamId !== before.conv.teamId)) {
    const text =
      target.kind === "team"
        ? [
            `#${id} ${reopened}waiting in the team ${target.team.name} queue (sent there ${by})`,
            ...details,
            `Reply /assign me #${id}`,
          ].join("\n")
        : target.person.id === ctx.actor.id
          ? `#${id} ${reopened}taken by ${placeOf(ctx, after.conv)}`
          : `#${id} ${reopened}assigned to ${placeOf(ctx, after.conv)} ${by}`;
    told.push(...tellTeam(ctx.tx, teamId, text, { ...base, except: [...done] }));
  }
  return told;
}
