// `/assign #N` with no target (SPEC §12, §17 item 7): whom this person may give #N to, asked of the role
// policy (domain/policy.ts) person by person and team by team, never a second copy of its rules. In a
// private chat with buttons on it is a list message; each row's id is the command it stands for, so
// choosing a row runs `/assign @handle #N` exactly as typing it would (commands/taps.ts). Elsewhere the
// same choices come as text, one command per line.
import { and, asc, eq } from "drizzle-orm";
import { type AssignTo, decide, ownerOf } from "../../domain/policy.js";
import { TAP_PREFIX } from "../../inbox/notice-buttons.js";
import {
  fitTitle,
  type ListRow,
  listMessage,
  MAX_ROWS,
  ROW_DESCRIPTION_LIMIT,
  ROW_ID_LIMIT,
  ROW_TITLE_LIMIT,
} from "../../outbox/interactive.js";
import { staff, teamMembers, teams } from "../../store/schema.js";
import type { GraphMessage } from "../../whatsapp/graph-client.js";
import type { Command } from "../command.js";
import { type CommandContext, type CommandResult, Refusal } from "../context.js";
import { formatCommand } from "../format.js";
import { facts, quotedBotMessage, resolveConversation, textsOf } from "../lookup.js";
import { allowOn } from "./conversation-common.js";
import { helpTopic } from "./help.js";

type PickCommand = Extract<Command, { name: "assign_pick" }>;
type AssignCommand = Extract<Command, { name: "assign" }>;

/** One choice: the command it runs and how its row reads. */
export type Choice = { command: AssignCommand; title: string; description?: string };

/** A "More…" row's id: the next page of the list for #N. */
export const MORE_PREFIX = "pick:";

export function assignPickHandler(ctx: CommandContext, command: PickCommand): CommandResult {
  return pickAnswer(ctx, command.conv, 1);
}

/** The answer to `/assign [#N]` with no target, showing page `page` of the list. */
export function pickAnswer(ctx: CommandContext, conv: number | null, page: number): CommandResult {
  if (conv === null && quotedBotMessage(ctx.tx, ctx.message.quotedId) === null) {
    const reader = { role: ctx.actor.role, agentReassign: ctx.settings.agentReassign };
    throw new Refusal(helpTopic(textsOf(ctx), reader, "assign"));
  }
  const view = resolveConversation(ctx, conv);
  const n = view.conv.id;
  const t = textsOf(ctx);
  allowOn(ctx, n, { kind: "see", conv: facts(view.conv) });
  const choices = assignChoices(ctx, view.conv);
  if (choices.length === 0) return { answer: t.pickNobody({ n }), conversationId: n };
  const lines = choices.map((c) => formatCommand(c.command)).join("\n");
  const answer = t.pickText({ n, lines });
  const buttons = ctx.settings.buttons === "on" && ctx.channel.kind === "direct";
  const pages = pageCount(choices.length);
  if (buttons && page > pages) return { answer: t.pickPastEnd({ n }), conversationId: n };
  const interactive = buttons ? pickList(ctx, n, choices, page, answer) : null;
  return { answer, conversationId: n, interactive };
}

/**
 * Whom the actor may assign this conversation to, in the order of SPEC §17 item 7: `me` first when
 * allowed, then available people (not away) alphabetically, then teams. Each is asked of the policy as
 * the typed command would be. Where it already is (its owner, the queue it waits in) is left out.
 */
export function assignChoices(ctx: CommandContext, conv: Parameters<typeof facts>[0]): Choice[] {
  const t = textsOf(ctx);
  const f = facts(conv);
  const owner = conv.status === "open" ? ownerOf(f) : null;
  const may = (to: AssignTo) => decide(ctx.actor.facts, { kind: "assign", conv: f, to }, ctx.settings).ok;
  const assign = (target: AssignCommand["target"]): AssignCommand => ({
    name: "assign",
    target,
    conv: conv.id,
  });
  const choices: Choice[] = [];
  const me: AssignTo = { kind: "staff", staffId: ctx.actor.id, teamIds: ctx.actor.teamIds };
  if (owner !== ctx.actor.id && !ctx.actor.away && may(me)) {
    choices.push({ command: assign({ kind: "me" }), title: t.pickMe(), description: t.pickMeDescription() });
  }
  const memberships = new Map<number, number[]>();
  for (const m of ctx.tx.select().from(teamMembers).all()) {
    memberships.set(m.staffId, [...(memberships.get(m.staffId) ?? []), m.teamId]);
  }
  const people = ctx.tx
    .select({ id: staff.id, handle: staff.handle })
    .from(staff)
    .where(and(eq(staff.active, true), eq(staff.away, false)))
    .all()
    .filter((p) => p.id !== ctx.actor.id && p.id !== owner)
    .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0));
  for (const p of people) {
    if (!may({ kind: "staff", staffId: p.id, teamIds: memberships.get(p.id) ?? [] })) continue;
    choices.push(row(assign({ kind: "handle", handle: p.handle }), `@${p.handle}`));
  }
  const waitingIn = conv.status === "open" && conv.assigneeId === null ? conv.teamId : null;
  for (const team of ctx.tx.select().from(teams).orderBy(asc(teams.name)).all()) {
    if (team.id === waitingIn || !may({ kind: "team", teamId: team.id })) continue;
    const choice = row(assign({ kind: "team", team: team.name }), `team ${team.name}`);
    choices.push({ ...choice, description: choice.description ?? t.pickTeamDescription() });
  }
  return choices;
}

/** A row titled by the name, cut to 24 characters between graphemes; the whole name then describes it. */
function row(command: AssignCommand, name: string): Choice {
  const title = fitTitle(name, ROW_TITLE_LIMIT);
  return title === name
    ? { command, title }
    : { command, title, description: fitTitle(name, ROW_DESCRIPTION_LIMIT) };
}

/** More than 10 choices: 9 a page and a `More…` row, the last page up to 10. */
export function pageCount(total: number): number {
  return total <= MAX_ROWS ? 1 : Math.ceil((total - MAX_ROWS) / (MAX_ROWS - 1)) + 1;
}

/** The choices on one page, and how many come after it. */
export function pageOf<T>(choices: readonly T[], page: number): { items: T[]; after: number } {
  const start = (page - 1) * (MAX_ROWS - 1);
  const rest = choices.slice(start);
  if (rest.length <= MAX_ROWS) return { items: rest, after: 0 };
  return { items: rest.slice(0, MAX_ROWS - 1), after: rest.length - (MAX_ROWS - 1) };
}

function pickList(
  ctx: CommandContext,
  n: number,
  choices: readonly Choice[],
  page: number,
  fallback: string,
): GraphMessage | null {
  const t = textsOf(ctx);
  const { items, after } = pageOf(choices, page);
  const rows: ListRow[] = items.map((c) => ({
    id: `${TAP_PREFIX}${formatCommand(c.command)}`,
    title: c.title,
    ...(c.description === undefined ? {} : { description: c.description }),
  }));
  if (after > 0) {
    rows.push({
      id: `${MORE_PREFIX}${n}:${page + 1}`,
      title: t.pickMore(),
      description: t.pickMoreDescription({ count: after }),
    });
  }
  // A row whose command is longer than an id may be (a very long handle) cannot be a row: the text then.
  if (rows.some((r) => r.id.length > ROW_ID_LIMIT)) return null;
  const body = t.pickBody({ n, page, pages: pageCount(choices.length) });
  return listMessage({ body, button: t.pickButton(), section: t.pickSection(), rows }, fallback);
}
