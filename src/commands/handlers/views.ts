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
import type { Catalog } from "../../texts/catalog.js";
import { en } from "../../texts/en.js";
import type { Command } from "../command.js";
import type { CommandContext, CommandResult, HandlerMap } from "../context.js";
import { allow, staffByWho, teamByName, textsOf } from "../lookup.js";
import { showConversation, showHistory } from "./show.js";

/** How one list is named and paged: `command(n)` is what to send for page n. */
type ListWording = { title: string; empty: string; command: (page: number) => string };

export const VIEW_HANDLERS: Pick<HandlerMap, "new" | "mine" | "assigned" | "closed" | "queue" | "show"> = {
  new: (ctx, { page }) => {
    allow(ctx, { kind: "view", view: "new" });
    const t = textsOf(ctx);
    const wording = { title: t.viewNew(), empty: t.viewNewEmpty(), command: pageCommand("/new") };
    return listAnswer(ctx, newView(), page, wording);
  },

  mine: (ctx, { page }) => {
    allow(ctx, { kind: "view", view: "mine" });
    const t = textsOf(ctx);
    const wording = { title: t.viewMine(), empty: t.viewMineEmpty(), command: pageCommand("/mine") };
    return listAnswer(ctx, mineView(ctx.actor.id, allTeamIds(ctx.tx)), page, wording);
  },

  queue: (ctx, { team, page }) => {
    const found = teamByName(ctx, team);
    allow(ctx, { kind: "view", view: "queue", teamId: found.id });
    const t = textsOf(ctx);
    const wording = {
      title: t.viewQueue({ team: found.name }),
      empty: t.viewQueueEmpty({ team: found.name }),
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
    const t = textsOf(ctx);
    const wording = {
      title: t.viewClosed({ all: scope.all }),
      empty: t.viewClosedEmpty({ all: scope.all }),
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
  const t = textsOf(ctx);
  if (filter?.kind === "handle") {
    const person = staffByWho(ctx, { kind: "handle", handle: filter.handle });
    // Someone else's conversations, for a non-admin, only as far as their own teams reach.
    const who = { who: `@${person.handle}`, inYourTeams: !(scope.all || person.id === ctx.actor.id) };
    return {
      planFilter: { kind: "staff", staffId: person.id },
      wording: {
        title: t.viewAssignedTo(who),
        empty: t.viewAssignedToEmpty(who),
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
        title: t.viewAssignedTeam({ team: found.name, onlyYours }),
        empty: t.viewAssignedTeamEmpty({ team: found.name, onlyYours }),
        command: pageCommand("/assigned", `team ${found.name}`),
      },
    };
  }
  return {
    planFilter: null,
    wording: {
      title: t.viewAssigned({ all: scope.all }),
      empty: t.viewAssignedEmpty({ all: scope.all }),
      command: pageCommand("/assigned"),
    },
  };
}

function pageCommand(base: string, filter?: string): (page: number) => string {
  return (page) => [base, page > 1 ? String(page) : null, filter ?? null].filter((p) => p !== null).join(" ");
}

function listAnswer(ctx: CommandContext, plan: ViewPlan, page: number, wording: ListWording): CommandResult {
  const t = textsOf(ctx);
  const result = readViewPage(ctx.tx, plan, page);
  const done = (answer: string): CommandResult => ({ answer, conversationId: null });
  if (result.total === 0) return done(wording.empty);

  const pages = Math.ceil(result.total / PAGE_SIZE);
  const pagesLabel = `${pages}${result.capped ? "+" : ""}`;
  if (result.rows.length === 0) {
    return done(
      t.viewPastEnd({
        page,
        title: wording.title,
        pages: pagesLabel,
        one: pages === 1,
        last: wording.command(pages),
      }),
    );
  }

  const count = `${result.total.toLocaleString("en")}${result.capped ? "+" : ""}`;
  const header = t.viewCount({ title: wording.title, count, one: result.total === 1 });
  const lines = result.rows.map((row) => listLine(row, ctx.now, t));
  const more = page < pages || result.capped;
  if (more) lines.push(t.viewMore({ page, pages: pagesLabel, next: wording.command(page + 1) }));
  else if (page > 1) lines.push(t.viewPage({ page, pages: pagesLabel }));
  return done([header, ...lines].join("\n"));
}

/** `#N · customer · last message · time since last activity · window`, short enough for a phone. */
export function listLine(row: ViewRow, now: number, t: Catalog = en): string {
  const name = truncate(contactLabel(row.contact), 24);
  const snippet = truncate(row.lastSnippet ?? "", 32) || "—";
  const age = formatAge(now - row.lastActivityAt);
  return `#${row.id} · ${name} · ${snippet} · ${age === "now" ? t.ageNow() : age} · ${shortWindow(row.windowExpiresAt, now, t)}`;
}

/**
 * "open 24h", "open 5h", "open 40m", "open <1m" or "closed": the list's short form of the window line.
 * Rounded down like formatTimeLeft, and in hours up to the full 24 (formatAge would say "1d").
 */
export function shortWindow(expiresAt: number | null, now: number, t: Catalog = en): string {
  const state = windowState(expiresAt, now);
  if (!state.open) return t.windowShortClosed();
  const left = state.msLeft;
  if (left < MINUTE_MS) return t.windowShortOpen({ left: "<1m" });
  if (left < HOUR_MS) return t.windowShortOpen({ left: `${Math.floor(left / MINUTE_MS)}m` });
  return t.windowShortOpen({ left: `${Math.floor(left / HOUR_MS)}h` });
}
