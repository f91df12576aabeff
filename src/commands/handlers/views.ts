// /new, /mine, /assigned, /closed, /queue (SPEC §2 views, §4 paging) and /show. Lists are read through
// store/view-queries.ts, which keeps every page cheap however big the inbox grows; this file decides who
// may open which list and words it for a phone screen.
import { type ViewScope, viewScope } from "../../domain/policy.js";
import { formatAge, HOUR_MS, MINUTE_MS, windowState } from "../../domain/window.js";
import { contactLabel } from "../../inbox/identities.js";
import { truncate } from "../../outbox/payload.js";
import {
  type AssignedFilter,
  allTeamIds,
  assignedView,
  closedView,
  mineView,
  newView,
  queueView,
} from "../../store/view-plans.js";
import { PAGE_SIZE, readViewPage, type ViewPlan, type ViewRow } from "../../store/view-queries.js";
import type { Command } from "../command.js";
import type { CommandContext, CommandResult, HandlerMap } from "../context.js";
import { allow, staffByWho, teamByName } from "../lookup.js";
import { showConversation, showHistory } from "./show.js";

/** How one list is named and paged: `command(n)` is what to send for page n. */
type ListWording = { title: string; empty: string; command: (page: number) => string };

export const VIEW_HANDLERS: Pick<HandlerMap, "new" | "mine" | "assigned" | "closed" | "queue" | "show"> = {
  new: (ctx, { page }) => {
    allow(ctx, { kind: "view", view: "new" });
    const wording = { title: "New", empty: "New is empty. 🎉", command: pageCommand("/new") };
    return listAnswer(ctx, newView(), page, wording);
  },

  mine: (ctx, { page }) => {
    allow(ctx, { kind: "view", view: "mine" });
    const wording = {
      title: "Mine",
      empty: "You have no open conversations. Send /new to see who is waiting.",
      command: pageCommand("/mine"),
    };
    return listAnswer(ctx, mineView(ctx.actor.id, allTeamIds(ctx.tx)), page, wording);
  },

  queue: (ctx, { team, page }) => {
    const found = teamByName(ctx, team);
    allow(ctx, { kind: "view", view: "queue", teamId: found.id });
    const wording = {
      title: `Team ${found.name} queue`,
      empty: `No conversations waiting in team ${found.name}.`,
      command: pageCommand(`/queue ${found.name}`),
    };
    return listAnswer(ctx, queueView(found.id), page, wording);
  },

  assigned: (ctx, { page, filter }) => {
    const scope = viewScope(ctx.actor.facts);
    const { planFilter, wording } = assignedWording(ctx, scope, filter);
    const teamId = planFilter?.kind === "team" ? { teamId: planFilter.teamId } : {};
    allow(ctx, { kind: "view", view: "assigned", ...teamId });
    return listAnswer(ctx, assignedView(scope, allTeamIds(ctx.tx), planFilter), page, wording);
  },

  closed: (ctx, { page }) => {
    allow(ctx, { kind: "view", view: "closed" });
    const scope = viewScope(ctx.actor.facts);
    const wording = {
      title: scope.all ? "Closed" : "Closed (your teams and yours)",
      empty: scope.all ? "No closed conversations yet." : "No closed conversations in your teams or yours.",
      command: pageCommand("/closed"),
    };
    return listAnswer(ctx, closedView(scope), page, wording);
  },

  show: (ctx, { conv, history }) =>
    history === undefined ? showConversation(ctx, conv) : showHistory(ctx, conv, history),
};

/** Resolves the /assigned filter (refusing an unknown @handle or team) and words the list for it. */
function assignedWording(
  ctx: CommandContext,
  scope: ViewScope,
  filter: Extract<Command, { name: "assigned" }>["filter"],
): { planFilter: AssignedFilter; wording: ListWording } {
  if (filter?.kind === "handle") {
    const person = staffByWho(ctx, { kind: "handle", handle: filter.handle });
    // Someone else's conversations, for a non-admin, only as far as their own teams reach.
    const theirs = scope.all || person.id === ctx.actor.id ? "" : " in your teams";
    return {
      planFilter: { kind: "staff", staffId: person.id },
      wording: {
        title: `Assigned to @${person.handle}${theirs}`,
        empty: `No open conversations assigned to @${person.handle}${theirs}.`,
        command: pageCommand("/assigned", `@${person.handle}`),
      },
    };
  }
  if (filter?.kind === "team") {
    const found = teamByName(ctx, filter.team);
    const onlyYours = !scope.all && !scope.teamIds.includes(found.id);
    return {
      planFilter: { kind: "team", teamId: found.id },
      wording: {
        title: `Assigned${onlyYours ? " to you" : ""} · team ${found.name}`,
        empty: `No assigned conversations${onlyYours ? " of yours" : ""} in team ${found.name}.`,
        command: pageCommand("/assigned", `team ${found.name}`),
      },
    };
  }
  return {
    planFilter: null,
    wording: {
      title: scope.all ? "Assigned" : "Assigned (your teams and yours)",
      empty: scope.all ? "No assigned conversations." : "No assigned conversations in your teams or yours.",
      command: pageCommand("/assigned"),
    },
  };
}

function pageCommand(base: string, filter?: string): (page: number) => string {
  return (page) => [base, page > 1 ? String(page) : null, filter ?? null].filter((p) => p !== null).join(" ");
}

function listAnswer(ctx: CommandContext, plan: ViewPlan, page: number, wording: ListWording): CommandResult {
  const result = readViewPage(ctx.tx, plan, page);
  const done = (answer: string): CommandResult => ({ answer, conversationId: null });
  if (result.total === 0) return done(wording.empty);

  const pages = Math.ceil(result.total / PAGE_SIZE);
  const pagesLabel = `${pages}${result.capped ? "+" : ""}`;
  if (result.rows.length === 0) {
    const which = pages === 1 ? "1 page" : `${pagesLabel} pages`;
    return done(
      `Page ${page} is past the end: ${wording.title} has ${which}. Send ${wording.command(pages)} for the last one.`,
    );
  }

  const noun = result.total === 1 ? "conversation" : "conversations";
  const header = `${wording.title} · ${result.total.toLocaleString("en")}${result.capped ? "+" : ""} ${noun}`;
  const lines = result.rows.map((row) => listLine(row, ctx.now));
  const more = page < pages || result.capped;
  if (more) lines.push(`page ${page}/${pagesLabel} · ${wording.command(page + 1)} for more`);
  else if (page > 1) lines.push(`page ${page}/${pagesLabel}`);
  return done([header, ...lines].join("\n"));
}

/** `#N · customer · last message · time since last activity · window`, short enough for a phone. */
export function listLine(row: ViewRow, now: number): string {
  const name = truncate(contactLabel(row.contact), 24);
  const snippet = truncate(row.lastSnippet ?? "", 32) || "—";
  return `#${row.id} · ${name} · ${snippet} · ${formatAge(now - row.lastActivityAt)} · ${shortWindow(row.windowExpiresAt, now)}`;
}

/**
 * "open 24h", "open 5h", "open 40m", "open <1m" or "closed": the list's short form of the window line.
 * Rounded down like formatTimeLeft, and in hours up to the full 24 (formatAge would say "1d").
 */
export function shortWindow(expiresAt: number | null, now: number): string {
  const state = windowState(expiresAt, now);
  if (!state.open) return "closed";
  const left = state.msLeft;
  if (left < MINUTE_MS) return "open <1m";
  if (left < HOUR_MS) return `open ${Math.floor(left / MINUTE_MS)}m`;
  return `open ${Math.floor(left / HOUR_MS)}h`;
}
