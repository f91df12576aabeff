// /assign (and /reassign): give a conversation to a person or a team queue; on a closed conversation it
// also reopens it (SPEC §4). Policy says who may, lifecycle says what changes, this file writes and tells.
import { and, desc, eq, gte, inArray, isNotNull, lt } from "drizzle-orm";
import { assignConversation, type LifecycleTarget, type StateProblem } from "../../domain/lifecycle.js";
import { type AssignTo, decide, ownerOf } from "../../domain/policy.js";
import type { StaffRow } from "../../inbox/identities.js";
import { relayMissedMedia } from "../../inbox/media-catch-up.js";
import { markSeen } from "../../inbox/seen-signals.js";
import { tellStaff, tellStaffById, tellTeam } from "../../inbox/staff-notices.js";
import { conversationEvents, outbox } from "../../store/schema.js";
import type { AssignTarget, Command } from "../command.js";
import { type CommandContext, type CommandResult, commandTime, Refusal } from "../context.js";
import {
  type ConversationView,
  facts,
  resolveConversation,
  staffById,
  staffByWho,
  teamByName,
  teamIdsOf,
  textsOf,
  toldLine,
} from "../lookup.js";
import {
  allowOn,
  detailLines,
  ensureNoOtherOpen,
  placeOf,
  recordTransition,
  stateRefusal,
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
  const t = textsOf(ctx);
  const target = resolveTarget(ctx, command.target);
  if (target.kind === "staff" && target.person.id === ctx.actor.id) refuseLostRace(ctx, conv);
  allowOn(ctx, conv.id, { kind: "assign", conv: facts(conv), to: policyTarget(target) });
  const transition = assignConversation(facts(conv), lifecycleTarget(target), {
    actorId: ctx.actor.id,
    actorTeamIds: ctx.actor.teamIds,
  });
  if (!transition.ok) return nothingToDo(ctx, view, target, transition.problem);

  const reopened = conv.status === "closed";
  if (reopened) ensureNoOtherOpen(ctx, view);
  const updated = writeState(ctx, conv, transition.state);
  recordTransition(ctx, conv.id, transition.history);
  const after: ConversationView = { ...view, conv: updated };
  const told = tellAssignment(ctx, view, after, target);
  // SPEC §17 item 6: a new owner → the customer's last message read, typing when they took it themselves.
  if (target.kind === "staff" && updated.assigneeId === target.person.id) {
    markSeen(ctx.tx, { conversationId: conv.id, now: ctx.now, typing: target.person.id === ctx.actor.id });
  }

  const p = {
    n: conv.id,
    where: placeOf(ctx, updated, ctx.actor.id),
    told: toldLine(told, t),
    window: windowAdvice(ctx, updated),
  };
  let answer: string;
  if (target.kind === "team") answer = reopened ? t.reopenedIntoQueue(p) : t.movedToQueue(p);
  else answer = reopened ? t.reopenedAssigned(p) : t.assigned(p);
  return { answer, conversationId: conv.id };
}

/** How long after someone took a conversation a colleague's "/assign me" may still have crossed it. */
export const RACE_MS = 60_000;

/**
 * SPEC §16: someone who asks to take a conversation that a colleague took a moment ago lost a race, and
 * is told who won rather than a rule (or, for a manager or admin, rather than silently taking it over).
 * The rule: the conversation's owner is someone else, who got it (by their own or anyone else's command)
 * no more than RACE_MS before this command was sent, and the bot had not yet sent this person any message
 * about that conversation by the time they sent it: they could not have known. Once told, asking again
 * is a deliberate takeover, judged by the policy as usual.
 */
function refuseLostRace(ctx: CommandContext, conv: ConversationView["conv"]): void {
  if (conv.status !== "open" || conv.assigneeId === null || conv.assigneeId === ctx.actor.id) return;
  const sentAt = commandTime(ctx);
  const change = ctx.tx
    .select({ at: conversationEvents.at, actor: conversationEvents.actorStaffId })
    .from(conversationEvents)
    .where(
      and(
        eq(conversationEvents.conversationId, conv.id),
        inArray(conversationEvents.action, ["assigned", "reopened"]),
      ),
    )
    .orderBy(desc(conversationEvents.id))
    .limit(1)
    .get();
  if (!change || change.actor === ctx.actor.id || change.at < sentAt - RACE_MS) return;
  const seen = ctx.tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.staffId, ctx.actor.id),
        eq(outbox.conversationId, conv.id),
        gte(outbox.createdAt, change.at),
        isNotNull(outbox.sentAt),
        lt(outbox.sentAt, sentAt),
      ),
    )
    .get();
  if (seen) return;
  const t = textsOf(ctx);
  const winner = staffById(ctx.tx, conv.assigneeId);
  const self: AssignTo = { kind: "staff", staffId: ctx.actor.id, teamIds: ctx.actor.teamIds };
  const mayTakeOver = decide(
    ctx.actor.facts,
    { kind: "assign", conv: facts(conv), to: self },
    ctx.settings,
  ).ok;
  const next = mayTakeOver ? t.raceNextTakeOver({ n: conv.id }) : t.raceNextShow({ n: conv.id });
  const lost = t.raceLost({ n: conv.id, winner: winner ? `@${winner.handle}` : "someone", next });
  throw new Refusal(lost, conv.id);
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
): CommandResult {
  const { conv } = view;
  const t = textsOf(ctx);
  const window = windowAdvice(ctx, conv);
  if (problem === "already_assigned" && target.kind === "staff") {
    const answer =
      target.person.id === ctx.actor.id
        ? t.alreadyYours({ n: conv.id, window })
        : t.alreadyAssignedTo({ n: conv.id, who: `@${target.person.handle}`, window });
    return { answer, conversationId: conv.id };
  }
  if (problem === "already_in_queue" && target.kind === "team") {
    return {
      answer: t.alreadyInQueue({ n: conv.id, team: target.team.name, window }),
      conversationId: conv.id,
    };
  }
  if (problem === "assignee_away" && target.kind === "staff") {
    throw new Refusal(t.assigneeAway({ n: conv.id, who: `@${target.person.handle}` }));
  }
  throw stateRefusal(ctx, conv, problem);
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
  const t = textsOf(ctx);
  const n = before.conv.id;
  const by = `@${ctx.actor.handle}`;
  const reopened = before.conv.status === "closed";
  const base = { now: ctx.now, conversationId: n, options: ctx.options };
  const details = detailLines(ctx, after);
  const told: (string | null)[] = [];
  const done = new Set<number>([ctx.actor.id]);

  if (target.kind === "staff" && !done.has(target.person.id)) {
    const text = [t.noticeAssignedToYou({ n, by, reopened }), ...details].join("\n");
    told.push(tellStaff(ctx.tx, target.person, text, { ...base, buttons: { kind: "show_close", n } }));
    done.add(target.person.id);
  }
  const previous = ownerOf(facts(before.conv));
  if (previous !== null && !done.has(previous)) {
    const to = placeOf(ctx, after.conv);
    told.push(tellStaffById(ctx.tx, previous, t.noticeMovedTo({ n, to, by, reopened }), base));
    done.add(previous);
  }
  const teamId = after.conv.teamId;
  if (teamId !== null && (target.kind === "team" || teamId !== before.conv.teamId)) {
    const where = placeOf(ctx, after.conv);
    const text =
      target.kind === "team"
        ? [
            t.noticeWaitingInQueue({ n, team: target.team.name, by, reopened }),
            ...details,
            t.noticeTakeIt({ n }),
          ].join("\n")
        : target.person.id === ctx.actor.id
          ? t.noticeTakenBy({ n, where, reopened })
          : t.noticeAssignedBy({ n, where, by, reopened });
    const buttons = target.kind === "team" ? ({ kind: "take_show", n } as const) : undefined;
    told.push(...tellTeam(ctx.tx, teamId, text, { ...base, except: [...done], ...(buttons && { buttons }) }));
  }
  // SPEC §17.2: taking a conversation from New brings the media its held-back notices did not carry.
  const wasNew =
    before.conv.status === "open" && before.conv.assigneeId === null && before.conv.teamId === null;
  if (target.kind === "staff" && wasNew) relayMissedMedia(ctx.tx, before.conv, target.person, base);
  return told;
}
