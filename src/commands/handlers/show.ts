// /show [#N]: one conversation on one screen (SPEC §4): customer, status, owner, team, window, the last
// messages and the last changes. The answer carries the conversation's id, so quoting it targets it.
// Replies and templates are among the messages already, so the changes leave them out: however long the
// conversation, who assigned it to whom and who closed it stay on the screen (SPEC §16). /show #N
// history [page] pages through the whole history, replies included, oldest first.
import { ownerOf } from "../../domain/policy.js";
import { formatAge } from "../../domain/window.js";
import { messageSnippet } from "../../inbox/snippet.js";
import { TEXT_LIMIT, truncate } from "../../outbox/payload.js";
import {
  countEvents,
  type DetailEvent,
  type DetailMessage,
  eventsPage,
  latestEvents,
  latestMessages,
} from "../../store/conversation-detail.js";
import type { Catalog } from "../../texts/catalog.js";
import type { CommandContext, CommandResult } from "../context.js";
import {
  allow,
  type ConversationView,
  facts,
  resolveConversation,
  staffById,
  teamName,
  textsOf,
  titleOf,
  windowOf,
} from "../lookup.js";

export const SHOW_MESSAGES = 5;
export const SHOW_EVENTS = 5;
export const HISTORY_PAGE_SIZE = 10;
/** History entries that /show lists among the messages instead. */
const SHOWN_AS_MESSAGES = ["replied", "template"];

export function showConversation(ctx: CommandContext, conv: number | null): CommandResult {
  const view = resolveConversation(ctx, conv);
  allow(ctx, { kind: "see", conv: facts(view.conv) });
  const t = textsOf(ctx);
  const id = view.conv.id;
  const messages = latestMessages(ctx.tx, id, SHOW_MESSAGES);
  const events = latestEvents(ctx.tx, id, SHOW_EVENTS, SHOWN_AS_MESSAGES);
  const entries = countEvents(ctx.tx, id);

  const lines = [titleOf(view), statusLine(ctx, view), windowOf(view, ctx.now, t)];
  if (messages.items.length === 0) lines.push(t.showNoMessages());
  else lines.push(messages.more ? t.showLastMessages({ count: SHOW_MESSAGES }) : t.showMessages());
  lines.push(...messages.items.map((m) => messageLine(m, ctx.now, t)));
  if (events.items.length > 0)
    lines.push(events.more ? t.showLastChanges({ count: SHOW_EVENTS }) : t.showHistory());
  lines.push(...events.items.map((e) => eventLine(e, ctx.now, t)));
  if (entries > events.items.length) lines.push(t.showFullHistory({ n: id, entries }));
  // Every part is clipped already; this only guards WhatsApp's limit against a pathological name.
  return { answer: truncate(lines.join("\n"), TEXT_LIMIT), conversationId: id };
}

/** The whole history, HISTORY_PAGE_SIZE entries a page, oldest first; `page` starts at 1. */
export function showHistory(ctx: CommandContext, conv: number | null, page: number): CommandResult {
  const view = resolveConversation(ctx, conv);
  allow(ctx, { kind: "see", conv: facts(view.conv) });
  const id = view.conv.id;
  const done = (lines: string[]): CommandResult => ({
    answer: truncate(lines.join("\n"), TEXT_LIMIT),
    conversationId: id,
  });
  const t = textsOf(ctx);
  const entries = countEvents(ctx.tx, id);
  if (entries === 0) return done([titleOf(view), t.historyNone()]);
  const pages = Math.ceil(entries / HISTORY_PAGE_SIZE);
  const command = (n: number) => `/show #${id} history${n > 1 ? ` ${n}` : ""}`;
  if (page > pages) {
    return done([t.historyPastEnd({ n: id, page, pages, last: command(pages) })]);
  }
  const items = eventsPage(ctx.tx, id, (page - 1) * HISTORY_PAGE_SIZE, HISTORY_PAGE_SIZE);
  const lines = [titleOf(view), t.historyHeader({ entries })];
  lines.push(...items.map((e) => eventLine(e, ctx.now, t)));
  if (page < pages) lines.push(t.viewMore({ page, pages: String(pages), next: command(page + 1) }));
  else if (page > 1) lines.push(t.viewPage({ page, pages: String(pages) }));
  return done(lines);
}

/** "Open · owner: @maria · team: sales" or "Closed 2h ago · owner: nobody · team: none". */
function statusLine(ctx: CommandContext, view: ConversationView): string {
  const { conv } = view;
  const t = textsOf(ctx);
  const status =
    conv.status === "open"
      ? t.showOpen()
      : t.showClosed({ ago: conv.closedAt === null ? null : ago(ctx.now - conv.closedAt, t) });
  const ownerId = ownerOf(facts(conv));
  const owner = ownerId === null ? undefined : staffById(ctx.tx, ownerId);
  const ownerLabel = owner ? `@${owner.handle}${owner.active ? "" : t.showRemoved()}` : null;
  const team = conv.teamId === null ? null : (teamName(ctx.tx, conv.teamId) ?? `#${conv.teamId}`);
  return t.showStatus({ status, owner: ownerLabel, team });
}

/** "← 5m ago · Hi" for the customer; "→ 2m ago · @maria · On its way · ✓✓ delivered" for us. */
function messageLine(m: DetailMessage, now: number, t: Catalog): string {
  const snippet = messageSnippet(m.type, m.subtype, m.text) || "—";
  if (m.direction === "in") return `← ${ago(now - m.timestamp, t)} · ${snippet}`;
  const who = m.staffHandle === null ? t.showBot() : `@${m.staffHandle}`;
  const labels: Readonly<Record<string, string>> = t.delivery;
  const delivery = m.status === null ? "" : ` · ${labels[m.status] ?? m.status}`;
  return `→ ${ago(now - m.timestamp, t)} · ${who} · ${snippet}${delivery}`;
}

/** "5m ago @bob assigned: New → @maria", with the note after a "·". */
function eventLine(e: DetailEvent, now: number, t: Catalog): string {
  const actor = e.actorHandle === null ? "" : `@${e.actorHandle} `;
  const from = e.fromValue === null ? null : truncate(e.fromValue, 40);
  const to = e.toValue === null ? null : truncate(e.toValue, 40);
  let change = "";
  if (from !== null && to !== null) change = `: ${from} → ${to}`;
  else if (to !== null) change = `: ${to}`;
  else if (from !== null) change = `: ${t.historyWas({ from })}`;
  const note = e.note ? ` · ${truncate(e.note.replace(/\s+/g, " ").trim(), 120)}` : "";
  // An action this version has no word for (a newer one wrote it) shows as stored.
  const actions: Readonly<Record<string, string>> = t.historyActions;
  return `${ago(now - e.at, t)} ${actor}${actions[e.action] ?? e.action}${change}${note}`;
}

function ago(ms: number, t: Catalog): string {
  const age = formatAge(ms);
  return age === "now" ? t.justNow() : t.ago({ age });
}
